"""``afterview import INVITE.ics``: invitations as Google, Outlook, Zoom and Apple send
them become rounds; idempotent by UID, updated by SEQUENCE, removed by a cancel."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from storage.interchange.afterview_json import export_document
from tests.conftest import run_cli
from tests.fixtures import make_db

INVITES = Path(__file__).with_name("data") / "invites"
ME = "alex.rivera@example.org"

PIPELINE = {
    "format": "afterview/1",
    "settings": {"your_email": ME, "your_name": "Alex Rivera"},
    "applications": [
        {"id": "acme-be", "company": "Acme", "company_domain": "acme.com",
         "role": "Backend Engineer", "stage": "Interview", "applied_on": "2026-11-02",
         "contacts": [{"name": "Dana Lee", "email": "dana@acme.com", "main": True}],
         "interviews": [{"starts_at": "2026-11-19T14:00", "ends_at": "2026-11-19T15:00",
                         "interviewers": ["Dana Lee"]}]},
        # A second opening at Acme: the domain alone cannot tell the two apart.
        {"id": "acme-de", "company": "Acme", "role": "Data Engineer", "stage": "Applied",
         "applied_on": "2026-11-05"},
        {"id": "initech", "company": "Initech", "company_domain": "initech.com",
         "role": "Platform Engineer", "stage": "Final round", "applied_on": "2026-11-02",
         "contacts": [{"name": "Bill Lumbergh", "main": True}]},
        {"id": "globex", "company": "Globex", "role": "Data Analyst", "stage": "Screen",
         "applied_on": "2026-11-02",
         "contacts": [{"name": "Sam Ortiz", "email": "sam.ortiz@globex.com", "main": True}]},
        {"id": "hooli", "company": "Hooli", "role": "SRE", "stage": "Applied",
         "applied_on": "2026-11-02"},
    ],
}


@pytest.fixture
def pipeline(tmp_path: Path) -> Path:
    return make_db(tmp_path / "invites.db", PIPELINE)


def _import(db_path: Path, *args: str) -> tuple[int, str, str]:
    return run_cli("--db", str(db_path), "import", *args)


def _detail(db_path: Path, uid: str):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    try:
        store = Store(db)
        app = next(a for a in store.applications() if a.uid == uid)
        return store.detail(app.id), store.actions_for(app.id, date(2026, 11, 22))
    finally:
        db.close()


def _fingerprint(db_path: Path) -> str:
    db = open_database(db_path)
    try:
        return hashlib.sha256(json.dumps(export_document(db), sort_keys=True).encode()
                              ).hexdigest()
    finally:
        db.close()


def test_google_invite_adds_a_round_with_its_interviewers(pipeline: Path) -> None:
    code, out, err = _import(pipeline, str(INVITES / "google-request.ics"))
    assert code == 0, err
    assert out.splitlines() == [
        "Acme · Backend Engineer: round added, Tue 1 Dec 14:00–15:00 (video) "
        "with Dana Lee, Priya Raman"]
    detail, actions = _detail(pipeline, "acme-be")
    new = detail.rounds[-1]
    assert new.starts_at == datetime(2026, 12, 1, 19, 0, tzinfo=UTC)  # 11:00 in Los Angeles
    assert new.ends_at == datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    assert new.kind == "video"
    assert [c.name for c in new.interviewers] == ["Dana Lee", "Priya Raman"]
    assert {c.name: c.email for c in detail.contacts} == {
        "Dana Lee": "dana@acme.com", "Priya Raman": "priya.raman@acme.com"}  # not you, no room
    # The thank-yous follow by themselves, one per interviewer of the new round.
    thanks = [a for a in actions if a.kind == "thank_you" and a.interview_id == new.id]
    assert sorted(a.contact for a in thanks) == ["Dana Lee", "Priya Raman"]

    before = _fingerprint(pipeline)
    code, out, _ = _import(pipeline, str(INVITES / "google-request.ics"))
    assert code == 0 and "already up to date" in out
    assert _fingerprint(pipeline) == before


def test_outlook_request_update_older_copy_and_cancel(pipeline: Path) -> None:
    code, out, err = _import(pipeline, str(INVITES / "outlook-request.ics"))
    assert code == 0, err
    assert "Initech · Platform Engineer: round added, Thu 3 Dec 14:00–15:30" in out
    detail, _ = _detail(pipeline, "initech")
    (first,) = detail.rounds
    # Attendees without names are named from their addresses; the organiser is
    # the contact Bill Lumbergh (now with his address), not an interviewer.
    assert [c.name for c in first.interviewers] == ["Peter Gibbons", "M Bolton"]
    emails = {c.name: c.email for c in detail.contacts}
    assert emails["Bill Lumbergh"] == "bill.lumbergh@initech.com"
    assert first.starts_at == datetime(2026, 12, 3, 19, 0, tzinfo=UTC)  # Eastern Standard Time

    code, out, _ = _import(pipeline, str(INVITES / "outlook-update.ics"))
    assert code == 0 and "round updated to Fri 4 Dec 10:00–11:30" in out
    detail, _ = _detail(pipeline, "initech")
    (moved,) = detail.rounds
    assert moved.id == first.id and moved.starts_at == datetime(2026, 12, 4, 15, 0, tzinfo=UTC)

    code, out, _ = _import(pipeline, str(INVITES / "outlook-request.ics"))
    assert code == 0 and "older copy" in out
    assert _detail(pipeline, "initech")[0].rounds[0].starts_at == moved.starts_at

    code, out, _ = _import(pipeline, str(INVITES / "outlook-cancel.ics"))
    assert code == 0 and "cancelled: the round of Fri 4 Dec 10:00–11:30 is removed" in out
    assert _detail(pipeline, "initech")[0].rounds == ()
    code, out, _ = _import(pipeline, str(INVITES / "outlook-cancel.ics"))
    assert code == 0 and "nothing to remove" in out


def test_zoom_invite_with_two_events_and_a_free_mail_recruiter(pipeline: Path) -> None:
    code, out, err = _import(pipeline, str(INVITES / "zoom-two-rounds.ics"))
    assert code == 0, err
    assert len(out.splitlines()) == 2
    detail, _ = _detail(pipeline, "globex")
    assert [(r.starts_at.hour, [c.name for c in r.interviewers]) for r in detail.rounds] == [
        (15, ["Hank Scorpio"]), (16, ["Sam Ortiz", "Lisa Chen"])]
    # The recruiter (organiser, on gmail.com) is a contact, never an interviewer.
    assert "Jo Recruiter" in {c.name for c in detail.contacts}


def test_unmatched_invite_lists_candidates_and_writes_nothing(pipeline: Path) -> None:
    before = _fingerprint(pipeline)
    code, out, _ = _import(pipeline, str(INVITES / "apple-no-attendees.ics"))
    assert code == 1
    assert "no application matches" in out and "#5  Hooli · SRE" in out
    assert "--app" in out
    assert _fingerprint(pipeline) == before

    code, out, err = _import(pipeline, str(INVITES / "apple-no-attendees.ics"), "--app", "hooli")
    assert code == 0, err
    (screen,) = _detail(pipeline, "hooli")[0].rounds
    assert screen.kind == "phone"
    assert screen.starts_at == datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    assert [c.name for c in screen.interviewers] == ["Kim"]  # the organiser calls


def test_dry_run_says_what_it_would_do_and_writes_nothing(pipeline: Path) -> None:
    before = _fingerprint(pipeline)
    code, out, _ = _import(pipeline, str(INVITES / "zoom-two-rounds.ics"), "--dry-run")
    assert code == 0
    assert out.count("round added") == 2 and "nothing was written" in out
    assert _fingerprint(pipeline) == before


def test_exported_interviews_import_back_as_the_same_rounds(pipeline: Path,
                                                          tmp_path: Path) -> None:
    assert _import(pipeline, str(INVITES / "google-request.ics"))[0] == 0
    ics = tmp_path / "out.ics"
    code, _, err = run_cli("--db", str(pipeline), "export", "--format", "ics", "-o", str(ics))
    assert code == 0, err
    before = _fingerprint(pipeline)
    code, out, err = _import(pipeline, str(ics))
    assert code == 0, err
    assert "already up to date" in out
    assert out.splitlines()[-1].endswith("reminders Afterview exported (not interviews) left alone")
    assert _fingerprint(pipeline) == before

    # Into another database holding the same applications: the round is added
    # to the application its attendees' addresses point to.
    other = make_db(tmp_path / "other.db", PIPELINE)
    code, out, err = _import(other, str(ics))
    assert code == 0, err
    rounds = _detail(other, "acme-be")[0].rounds
    assert rounds[-1].starts_at == datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
    assert [c.name for c in rounds[-1].interviewers] == ["Dana Lee", "Priya Raman"]


def _hostile(tmp_path: Path, name: str, body: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.replace("\n", "\r\n").encode())
    return path


EVENT = """BEGIN:VCALENDAR
VERSION:2.0
METHOD:{method}
BEGIN:VEVENT
UID:{uid}
DTSTART:{start}
DTEND:20261201T150000Z
ORGANIZER;CN={cn}:mailto:dana@acme.com
ATTENDEE;CN=Dana Lee:mailto:{attendee}
SUMMARY:Interview
END:VEVENT
END:VCALENDAR
"""


def _event(**changes: str) -> str:
    values = {"method": "REQUEST", "uid": "x1@example.com", "start": "20261201T140000Z",
              "cn": "Dana Lee", "attendee": "dana@acme.com", **changes}
    return EVENT.format(**values)


@pytest.mark.parametrize("name,body", [
    ("garbage.ics", b"\x00\x01\x02 not a calendar at all"),
    ("latin1.ics", "BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\n".encode("latin-1")),
    ("far-future.ics", _event(start="99991231T230000Z")),
    ("ancient.ics", _event(start="00010101T000000Z")),
    ("escape-in-name.ics", _event(cn="Dana\x1b]0;pwned\x07Lee")),
    ("two-addresses.ics", _event(attendee="dana@acme.com,eve@evil.com")),
    ("reply.ics", _event(method="REPLY")),
    ("no-uid.ics", _event(uid="")),
    ("ends-before.ics", _event(start="20261201T160000Z")),
    ("all-day.ics",
     _event(start="20261201").replace("DTSTART:", "DTSTART;VALUE=DATE:")),
    ("truncated.ics", _event()[:120]),
    ("huge.ics", _event().replace("SUMMARY:Interview",
                       "DESCRIPTION:" + "a" * 2_100_000 + "\nSUMMARY:I")),
], ids=lambda value: value if isinstance(value, str) and value.endswith(".ics") else "")
def test_hostile_invites_are_one_line_exit_2_and_nothing_written(
        pipeline: Path, tmp_path: Path, name: str, body: str | bytes) -> None:
    before = _fingerprint(pipeline)
    code, out, err = _import(pipeline, str(_hostile(tmp_path, name, body)))
    assert code == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "\x1b" not in err and "\x07" not in err
    assert _fingerprint(pipeline) == before


def test_without_your_address_nothing_is_imported(tmp_path: Path) -> None:
    plain = make_db(tmp_path / "plain.db", {**PIPELINE, "settings": {}})
    code, _, err = _import(plain, str(INVITES / "google-request.ics"))
    assert code == 2 and "your_email" in err
