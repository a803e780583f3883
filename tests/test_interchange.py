"""The afterview/1 interchange: round trip, validation with key paths, all or nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from storage.db.engine import Database, open_database
from storage.db.store import Store
from storage.errors import ValidationError
from storage.interchange.afterview_json import export_document, import_document
from storage.interchange.demo import demo_document
from tests.conftest import FROZEN_TODAY, run_cli


def minimal(**app: Any) -> dict[str, Any]:
    base = {"company": "Acme", "role": "Backend Engineer", "stage": "Interview"}
    return {"format": "afterview/1", "applications": [{**base, **app}]}


SPEC_SAMPLE: dict[str, Any] = {
    "format": "afterview/1",
    "settings": {"workdays": [0, 1, 2, 3, 4], "holidays": ["2026-12-25"]},
    "stages": [{"name": "Applied", "closed": False}, {"name": "Interview", "closed": False},
               {"name": "Closed", "closed": True}],
    "applications": [{
        "id": "acme-1", "company": "Acme", "company_domain": "acme.com",
        "role": "Backend Engineer", "stage": "Interview", "applied_on": "2026-11-01",
        "no_contact": False, "references_requested_on": None, "notes": "",
        "contacts": [{"name": "Dana Lee", "title": "Engineering Manager",
                      "email": "dana@acme.com", "phone": None, "main": True}],
        "interviews": [{"starts_at": "2026-11-19T14:00:00-05:00",
                        "ends_at": "2026-11-19T15:00:00-05:00", "kind": "video",
                        "interviewers": ["Dana Lee"], "talking_points": "event sourcing",
                        "unfinished_business": "", "decision_expected_on": "2026-11-27"}],
        "communications": [{"at": "2026-11-19T18:00:00-05:00", "direction": "out",
                            "kind": "thank_you", "channel": "email", "contact": "Dana Lee",
                            "summary": ""}],
        "notes_written": [{"kind": "thank_you", "contact": "Dana Lee", "subject": "Thanks",
                           "body": "Dear Dana, thank you.", "status": "sent"}],
        "action_overrides": [{"kind": "follow_up", "contact": None, "round": 1,
                              "snoozed_to": "2026-12-01"}],
    }],
}


def test_the_specification_sample_imports(db: Database) -> None:
    result = import_document(db, SPEC_SAMPLE)
    assert (result.applications, result.interviews, result.communications) == (1, 1, 1)
    store = Store(db)
    [app] = store.applications()
    detail = store.detail(app.id)
    assert app.uid == "acme-1" and app.stage_name == "Interview"
    assert detail.rounds[0].interviewers[0].name == "Dana Lee"
    assert detail.rounds[0].decision_expected_on == date(2026, 11, 27)
    assert detail.communications[0].contact_name == "Dana Lee"
    assert detail.overrides[0].snoozed_to == date(2026, 12, 1)
    assert detail.overrides[0].interview_id == detail.rounds[0].id
    assert store.settings().holidays == (date(2026, 12, 25),)


def test_round_trip_on_demo_data_gives_the_same_document(
        new_db_target: Callable[[str], Path | str]) -> None:
    source = open_database(new_db_target("a"))
    import_document(source, demo_document(FROZEN_TODAY))
    first = export_document(source)
    source.close()
    target = open_database(new_db_target("b"))
    import_document(target, first)
    second = export_document(target)
    target.close()
    assert second == first
    assert len(first["applications"]) >= 25
    # The demo covers the shapes the format can hold.
    apps = first["applications"]
    assert any(a["action_overrides"] for a in apps)
    assert any(a["custom_actions"] for a in apps)
    assert any(n["status"] == "draft" for a in apps for n in a["notes_written"])


def test_times_without_offset_are_local(db: Database) -> None:
    doc = minimal(interviews=[{"starts_at": "2026-11-19T14:00"}])
    import_document(db, doc)
    [app] = Store(db).applications()
    start = Store(db).detail(app.id).rounds[0].starts_at
    assert start == datetime(2026, 11, 19, 14, 0).astimezone()  # TZ is America/New_York
    assert export_document(db)["applications"][0]["interviews"][0]["starts_at"] == \
        "2026-11-19T14:00:00-05:00"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["applications"][0]["interviews"][0].update(starts_at="soon"),
     "applications[0].interviews[0].starts_at: not a date-time"),
    (lambda d: d["applications"][0].update(colour="red"),
     "applications[0].colour: unknown key"),
    (lambda d: d["applications"][0]["contacts"][0].update(nickname="D"),
     "applications[0].contacts[0].nickname: unknown key"),
    (lambda d: d["applications"][0]["interviews"][0].update(interviewers=["Nobody"]),
     "applications[0].interviews[0].interviewers[0]: 'Nobody' is not one of this"),
    (lambda d: d["applications"][0].update(stage="Limbo"),
     "applications[0].stage: no stage named 'Limbo'"),
    (lambda d: d["applications"][0]["communications"][0].update(direction="sideways"),
     "applications[0].communications[0].direction: not one of in, out"),
    (lambda d: d["applications"][0]["interviews"][0].update(decision_expected_on="2026-11-01"),
     "applications[0].interviews[0].decision_expected_on: before the interview itself"),
    (lambda d: d["applications"][0]["action_overrides"][0].update(done_on="2026-12-02"),
     "applications[0].action_overrides[0]: give exactly one of"),
    (lambda d: d["applications"][0]["action_overrides"][0].update(round=4),
     "applications[0].action_overrides[0].round: not a whole number from 1 to 1"),
    (lambda d: d["settings"].update(holidays=["Christmas"]),
     "settings.holidays[0]: not a date"),
    (lambda d: d.update(format="afterview/2"), "format: expected 'afterview/1'"),
    (lambda d: d.pop("format"), "document.format: missing"),
    (lambda d: d["applications"][0].pop("role"), "applications[0].role: missing"),
])
def test_validation_errors_name_the_key_path(db: Database, change: Any, message: str) -> None:
    doc = copy.deepcopy(SPEC_SAMPLE)
    change(doc)
    with pytest.raises(ValidationError) as err:
        import_document(db, doc)
    assert message in str(err.value)
    assert Store(db).applications() == []


def test_every_error_is_reported_at_once(db: Database) -> None:
    doc = {"format": "afterview/1", "applications": [
        {"company": "A", "role": "r", "stage": "Applied", "applied_on": "yesterday"},
        {"company": "B", "role": "r", "stage": "Applied", "no_contact": "yes"},
    ]}
    with pytest.raises(ValidationError) as err:
        import_document(db, doc)
    text = str(err.value)
    assert "applications[0].applied_on: not a date" in text
    assert "applications[1].no_contact: not true or false" in text


def test_a_file_with_any_error_imports_nothing(db: Database) -> None:
    import_document(db, minimal(id="keep-me"))
    good = minimal(id="new-one")
    bad_app = {"company": "Bad", "role": "r", "stage": "Applied",
               "interviews": [{"starts_at": "2026-11-19T10:00", "kind": "séance"}]}
    good["applications"].append(bad_app)
    before = export_document(db)
    with pytest.raises(ValidationError, match=r"applications\[1\].interviews\[0\].kind"):
        import_document(db, good)
    assert export_document(db) == before


def test_import_replaces_an_application_with_the_same_id(db: Database) -> None:
    import_document(db, minimal(id="acme-1", role="Old role"))
    result = import_document(db, minimal(id="acme-1", role="New role"))
    assert result.replaced == 1
    assert [a.role for a in Store(db).applications()] == ["New role"]


def test_cli_export_then_import(tmp_path: Path, demo_db_path: Path) -> None:
    out = tmp_path / "export.json"
    code, _, err = run_cli("--db", str(demo_db_path), "export", "-o", str(out))
    assert code == 0, err
    doc = json.loads(out.read_text())
    assert doc["format"] == "afterview/1"
    fresh = tmp_path / "fresh.db"
    code, stdout, err = run_cli("--db", str(fresh), "import", str(out))
    assert code == 0, err
    assert f"imported {len(doc['applications'])} applications" in stdout
    code, stdout, _ = run_cli("--db", str(fresh), "export")
    assert json.loads(stdout) == doc


def test_cli_import_refuses_bad_json_and_changes_nothing(tmp_path: Path,
                                                         demo_db_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "afterview/1", "applications": [}')
    before = demo_db_path.read_bytes()
    code, _, err = run_cli("--db", str(demo_db_path), "import", str(bad))
    assert code == 2
    assert err.startswith("afterview: ") and "is not valid JSON (line 1" in err
    assert "Traceback" not in err
    assert demo_db_path.read_bytes() == before
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps(minimal(stage="Nope")))
    code, _, err = run_cli("--db", str(demo_db_path), "import", str(invalid))
    assert code == 2 and "applications[0].stage: no stage named 'Nope'" in err
