"""``afterview export --format csv|ics|vcf|log|log-csv``: each read back by a standard
reader (csv, icalendar, vobject), the activity log against an expected file."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar

from storage.db.engine import open_database
from storage.db.store import Store
from storage.interchange.activity_log import export_log_csv, export_log_markdown
from storage.interchange.csv_export import export_csv
from storage.interchange.ics_export import export_ics
from storage.interchange.vcf_export import FOLD_OCTETS, export_vcf
from storage.rules.records import ActionRef
from tests.conftest import run_cli
from tests.fixtures import FIXED, make_db

DATA = Path(__file__).with_name("data")


def _db_with(tmp_path: Path, **changes: Any) -> Path:
    """The fixed data, with an interview ahead (Wed 25 Nov) for Acme."""
    import copy

    doc = copy.deepcopy(FIXED)
    acme = doc["applications"][0]
    acme["contacts"].append({"name": "Sam Chen", "title": "Staff Engineer",
                             "email": "sam.chen@acme.com", "phone": "+1 555 0100"})
    acme["interviews"].append({"starts_at": "2026-11-25T10:00", "ends_at": "2026-11-25T11:00",
                               "interviewers": ["Dana Lee", "Sam Chen"]})
    for key, value in changes.items():
        acme[key] = value
    return make_db(tmp_path / "export.db", doc)


def _events(text: str) -> dict[str, Any]:
    cal = Calendar.from_ical(text)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


# -- ics ------------------------------------------------------------------------


def test_ics_parses_back_with_every_pending_action_and_the_interview_ahead(
        tmp_path: Path) -> None:
    db = open_database(_db_with(tmp_path))
    try:
        store = Store(db)
        pending = store.agenda(None, None, date(2026, 11, 22))
        text = export_ics(db)
    finally:
        db.close()
    cal = Calendar.from_ical(text)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    events = _events(text)
    actions = {uid: e for uid, e in events.items() if not uid.startswith("round-")}
    assert len(actions) == len(pending) > 3
    for event in events.values():
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"
    # A thank-you is timed at its due time; the others are all-day on their day.
    thanks = [e for e in actions.values() if "thank_you" in str(e["uid"])]
    assert thanks and all(isinstance(e.decoded("dtstart"), datetime) for e in thanks)
    by_summary = {str(e["summary"]): e for e in actions.values()}
    follow = by_summary["First follow-up to Sam Ortiz · Globex"]
    assert follow.decoded("dtstart") == date(2026, 11, 23)
    assert follow.decoded("dtend") == date(2026, 11, 24)
    # The interview ahead: timed, with both interviewers as attendees.
    rounds = [e for uid, e in events.items() if uid.startswith("round-")]
    assert len(rounds) == 1
    interview = rounds[0]
    assert interview.decoded("dtstart") == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    attendees = interview.get("attendee")
    assert sorted(str(a) for a in attendees) == ["mailto:dana@acme.com",
                                                 "mailto:sam.chen@acme.com"]
    assert sorted(a.params["CN"] for a in attendees) == ["Dana Lee", "Sam Chen"]
    assert "round 2" in str(interview["summary"])


def test_ics_uids_are_stable_and_a_moved_due_date_raises_the_sequence(tmp_path: Path) -> None:
    db = open_database(_db_with(tmp_path))
    try:
        store = Store(db)
        first = _events(export_ics(db))
        again = _events(export_ics(db))
        assert set(first) == set(again)
        assert all(int(e["sequence"]) == 0 for e in again.values())

        globex = next(i for i in store.agenda(None, None, date(2026, 11, 22))
                      if i.company == "Globex")
        store.resolve_action(globex.application_id, ActionRef.of(globex),
                             snoozed_to=date(2026, 11, 30))
        moved = _events(export_ics(db))
        acme = next(a for a in store.applications() if a.company == "Acme")
        ahead = store.detail(acme.id).rounds[-1]
        store.update_round(ahead.id, starts_at=ahead.starts_at + timedelta(days=1),
                           ends_at=ahead.ends_at + timedelta(days=1))
        rescheduled = _events(export_ics(db))
        unchanged = _events(export_ics(db))
    finally:
        db.close()
    assert set(moved) == set(first)  # the same UIDs: the calendar updates, never duplicates
    changed = {uid for uid in moved if int(moved[uid]["sequence"]) != 0}
    assert len(changed) == 1
    (uid,) = changed
    assert int(moved[uid]["sequence"]) == 1
    assert moved[uid].decoded("dtstart") == date(2026, 11, 30)
    assert "Globex" in str(moved[uid]["summary"])
    # The interview a day later: its event and the thank-yous after it move on.
    round_uid = next(u for u in rescheduled if u.startswith("round-"))
    assert int(rescheduled[round_uid]["sequence"]) == 1
    assert rescheduled[round_uid].decoded("dtstart") == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert int(rescheduled[uid]["sequence"]) == 1  # untouched since the snooze
    assert {u: int(e["sequence"]) for u, e in unchanged.items()} == {
        u: int(e["sequence"]) for u, e in rescheduled.items()}


def test_ics_range_keeps_what_is_due_inside_it(tmp_path: Path) -> None:
    db = open_database(_db_with(tmp_path))
    try:
        events = _events(export_ics(db, date(2026, 11, 23), date(2026, 11, 24)))
    finally:
        db.close()
    days = sorted({e.decoded("dtstart") for e in events.values()}, key=str)
    assert days == [date(2026, 11, 23), date(2026, 11, 24)]


# -- csv -------------------------------------------------------------------------


def test_csv_reads_back_one_row_an_application(tmp_path: Path) -> None:
    path = _db_with(tmp_path)
    db = open_database(path)
    try:
        store = Store(db)
        acme = next(a for a in store.applications() if a.company == "Acme")
        store.update_application(acme.id, company='=HYPERLINK("x"), "Acme"; Ltd')
        text = export_csv(db)
    finally:
        db.close()
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [r["Company"] for r in rows][:2] == ["Globex", "'=HYPERLINK(\"x\"), \"Acme\"; Ltd"]
    assert list(rows[0]) == ["Company", "Role", "Stage", "Applied", "Last contact",
                             "Next action", "Next action date", "Outcome"]
    globex = rows[0]
    assert globex == {"Company": "Globex", "Role": "Data Analyst", "Stage": "Screen",
                      "Applied": "2026-11-02", "Last contact": "2026-11-16",
                      "Next action": "First follow-up to Sam Ortiz",
                      "Next action date": "2026-11-23", "Outcome": ""}
    umbrella = next(r for r in rows if r["Company"] == "Umbrella")
    assert umbrella["Outcome"] == "rejected" and umbrella["Next action"] == ""
    assert len(rows) == len(FIXED["applications"])


def test_csv_range_is_by_application_day(tmp_path: Path) -> None:
    db = open_database(_db_with(tmp_path, applied_on="2026-11-20"))
    try:
        text = export_csv(db, date(2026, 11, 15), None)
    finally:
        db.close()
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [r["Company"] for r in rows] == ["Acme"]


# -- vcf -------------------------------------------------------------------------


def test_vcf_parses_back_as_vcard_4(tmp_path: Path) -> None:
    db = open_database(_db_with(tmp_path))
    try:
        store = Store(db)
        acme = next(a for a in store.applications() if a.company == "Acme")
        chen = next(c for c in store.detail(acme.id).contacts if c.name == "Sam Chen")
        long_title = "Ingénieure principale, plateformes; données et fiabilité — équipe Zürich"
        store.update_contact(chen.id, title=long_title)
        text = export_vcf(db)
    finally:
        db.close()
    assert all(len(line.encode()) <= FOLD_OCTETS for line in text.split("\r\n"))
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == ["Dana Lee", "Sam Chen", "Sam Ortiz", "Bill Lumbergh"]
    assert {c.version.value for c in cards} == {"4.0"}
    chen_card = cards[1]
    assert chen_card.title.value == long_title  # folded and escaped, read back whole
    assert chen_card.email.value == "sam.chen@acme.com"
    assert chen_card.tel.value == "+1 555 0100"
    assert chen_card.org.value == ["Acme"]
    assert chen_card.n.value.family == "Chen" and chen_card.n.value.given == "Sam"
    assert "Backend Engineer at Acme" in chen_card.note.value
    assert len({c.uid.value for c in cards}) == 4


# -- the activity log ------------------------------------------------------------


def _log_db(fixed_db: Path) -> Path:
    db = open_database(fixed_db)
    try:
        store = Store(db)
        globex = next(a for a in store.applications() if a.company == "Globex")
        sam = store.detail(globex.id).contacts[0]
        store.log_response(globex.id, at=datetime(2026, 11, 18, 9, 30).astimezone(),
                           contact_id=sam.id, summary="Still deciding | next week")
        store.update_settings(your_name="Alex Rivera")
    finally:
        db.close()
    return fixed_db


def test_log_of_the_fixed_database_is_the_expected_file(fixed_db: Path) -> None:
    db = open_database(_log_db(fixed_db))
    try:
        text = export_log_markdown(db)
    finally:
        db.close()
    assert text == (DATA / "activity-log-fixed.md").read_text(encoding="utf-8")


def test_log_csv_holds_the_same_rows_in_a_range(fixed_db: Path) -> None:
    db = open_database(_log_db(fixed_db))
    try:
        text = export_log_csv(db, date(2026, 11, 16), date(2026, 11, 18))
    finally:
        db.close()
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0][:3] == ["Date", "Time", "Activity"]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("2026-11-16", "Interview, round 1", "Globex"),
        ("2026-11-16", "Thank-you note sent", "Globex"),
        ("2026-11-17", "Follow-up sent", "Initech"),
        ("2026-11-18", "Reply received", "Globex"),
        ("2026-11-18", "Interview, round 1", "Umbrella"),
    ]
    assert rows[4][1] == "09:30" and rows[4][7] == "Still deciding | next week"


# -- the command -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "ics", "vcf", "log", "log-csv"])
def test_export_command_writes_a_private_file(fixed_db: Path, tmp_path: Path,
                                              fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    old = os.umask(0o022)
    try:
        code, _, err = run_cli("--db", str(fixed_db), "export", "--format", fmt, "-o", str(out))
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_size > 100


@pytest.mark.parametrize("args", [
    ("--format", "vcf", "--from", "monday"),
    ("--format", "ics", "--from", "2026-12-01", "--to", "2026-11-01"),
    ("--format", "log", "--from", "sometime"),
    ("--format", "csv", "--to", "3000-01-01"),
])
def test_bad_export_arguments_are_one_line_and_exit_2(fixed_db: Path,
                                                      args: tuple[str, ...]) -> None:
    code, out, err = run_cli("--db", str(fixed_db), "export", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
