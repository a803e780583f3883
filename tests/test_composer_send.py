"""The composer's send key (the send_command setting) and editor key ($VISUAL/$EDITOR),
with fake programs that record what they were given."""

from __future__ import annotations

import json
import stat
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import settle, wait_until
from tests.fixtures import make_compose_db
from tests.helpers import notifications, running
from tests.test_composer import open_on, read
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import ConfirmScreen

FAKE_SEND = """#!/bin/sh
# A stand-in for msmtp -t: keeps its arguments and the message it was given.
printf '%s\\n' "$@" > "{record}.args"
cat > "{record}.eml"
{fail}
"""

FAKE_EDITOR = """#!/bin/sh
# A stand-in for an editor: keeps what it was shown, writes the new text.
for file; do :; done  # the file is the last argument ("--wait" may come first)
cp "$file" "{record}.seen"
printf 'Dear Bill,\\n\\nWritten in my own editor. I really need this job.\\n\\nAlex' > "$file"
exit {code}
"""


def _script(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def compose_db(tmp_path: Path) -> Path:
    path = make_compose_db(tmp_path / "compose.db")
    db = open_database(path)
    try:
        Store(db).update_settings(your_email="alex.rivera@example.org")
    finally:
        db.close()
    return path


def _set_command(db_path: Path, command: str) -> None:
    db = open_database(db_path)
    try:
        Store(db).update_settings(send_command=command)
    finally:
        db.close()


async def test_send_pipes_the_message_and_marks_it_sent(compose_db: Path,
                                                        tmp_path: Path) -> None:
    record = tmp_path / "sent"
    script = _script(tmp_path, "fake-msmtp", FAKE_SEND.format(record=record, fail="exit 0"))
    _set_command(compose_db, f"{script} -t --account 'my work'")
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        subject, body = screen.subject, screen.body
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # an error stands: it asks first
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, ComposerScreen | ConfirmScreen),
                         "the composer to close once sent")
        assert any("Sent with" in n for n in notifications(app))
    # Split as a shell would, run without one: the quoted words stay one argument.
    assert (tmp_path / "sent.args").read_text().splitlines() == ["-t", "--account", "my work"]
    message = BytesParser(policy=policy.default).parsebytes((tmp_path / "sent.eml").read_bytes())
    assert message["To"] == "Dana Lee <dana@acme.com>"
    assert message["From"] == "Alex Rivera <alex.rivera@example.org>"
    assert message["Subject"] == subject and message["Message-ID"]
    assert message.get_content().rstrip("\n") == body.rstrip("\n")
    detail, actions = read(compose_db, "Acme")
    assert [(c.direction, c.kind, c.contact_name) for c in detail.communications] == [
        ("out", "thank_you", "Dana Lee")]
    assert [n.status for n in detail.notes] == ["sent"]
    assert "thank_you Dana Lee" not in actions and "thank_you Raj Patel" in actions


async def test_a_failing_mail_tool_shows_its_words_and_changes_nothing(
        compose_db: Path, tmp_path: Path) -> None:
    record = tmp_path / "sent"
    fail = "echo 'msmtp: recipient address dana@acme.com not accepted by the server' >&2\nexit 77"
    script = _script(tmp_path, "fake-msmtp", FAKE_SEND.format(record=record, fail=fail))
    _set_command(compose_db, f"{script} -t")
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: any("not accepted" in n for n in notifications(app)),
                         "the mail tool's error")
        assert isinstance(app.screen, ComposerScreen)
        assert any("exited 77" in n for n in notifications(app))
    detail, actions = read(compose_db, "Acme")
    assert detail.communications == ()
    assert all(n.status == "draft" for n in detail.notes)
    assert "thank_you Dana Lee" in actions


async def test_without_a_send_command_the_key_says_how_to_set_it(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: any("send_command" in n for n in notifications(app)),
                         "the notice saying how to set it")
        assert isinstance(app.screen, ComposerScreen)  # before any question
    detail, _ = read(compose_db, "Acme")
    assert detail.communications == ()


def test_send_command_is_a_setting_with_a_check(compose_db: Path) -> None:
    from tests.conftest import run_cli

    code, out, _ = run_cli("--db", str(compose_db), "config", "send_command", "msmtp -t")
    assert code == 0 and out.strip() == 'send_command = "msmtp -t"'
    code, _, err = run_cli("--db", str(compose_db), "config", "send_command", "msmtp 'oops")
    assert code == 2 and "quote" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run_cli("--db", str(compose_db), "config", "send_command")
    assert json.loads(out) == "msmtp -t"


async def test_the_editor_key_takes_the_edited_body_back_with_its_checks(
        compose_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "editor"
    editor = _script(tmp_path, "fake-editor", FAKE_EDITOR.format(record=record, code=0))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{editor} --wait")
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Initech")
        before, before_ids = screen.body, {f.id for f in screen.findings}
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "Written in my own editor." in screen.body,
                         "the edited text in the composer")
        assert (tmp_path / "editor.seen").read_text().rstrip("\n") == before.rstrip("\n")
        edited = "Dear Bill,\n\nWritten in my own editor. I really need this job.\n\nAlex"
        assert screen.body == edited
        # The checks ran on it as on typing: the desperate phrase is flagged.
        await wait_until(pilot, lambda: "tone" in {f.id for f in screen.findings},
                         "the checks on the edited text")
        assert "tone" not in before_ids
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [n.body for n in read(compose_db, "Initech")[0].notes] == [edited]
        await pilot.press("ctrl+z")  # one edit: undone in one go
        await settle(pilot)
        assert screen.body == before


async def test_an_editor_that_fails_leaves_the_note_as_it_was(
        compose_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = _script(tmp_path, "fake-editor",
                     FAKE_EDITOR.format(record=tmp_path / "editor", code=1))
    monkeypatch.setenv("VISUAL", str(editor))
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Initech")
        before = screen.body
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: any("exited with an error" in n
                                            for n in notifications(app)), "the notice")
        assert screen.body == before


async def test_without_an_editor_the_key_says_how_to_set_one(
        compose_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Initech")
        before = screen.body
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: any("EDITOR" in n for n in notifications(app)),
                         "the notice saying how to set one")
        assert screen.body == before  # nothing opened, nothing changed
        assert app.screen is screen


async def test_settings_shows_and_saves_the_send_command(compose_db: Path) -> None:
    from tests.test_settings import error_under, open_settings, retype

    async with running(compose_db) as (app, pilot):
        await open_settings(pilot)
        await retype(pilot, "#send_command", "msmtp -a 'my work")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "quote" in error_under(app, "send_command")
        await retype(pilot, "#send_command", "msmtp -a 'my work' -t")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_under(app, "send_command") == ""
    db = open_database(compose_db)
    try:
        assert Store(db).settings().send_command == "msmtp -a 'my work' -t"
    finally:
        db.close()
