"""Hostile afterview/1 files: whatever the file holds, `afterview import`
answers with exit code 2 and the key paths of what is wrong (or one line when
the file cannot be read as JSON at all), never a traceback, and the database
is the same, byte for byte, afterwards.

The fuzz takes a valid document and breaks it at a random place, in a way that
is always wrong there (Hypothesis): a wrong type, a missing required key, an
unknown key, a bad or extreme date, a huge string, a control character, a
lone surrogate, a deep list, a reference to a contact that is not there, an
entry listed twice."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FROZEN_TODAY, FROZEN_TZ, run_cli
from tui.cli.main import main

VALID: dict[str, Any] = {
    "format": "afterview/1",
    "settings": {"workdays": [0, 1, 2, 3, 4], "holidays": ["2026-12-25"],
                 "your_name": "Alex Rivera"},
    "stages": [{"name": "Applied", "role": "open"}, {"name": "Interview", "role": "open"},
               {"name": "Closed", "role": "closed"}],
    "applications": [{
        "id": "acme-1", "company": "Acme", "company_domain": "acme.com",
        "role": "Backend Engineer", "stage": "Interview", "applied_on": "2026-11-01",
        "no_contact": False, "notes": "Met at a meetup.\nLiked the team.",
        "contacts": [{"name": "Dana Lee", "title": "Engineering Manager",
                      "email": "dana@acme.com", "phone": "555 0100", "main": True},
                     {"name": "Sam Ortiz", "email": "sam@acme.com"}],
        "interviews": [{"starts_at": "2026-11-19T14:00:00-05:00",
                        "ends_at": "2026-11-19T15:00:00-05:00", "kind": "video",
                        "interviewers": ["Dana Lee", "Sam Ortiz"],
                        "talking_points": "event sourcing", "unfinished_business": "on-call",
                        "decision_expected_on": "2026-11-27"}],
        "communications": [{"at": "2026-11-19T18:00:00-05:00", "direction": "out",
                            "kind": "thank_you", "channel": "email", "contact": "Dana Lee",
                            "summary": "thanked her"}],
        "notes_written": [{"kind": "thank_you", "contact": "Dana Lee", "subject": "Thanks",
                           "body": "Dear Dana, thank you.", "status": "sent",
                           "sent_at": "2026-11-19T18:00:00-05:00"}],
        "action_overrides": [{"kind": "follow_up", "contact": "Dana Lee", "round": 1,
                              "snoozed_to": "2026-12-01"}],
        "custom_actions": [{"title": "Send the portfolio", "due_on": "2026-11-30"}],
        "stage_history": [{"stage": "Applied", "at": "2026-11-01T09:00:00-05:00"},
                          {"stage": "Interview", "at": "2026-11-10T09:00:00-05:00"}],
    }],
}

#: Keys an object must have, by the name of the list (or key) holding it.
REQUIRED = {"": ("format",), "stages": ("name",), "applications": ("company", "role", "stage"),
            "contacts": ("name",), "interviews": ("starts_at",),
            "communications": ("at", "direction", "kind"), "notes_written": ("kind", "body"),
            "action_overrides": ("kind",), "custom_actions": ("title", "due_on"),
            "stage_history": ("stage", "at")}
DATE_KEYS = {"applied_on", "references_requested_on", "decision_expected_on", "snoozed_to",
             "skipped_on", "done_on", "due_on", "holidays"}
DATETIME_KEYS = {"starts_at", "ends_at", "at", "sent_at"}
CONTACT_REFS = {"contact", "interviewers"}
UNIQUE_LISTS: list[tuple[str | int, ...]] = [
    ("stages",), ("applications",), ("applications", 0, "contacts"),
    ("applications", 0, "action_overrides")]
BAD_DATES = ["0001-01-01T00:00", "9999-12-31T23:59:59-12:00", "9999-12-31", "0001-01-01",
             "1899-12-31", "2201-01-01", "2026-02-30", "2026-13-01", "yesterday", "",
             "2026-11-19T25:00", "2026-11-19T14:00\x1b"]
HOSTILE_TEXT = ["\x1b]0;pwned\x07", "\ud800", "\r", "\x00", "\u202e", "\x9b2J"]
DEEP: Any = []
for _ in range(60):
    DEEP = [DEEP]



Path_ = tuple[str | int, ...]


def _walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))


def key_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _owner_key(path: Path_) -> str:
    """The name of the key a value sits under (a list item: its list's)."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _set(doc: Any, path: Path_, value: Any) -> None:
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value


def _wrong_type(value: Any) -> list[Any]:
    """Values of another JSON type than ``value`` (never null, which means
    "absent" for optional keys)."""
    pool: list[Any] = ["text", 7, 1.5, True, [], {}, DEEP, 10 ** 4000, -1]
    if isinstance(value, bool):
        return [v for v in pool if not isinstance(v, bool)]
    if isinstance(value, int):
        return [v for v in pool if isinstance(v, str | float | list | dict | bool)]
    if isinstance(value, str):
        return [v for v in pool if not isinstance(v, str)]
    if isinstance(value, list):
        return [v for v in pool if not isinstance(v, list)]
    return [v for v in pool if not isinstance(v, dict)]


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A copy of VALID broken in one place, and the key path that must be named."""
    doc = copy.deepcopy(VALID)
    places = [(p, v) for p, v in _walk(doc) if p]
    how = draw(st.sampled_from(["type", "text", "huge", "date", "missing", "unknown",
                                "contact", "duplicate"]))
    if how == "duplicate":
        # Lists whose entries must differ: the same again is refused.
        path = draw(st.sampled_from(UNIQUE_LISTS))
        items = doc
        for part in path:
            items = items[part]
        items.append(copy.deepcopy(items[0]))
        return doc, key_path((*path, len(items) - 1))
    if how == "missing":
        objects = [(p, v) for p, v in _walk(doc) if isinstance(v, dict)
                   and REQUIRED.get(_owner_key(p)) and p[:1] != ("settings",)]
        path, obj = draw(st.sampled_from(objects))
        key = draw(st.sampled_from(REQUIRED[_owner_key(path)]))
        del obj[key]
        return doc, key_path((*path, key)) if path else f"document.{key}"
    if how == "unknown":
        objects = [(p, v) for p, v in _walk(doc) if isinstance(v, dict)]
        path, obj = draw(st.sampled_from(objects))
        obj["surprise"] = draw(st.sampled_from([1, "x", None, [], {}]))
        return doc, key_path((*path, "surprise")) if path else "document.surprise"
    if how == "contact":
        refs = [p for p, v in places if isinstance(v, str) and _owner_key(p) in CONTACT_REFS]
        path = draw(st.sampled_from(refs))
        _set(doc, path, draw(st.sampled_from(["Nobody", ["Dana Lee"], {"name": "Dana Lee"},
                                              7])))
        return doc, key_path(path)
    if how == "date":
        dates = [p for p, v in places if isinstance(v, str)
                 and _owner_key(p) in DATE_KEYS | DATETIME_KEYS]
        path = draw(st.sampled_from(dates))
        _set(doc, path, draw(st.sampled_from(BAD_DATES)))
        return doc, key_path(path)
    if how == "type":
        path, value = draw(st.sampled_from([(p, v) for p, v in places if v is not None]))
        _set(doc, path, draw(st.sampled_from(_wrong_type(value))))
        return doc, key_path(path)
    strings = [(p, v) for p, v in places if isinstance(v, str)]
    path, value = draw(st.sampled_from(strings))
    if how == "huge":
        _set(doc, path, value + "x" * 100_001)
    else:
        bad = draw(st.sampled_from(HOSTILE_TEXT))
        at = draw(st.integers(0, len(value)))
        _set(doc, path, value[:at] + bad + value[at:])
    return doc, key_path(path)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding VALID (so a broken file would replace acme-1)."""
    folder = tmp_path_factory.mktemp("base")
    source = folder / "valid.json"
    source.write_text(json.dumps(VALID))
    db = folder / "base.db"
    # Made before the per-test environment exists: give it the same clock and
    # zone, or the first open in a test rebuilds the due-actions cache.
    env = {"TZ": FROZEN_TZ, "AFTERVIEW_TODAY": FROZEN_TODAY.isoformat()}
    code, _, err = run_cli("--db", str(db), "import", str(source), env=env)
    assert code == 0, err
    return db


def _files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.glob(db.name + "*"))}


def import_in_process(db: Path, text: str, tmp: Path) -> tuple[int, str]:
    """`afterview --db DB import FILE` in this process (click's runner): an
    exception other than the exit would be a traceback for the user."""
    source = tmp / "broken.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(main, ["--db", str(db), "import", str(source)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        "traceback", result.exc_info)
    return result.exit_code, result.stderr


def assert_refused(db: Path, before: dict[str, bytes], code: int, err: str, where: str) -> None:
    assert code == 2, err
    assert err.startswith("afterview: ") and "Traceback" not in err
    assert re.search(rf"(^|\n|afterview: ){re.escape(where)}[:.\[]", err), (where, err)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", err), err
    assert _files(db) == before, "a refused import changed the database"


@pytest.mark.slow
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(case=broken_documents())
def test_a_broken_document_is_refused_with_its_key_path(case: tuple[dict[str, Any], str],
                                                        base_db: Path,
                                                        tmp_path: Path) -> None:
    doc, where = case
    db = tmp_path / "fuzz" / "afterview.db"
    if db.parent.exists():
        shutil.rmtree(db.parent)
    db.parent.mkdir(parents=True)
    shutil.copy(base_db, db)
    before = _files(db)
    code, err = import_in_process(db, json.dumps(doc), tmp_path)
    assert_refused(db, before, code, err, where)


def _copy_of(base_db: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    db = tmp_path / "data" / "afterview.db"
    db.parent.mkdir()
    shutil.copy(base_db, db)
    return db, _files(db)


def _with(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(VALID)
    app = doc["applications"][0]
    for dotted, value in changes.items():
        target: Any = app
        parts = [int(p) if p.isdigit() else p for p in dotted.split("__")]
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return doc


# What the probe of issue 13 found, one by one.
FOUND = [
    (_with(communications__0__contact=["Dana Lee"]), "applications[0].communications[0].contact"),
    (_with(communications__0__contact={"n": 1}), "applications[0].communications[0].contact"),
    (_with(notes_written__0__contact=["Dana Lee"]), "applications[0].notes_written[0].contact"),
    (_with(action_overrides__0__contact={"n": 1}),
     "applications[0].action_overrides[0].contact"),
    (_with(interviews__0__interviewers=[["Dana Lee"]]),
     "applications[0].interviews[0].interviewers[0]"),
    (_with(interviews__0__starts_at="0001-01-01T00:00"),
     "applications[0].interviews[0].starts_at"),
    (_with(interviews__0__starts_at="9999-12-31T23:59:59-12:00"),
     "applications[0].interviews[0].starts_at"),
    (_with(interviews__0__decision_expected_on="9999-12-31"),
     "applications[0].interviews[0].decision_expected_on"),
    (_with(company="Acme\ud800"), "applications[0].company"),
    (_with(company="Acme\x1b]0;pwned\x07"), "applications[0].company"),
    (_with(notes_written__0__body=None), "applications[0].notes_written[0].body"),
    (_with(contacts__0__email="dana@acme.com\r\n"), "applications[0].contacts[0].email"),
    (_with(contacts__0__email="dana@acme.com\r\nBcc:all@example.com"),
     "applications[0].contacts[0].email"),
    (_with(contacts__0__email="dana@acme.com,sam@acme.com"),
     "applications[0].contacts[0].email"),
    (_with(contacts__1__name="Dana Lee"), "applications[0].contacts[1].name"),
    (_with(action_overrides=[VALID["applications"][0]["action_overrides"][0]] * 2),
     "applications[0].action_overrides[1]"),
    (_with(references_requested_on="2026-11-20", action_overrides=[
        {"kind": "references", "snoozed_to": "2026-12-01"},
        {"kind": "references", "done_on": "2026-12-02"}]),
     "applications[0].action_overrides[1]"),
    ({**VALID, "applications": VALID["applications"] * 2}, "applications[1].id"),
    ({**VALID, "stages": [*VALID["stages"], {"name": "applied"}]}, "stages[3].name"),
    ({**VALID, "settings": {"your_name": "Alex\x1b[2J"}}, "settings.your_name"),
    ({**VALID, "settings": {"holidays": ["9999-12-31"]}}, "settings.holidays[0]"),
]


@pytest.mark.parametrize(("doc", "where"), FOUND, ids=[w for _, w in FOUND])
def test_what_the_probe_found_is_refused_with_its_key_path(doc: dict[str, Any], where: str,
                                                           base_db: Path,
                                                           tmp_path: Path) -> None:
    db, before = _copy_of(base_db, tmp_path)
    code, err = import_in_process(db, json.dumps(doc), tmp_path)
    assert_refused(db, before, code, err, where)


@pytest.mark.parametrize(("text", "says"), [
    ("[" * 1000 + "]" * 1000, "nests lists or objects too deeply"),
    ('{"format": "afterview/1", "applications": [{"role": ' + "9" * 5000 + "}]}",
     "a number too long to read"),
    ('{"format": "afterview/1", "format": "afterview/1"}', "the key 'format' is given twice"),
    ('{"format": "afterview/1", "applications": [}', "is not valid JSON (line 1"),
], ids=["nested-1000-deep", "5000-digit-integer", "duplicate-key", "bad-json"])
def test_a_file_that_is_not_readable_json_is_one_line(text: str, says: str, base_db: Path,
                                                      tmp_path: Path) -> None:
    db, before = _copy_of(base_db, tmp_path)
    source = tmp_path / "hostile.json"
    source.write_text(text)
    code, _, err = run_cli("--db", str(db), "import", str(source))
    assert code == 2 and says in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _files(db) == before


def test_the_valid_document_itself_imports(base_db: Path, tmp_path: Path) -> None:
    """The fuzz breaks a document that is otherwise accepted."""
    db, _ = _copy_of(base_db, tmp_path)
    source = tmp_path / "valid.json"
    source.write_text(json.dumps(VALID))
    code, out, err = run_cli("--db", str(db), "import", str(source))
    assert (code, err) == (0, "")
    assert out.startswith("imported 1 applications (1 replaced)")


@given(moment=st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30)),
       offset_minutes=st.one_of(st.none(), st.integers(-14 * 60, 14 * 60)))
def test_the_bulk_import_stores_date_times_as_sqlalchemy_would(
        moment: datetime, offset_minutes: int | None) -> None:
    """The import's fast conversion writes exactly the text UTCDateTime and
    SQLite's DATETIME would, for naive (local) and aware values."""
    from sqlalchemy.dialects import sqlite

    from storage.db.models import UTCDateTime
    from storage.interchange.afterview_json import sqlite_utc_text

    if offset_minutes is not None:
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    dialect = sqlite.dialect()
    theirs = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert sqlite_utc_text(moment) == theirs(moment)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=30)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES, applications=st.booleans())
def test_any_json_value_at_all_is_refused_without_a_traceback(value: Any, applications: bool,
                                                             base_db: Path,
                                                             tmp_path: Path) -> None:
    """Not a mutation of a good file but anything: as the document, or as its
    applications list."""
    doc = {"format": "afterview/1", "applications": value} if applications else value
    db = tmp_path / "any" / "afterview.db"
    if db.parent.exists():
        shutil.rmtree(db.parent)
    db.parent.mkdir(parents=True)
    shutil.copy(base_db, db)
    before = _files(db)
    code, err = import_in_process(db, json.dumps(doc), tmp_path)
    if code == 0:  # an empty list of applications is a valid (empty) import
        assert doc == {"format": "afterview/1", "applications": []} or value in (None, [])
        return
    assert code == 2 and err.startswith("afterview: "), err
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", err), err
    assert _files(db) == before
