"""``afterview import mail PATH``: replies and sent notes from a Maildir, an mbox or an
.eml; idempotent by Message-ID; hostile files refused whole."""

from __future__ import annotations

import hashlib
import json
import shutil
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from storage.interchange.afterview_json import export_document
from storage.interchange.mail_import import Mail, read_mail
from tests.conftest import run_cli
from tests.fixtures import make_db

MAIL = Path(__file__).with_name("data") / "mail"
ME = "alex.rivera@example.org"
TODAY = date(2026, 11, 22)

SEARCH = {
    "format": "afterview/1",
    "settings": {"your_email": ME},
    "applications": [
        {"id": "acme", "company": "Acme", "company_domain": "acme.com",
         "role": "Backend Engineer", "stage": "Interview", "applied_on": "2026-11-02",
         "contacts": [{"name": "Dana Lee", "email": "dana@acme.com", "main": True}],
         "interviews": [{"starts_at": "2026-11-19T14:00", "ends_at": "2026-11-19T15:00",
                         "interviewers": ["Dana Lee"]}],
         "notes_written": [{"kind": "thank_you", "contact": "Dana Lee",
                            "subject": "Thank you for today", "body": "Dear Dana",
                            "status": "draft"}]},
        {"id": "globex", "company": "Globex", "role": "Data Analyst", "stage": "Screen",
         "applied_on": "2026-11-02",
         "contacts": [{"name": "Sam Ortiz", "email": "sam.ortiz@globex.com", "main": True}],
         "interviews": [{"starts_at": "2026-11-16T10:00", "interviewers": ["Sam Ortiz"],
                         "decision_expected_on": "2026-11-20"}],
         "communications": [{"at": "2026-11-16T17:00", "direction": "out",
                             "kind": "thank_you", "contact": "Sam Ortiz"}]},
        {"id": "initech", "company": "Initech", "company_domain": "initech.com",
         "role": "Platform Engineer", "stage": "Final round", "applied_on": "2026-11-02",
         "contacts": [{"name": "Bill Lumbergh", "main": True}]},
        # A contact on a free-mail address: matched by that address, never by gmail.com.
        {"id": "hooli", "company": "Hooli", "role": "SRE", "stage": "Offer",
         "applied_on": "2026-11-02", "references_requested_on": "2026-11-22",
         "contacts": [{"name": "Gavin Belson", "email": "gavin.belson@gmail.com",
                       "main": True}],
         "notes_written": [{"kind": "reference_heads_up", "contact": "Gavin Belson",
                            "subject": "References for the SRE role", "body": "Hi Gavin",
                            "status": "draft"}]},
    ],
}


@pytest.fixture
def search(tmp_path: Path) -> Path:
    return make_db(tmp_path / "mail.db", SEARCH)


def _import(db_path: Path, *args: str) -> tuple[int, str, str]:
    return run_cli("--db", str(db_path), "import", "mail", *args)


def _fingerprint(db_path: Path) -> str:
    db = open_database(db_path)
    try:
        return hashlib.sha256(json.dumps(export_document(db), sort_keys=True).encode()
                              ).hexdigest()
    finally:
        db.close()


def _app(store: Store, uid: str):  # type: ignore[no-untyped-def]
    found = next(a for a in store.applications() if a.uid == uid)
    return store.detail(found.id), store.actions_for(found.id, TODAY)


def test_maildir_logs_replies_and_sent_mail_and_lists_the_rest(search: Path) -> None:
    code, out, err = _import(search, str(MAIL / "maildir"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "3 replies logged: Acme (Dana Lee, Fri 20 Nov), Initech (recruiting@initech.com, "
        "Sat 21 Nov), Hooli (Gavin Belson, Sat 21 Nov); 1 sent message logged: "
        "Acme (Dana Lee, Thu 19 Nov) thank-you; 2 unmatched")
    assert lines[1:] == ["  unmatched: jamie.k@gmail.com, Sat 21 Nov: Coffee?",
                         "  unmatched: noreply@medium.com, Sun 22 Nov: Top stories for you"]
    db = open_database(search)
    try:
        store = Store(db)
        acme, acme_actions = _app(store, "acme")
        assert [(c.direction, c.kind, c.contact_name, c.summary) for c in acme.communications] == [
            ("out", "thank_you", "Dana Lee", "Thank you for today"),
            ("in", "response", "Dana Lee", "Re: Thank you for today")]
        assert acme.communications[1].at == datetime.fromisoformat("2026-11-20T09:15-05:00")
        assert [n.status for n in acme.notes] == ["sent"]  # the draft it was written from
        assert not [a for a in acme_actions if a.kind == "thank_you"]
        initech, _ = _app(store, "initech")
        assert [(c.direction, c.contact_name) for c in initech.communications] == [("in", None)]
        hooli, _ = _app(store, "hooli")
        assert [c.contact_name for c in hooli.communications] == ["Gavin Belson"]
    finally:
        db.close()

    before = _fingerprint(search)
    code, out, _ = _import(search, str(MAIL / "maildir"))
    assert code == 0
    assert out.splitlines()[0] == "2 unmatched; 4 already logged"
    assert _fingerprint(search) == before


def test_a_maildirs_folders_are_read_too(search: Path, tmp_path: Path) -> None:
    """Maildir++: a mail client files sent mail under .Sent (and may nest more)."""
    box = tmp_path / "box"
    shutil.copytree(MAIL / "maildir", box)
    for folder in (".Sent", ".Archive.2026"):
        for sub in ("cur", "new", "tmp"):
            (box / folder / sub).mkdir(parents=True)
    for sent in (box / "cur").glob("1763604000*"):
        sent.rename(box / ".Sent" / "cur" / sent.name)
    for reply in (box / "new").glob("1763661600*"):
        reply.rename(box / ".Archive.2026" / "new" / reply.name)
    code, out, err = _import(search, str(box))
    assert code == 0, err
    # The root's messages first, then each folder's.
    assert out.splitlines()[0] == (
        "3 replies logged: Initech (recruiting@initech.com, Sat 21 Nov), Hooli (Gavin Belson, "
        "Sat 21 Nov), Acme (Dana Lee, Fri 20 Nov); 1 sent message logged: "
        "Acme (Dana Lee, Thu 19 Nov) thank-you; 2 unmatched")


def test_mbox_sent_mail_completes_what_it_answers(search: Path) -> None:
    code, out, err = _import(search, str(MAIL / "inbox.mbox"))
    assert code == 0, err
    assert out.splitlines()[0] == (
        "1 reply logged: Globex (Sam Ortiz, Wed 18 Nov); 2 sent messages logged: "
        "Globex (Sam Ortiz, Mon 23 Nov) follow-up, Hooli (Gavin Belson, Sun 22 Nov) other; "
        "2 unmatched")
    # Mail to someone at Initech who is not a contact is not guessed from the domain.
    assert "  unmatched: to peter@initech.com, Sun 22 Nov: Lunch" in out
    db = open_database(search)
    try:
        store = Store(db)
        hooli, hooli_actions = _app(store, "hooli")
        # "References for the SRE role" was the reference heads-up drafted in the
        # composer: sending it completes the references action, as mark-as-sent does.
        assert not [a for a in hooli_actions if a.kind == "references"]
        assert [o.kind for o in hooli.overrides if o.done_on] == ["references"]
        globex, globex_actions = _app(store, "globex")
        assert [c.kind for c in globex.communications] == ["thank_you", "response", "follow_up"]
        assert [a.kind for a in globex_actions] == ["second_follow_up"]
    finally:
        db.close()


def test_dry_run_prints_what_it_would_log_and_writes_nothing(search: Path) -> None:
    before = _fingerprint(search)
    code, out, _ = _import(search, str(MAIL / "maildir"), "--dry-run")
    assert code == 0
    assert out.startswith("3 replies would be logged: Acme (Dana Lee, Fri 20 Nov)")
    assert out.splitlines()[-1] == "Dry run: nothing was written."
    assert _fingerprint(search) == before


def test_a_reply_logged_by_hand_is_not_logged_twice(search: Path, tmp_path: Path) -> None:
    db = open_database(search)
    try:
        store = Store(db)
        acme, _ = _app(store, "acme")
        store.log_response(acme.application.id, at=datetime.fromisoformat(
            "2026-11-20T10:00-05:00"), contact_id=acme.contacts[0].id, summary="She wrote back")
    finally:
        db.close()
    box = tmp_path / "box"
    shutil.copytree(MAIL / "maildir", box)
    for sent in (box / "cur").glob("1763604000*"):
        sent.unlink()
    code, out, err = _import(search, str(box))
    assert code == 0, err
    db = open_database(search)
    try:
        acme, _ = _app(Store(db), "acme")
        assert [(c.direction, c.summary) for c in acme.communications] == [
            ("in", "She wrote back")]
    finally:
        db.close()
    code, out, _ = _import(search, str(box))
    assert "already logged" in out


def _eml(tmp_path: Path, name: str, headers: str, body: str = "Hello") -> Path:
    path = tmp_path / name
    path.write_bytes((headers.strip() + "\n\n" + body + "\n").encode("utf-8"))
    return path


REPLY = """From: Dana Lee <dana@acme.com>
To: alex.rivera@example.org
Subject: {subject}
Date: {date}
Message-ID: <x1@acme.com>"""


@pytest.mark.parametrize("subject,when", [
    ("=?utf-8?q?Hello=0D=0ABcc:_eve@evil.com?=", "Fri, 20 Nov 2026 09:15:00 -0500"),
    ("=?utf-8?q?Hi_=1B]0;pwned=07?=", "Fri, 20 Nov 2026 09:15:00 -0500"),
    ("Re: interview", "Friday the 20th, morning"),
    ("Re: interview", "Fri, 20 Nov 9999 09:15:00 -0500"),
    ("Re: interview", ""),
], ids=["crlf-subject", "escape-subject", "malformed-date", "far-date", "no-date"])
def test_a_hostile_eml_is_one_line_exit_2_and_nothing_written(
        search: Path, tmp_path: Path, subject: str, when: str) -> None:
    headers = REPLY.format(subject=subject, date=when)
    if not when:
        headers = "\n".join(h for h in headers.splitlines() if not h.startswith("Date"))
    before = _fingerprint(search)
    code, out, err = _import(search, str(_eml(tmp_path, "reply.eml", headers)))
    assert code == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "\x1b" not in err and "\x07" not in err
    assert _fingerprint(search) == before


def _mbox(path: Path, messages: list[bytes]) -> Path:
    with path.open("wb") as fh:
        for number, message in enumerate(messages):
            fh.write(f"From MAILER-DAEMON Thu Nov 19 00:00:0{number} 2026\n".encode())
            fh.write(message.replace(b"\nFrom ", b"\n>From ") + b"\n")
    return path


def _message(sender: str, when: str, mid: str, extra: bytes = b"") -> bytes:
    return (f"From: {sender}\nTo: {ME}\nSubject: Re: interview\nDate: {when}\n"
            f"Message-ID: <{mid}>\n").encode() + extra + b"\nThanks!\n"


def test_in_a_mailbox_a_bad_message_from_nobody_known_is_skipped(search: Path,
                                                                 tmp_path: Path) -> None:
    box = _mbox(tmp_path / "box.mbox", [
        _message("spam@spam.example", "yesterday-ish", "s1@spam"),
        _message("dana@acme.com", "Fri, 20 Nov 2026 09:15:00 -0500", "d1@acme.com"),
    ])
    code, out, err = _import(search, str(box))
    assert code == 0, err
    assert out.startswith("1 reply logged: Acme (Dana Lee, Fri 20 Nov); 0 unmatched; 1 unreadable")
    assert "  unreadable: message 1: it has no readable Date" in out


def test_in_a_mailbox_a_bad_message_from_a_contact_stops_everything(search: Path,
                                                                   tmp_path: Path) -> None:
    box = _mbox(tmp_path / "box.mbox", [
        _message("sam.ortiz@globex.com", "Thu, 19 Nov 2026 09:00:00 -0500", "s1@globex.com"),
        _message("dana@acme.com", "Fri, 20 Nov 2026 25:99:00 -0500", "d1@acme.com"),
    ])
    before = _fingerprint(search)
    code, _, err = _import(search, str(box))
    assert code == 2 and err.count("\n") == 1 and "message 2" in err
    assert _fingerprint(search) == before


def test_a_50_mb_attachment_is_never_read(search: Path, tmp_path: Path) -> None:
    attachment = (b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\n"
                  b"Content-Type: text/plain\n\nSee attached.\n--XX\n"
                  b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
                  + b"QUFB" * 19 + b"\n") * 1
    big = attachment + (b"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n"
                        * 750_000) + b"--XX--\n"
    box = _mbox(tmp_path / "big.mbox", [
        _message("dana@acme.com", "Fri, 20 Nov 2026 09:15:00 -0500", "big@acme.com", big)])
    assert box.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        found = list(read_mail(box, ME))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [m.message_id for m in found if isinstance(m, Mail)] == ["<big@acme.com>"]
    assert peak < 5_000_000  # the headers only: the 50 MB body stays on disk
    code, out, err = _import(search, str(box))
    assert code == 0 and out.startswith("1 reply logged: Acme (Dana Lee, Fri 20 Nov)"), err


@pytest.mark.parametrize("make", [
    lambda p: p / "nowhere",
    lambda p: (p / "plain-dir").mkdir() or p / "plain-dir",
    lambda p: _eml(p, "garbage.eml", "\x00\x01 binary junk without headers"),
], ids=["missing", "not-a-maildir", "garbage"])
def test_unreadable_paths_are_one_line_exit_2(search: Path, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _import(search, str(make(tmp_path)))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
