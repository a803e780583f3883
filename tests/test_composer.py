"""The composer, driven as a person drives it: `w` on a card, typing, the
checks panel, mark as sent, drafts that survive, .eml and mailto output."""

from __future__ import annotations

from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Select, Static, TextArea

from storage.db.engine import open_database
from storage.db.store import Store
from storage.rules.records import ApplicationDetail, NoteRec
from tests.conftest import settle, wait_until
from tests.fixtures import make_compose_db
from tests.helpers import go_to, open_details, running
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import CallOutcomeForm, ConfirmScreen, ExportForm
from tui.screens.details import DetailsScreen

TODAY = date(2026, 11, 22)


@pytest.fixture
def compose_db(tmp_path: Path) -> Path:
    return make_compose_db(tmp_path / "compose.db")


def read(db_path: Path, company: str) -> tuple[ApplicationDetail, list[str]]:
    """The application's record and its pending actions as "kind contact" strings."""
    db = open_database(db_path)
    try:
        store = Store(db)
        app = next(a for a in store.applications() if a.company == company)
        actions = [f"{a.kind} {a.contact}" for a in store.actions_for(app.id, TODAY)]
        return store.detail(app.id), actions
    finally:
        db.close()


def composer(app: AfterviewApp) -> ComposerScreen:
    assert isinstance(app.screen, ComposerScreen), app.screen
    return app.screen


def panel(app: AfterviewApp) -> str:
    checks = app.screen.query_one("#checks", OptionList)
    return "\n".join(str(checks.get_option_at_index(i).prompt)
                     for i in range(checks.option_count))


def finding_ids(screen: ComposerScreen) -> set[str]:
    return {f.id for f in screen.findings}


def drafts(db_path: Path, company: str) -> list[str]:
    """The bodies of the application's draft notes, as stored."""
    detail, _ = read(db_path, company)
    return [n.body for n in detail.notes if n.status == "draft"]


async def open_on(app: AfterviewApp, pilot: Pilot[None], company: str) -> ComposerScreen:
    """`w` on the company's card: the composer, its checks run with the dictionary."""
    await go_to(app, pilot, company)
    await pilot.press("w")
    await settle(pilot)
    await wait_until(pilot, lambda: "loading the dictionary" not in panel(app),
                     "the checks with the dictionary loaded")
    return composer(app)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


async def choose_template(pilot: Pilot[None], name: str) -> None:
    """ctrl+t opens the picker; arrows to the template, then enter, as with any Select."""
    await pilot.press("ctrl+t")
    picker = pilot.app.screen.query_one("#template", Select)
    await wait_until(pilot, lambda: picker.expanded, "the template picker to open")
    overlay = picker.query_one("SelectOverlay", OptionList)
    names = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
    target = names.index(name)
    current = overlay.highlighted or 0
    step = "down" if target > current else "up"
    await pilot.press(*[step] * abs(target - current), "enter")
    await settle(pilot)


async def test_w_on_a_card_opens_the_thank_you_with_the_interviewer_and_a_talking_point(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        body = screen.query_one("#body", TextArea).text
        assert body.startswith("Dear Dana Lee,")
        assert "their move to Postgres" in body
        assert "You asked about my Kafka experience" in body
        assert body.rstrip().endswith("Alex Rivera")
        assert screen.title == "Thank-you note to Dana Lee"
        assert screen.query_one("#template", Select).value == "thank_you"
        assert screen.query_one("#channel", Select).value == "email"
        # The record lacks the answer to the unfinished business: the one error.
        assert [f.id for f in screen.findings if f.severity == "error"] == ["placeholder"]
        assert "[your fuller answer]" in panel(app)
        assert "late" in panel(app).lower()  # due Sat 21 Nov 15:00; today is Sunday


async def test_a_desperate_phrase_warns_while_typing_and_the_warning_goes_with_it(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        assert "tone" not in {f.id for f in screen.findings}
        phrase = "I really need this job. "
        await type_text(pilot, phrase)
        # The checks run again once typing pauses (0.15 s after the last key).
        await wait_until(pilot, lambda: "tone" in finding_ids(screen), "the tone warning")
        assert "Sounds negative or desperate" in panel(app)
        assert screen.query_one("#body", TextArea).text.startswith(phrase + "Dear")
        await pilot.press(*["backspace"] * len(phrase))
        await wait_until(pilot, lambda: "tone" not in finding_ids(screen),
                         "the tone warning to go with the phrase")
        assert "Sounds negative" not in panel(app)


async def test_a_third_follow_up_shows_the_overdoing_warning(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Initech")
        # Two follow-ups out: what is due is moving on, so that is the note offered.
        assert screen.query_one("#template", Select).value == "stay_in_touch"
        assert "overdoing" not in {f.id for f in screen.findings}
        await choose_template(pilot, "First follow-up")
        assert screen.query_one("#template", Select).value == "follow_up"
        assert screen.kind == "follow_up"
        await wait_until(pilot, lambda: "overdoing" in finding_ids(screen),
                         "the overdoing warning")
        assert "2 follow-ups for this round" in panel(app)


async def test_mark_as_sent_logs_the_note_and_the_cadence_moves_on(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # An error stands (the slot for your answer): it asks first.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen | ConfirmScreen)
    detail, actions = read(compose_db, "Acme")
    sent = [c for c in detail.communications if c.direction == "out"]
    assert [(c.kind, c.channel, c.contact_name) for c in sent] == [
        ("thank_you", "email", "Dana Lee")]
    assert sent[0].summary == "Thank you: Backend Engineer interview"
    assert [(n.kind, n.status, n.contact_id) for n in detail.notes] == [
        ("thank_you", "sent", detail.main_contact.id)]  # type: ignore[union-attr]
    assert "thank_you Dana Lee" not in actions
    assert "thank_you Raj Patel" in actions
    assert "follow_up Dana Lee" in actions


async def test_cancelling_the_confirmation_sends_nothing(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ComposerScreen)
    detail, actions = read(compose_db, "Acme")
    assert not [c for c in detail.communications if c.direction == "out"]
    assert "thank_you Dana Lee" in actions


async def test_a_note_without_errors_is_sent_at_once_and_completes_its_action(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Initech")
        assert not [f for f in screen.findings if f.severity == "error"]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen | ConfirmScreen)
    detail, actions = read(compose_db, "Initech")
    assert [c.kind for c in detail.communications if c.direction == "out"][-1] == "other"
    # Logging an "other" message does not move the cadence: the move-on is marked done.
    assert "move_on None" not in actions
    assert any(o.kind == "move_on" and o.done_on == TODAY for o in detail.overrides)


async def test_an_autosave_that_lands_after_a_newer_save_does_not_undo_it(
        compose_db: Path) -> None:
    """The race behind a flaky quit test: an autosave's worker reached the store
    after the save made on quitting, and its older text replaced the newer."""
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        await type_text(pilot, "Older. ")
        older = screen._draft_write(screen._snapshot())  # an autosave, not yet run
        await type_text(pilot, "Newer. ")
        screen._dirty = True
        assert screen._flush(announce=False)  # the save on quitting runs first
        assert app.store is not None
        older.run(app.store)  # then the autosave's worker gets the lock
    detail, _ = read(compose_db, "Acme")
    drafts = [n for n in detail.notes if n.status == "draft"]
    assert len(drafts) == 1 and drafts[0].body.startswith("Older. Newer. Dear"), drafts


async def test_a_draft_typed_then_the_app_closed_is_there_on_reopening(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await type_text(pilot, "Quick draft. ")
        await pilot.press("ctrl+q")
    detail, _ = read(compose_db, "Acme")
    drafts = [n for n in detail.notes if n.status == "draft"]
    assert len(drafts) == 1 and drafts[0].body.startswith("Quick draft. Dear Dana Lee,")
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        assert screen.query_one("#body", TextArea).text.startswith("Quick draft. Dear")
        assert screen.note_id == drafts[0].id
        status = str(screen.query_one("#composer-status", Static).render())
        assert "draft saved" in status


async def test_drafts_save_themselves_while_typing(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await type_text(pilot, "Hello. ")
        # No key to save: the autosave tick (every 0.5 s) writes it.
        await wait_until(pilot, lambda: [d[:13] for d in drafts(compose_db, "Acme")] == [
            "Hello. Dear D"], "the draft saved with no key pressed")
        await type_text(pilot, "More. ")
        await wait_until(pilot, lambda: [d[:19] for d in drafts(compose_db, "Acme")] == [
            "Hello. More. Dear D"], "the same draft saved again")
        await settle(pilot)
        detail, _ = read(compose_db, "Acme")
        saved: list[NoteRec] = [n for n in detail.notes if n.status == "draft"]
        assert len(saved) == 1 and saved[0].body.startswith("Hello. More. Dear Dana Lee,")


async def test_export_as_eml_parses_back_with_the_right_headers(compose_db: Path,
                                                                tmp_path: Path) -> None:
    # Typed as "~/out/dana.eml": the home directory is the test's (conftest).
    target = tmp_path / "home" / "out" / "dana.eml"
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        subject = screen.query_one("#subject").value  # type: ignore[attr-defined]
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportForm)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "~/out/dana.eml")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposerScreen)
        # The same path again: refused on the field, the first file untouched.
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "~/out/dana.eml")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportForm)
        assert "already there" in str(app.screen.query_one("#path-error", Static).render())
    message = BytesParser(policy=policy.default).parse(target.open("rb"))
    assert message["To"] == "Dana Lee <dana@acme.com>"
    assert message["Subject"] == subject
    assert message["Date"] is not None
    assert message["X-Unsent"] == "1"
    assert message.get_content().startswith("Dear Dana Lee,")


async def test_open_in_the_mail_client_builds_a_mailto_url(compose_db: Path) -> None:
    opened: list[str] = []
    async with running(compose_db) as (app, pilot):
        app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
        await open_on(app, pilot, "Acme")
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert len(opened) == 1
    url = opened[0]
    assert url.startswith("mailto:dana@acme.com?subject=Thank%20you%3A%20Backend")
    body = unquote(url.split("&body=", 1)[1])
    assert body.startswith("Dear Dana Lee,\r\n\r\n")


async def test_the_call_script_logs_the_call_and_its_new_decision_date(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await choose_template(pilot, "Phone call script")
        assert composer(app).query_one("#body", TextArea).text.startswith("Call Dana Lee")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # Dana's number is not on record: the slot is an error, so it asks first.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CallOutcomeForm)
        await pilot.press("tab")  # answered: yes (the default) → the date
        await type_text(pilot, "2026-12-04")
        await pilot.press("tab")
        await type_text(pilot, "Still interviewing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen | CallOutcomeForm)
    detail, actions = read(compose_db, "Acme")
    call = [c for c in detail.communications if c.direction == "out"]
    assert [(c.kind, c.channel, c.summary) for c in call] == [
        ("follow_up", "phone", "Call (answered): Still interviewing")]
    assert detail.rounds[0].decision_expected_on == date(2026, 12, 4)
    # The call was the first follow-up: the second waits for their new date.
    assert "follow_up Dana Lee" not in actions
    assert "second_follow_up Dana Lee" in actions
    assert [n.kind for n in detail.notes] == ["call_script"]


async def test_an_unknown_word_can_join_the_word_list_from_the_panel(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        await type_text(pilot, "Kubernetesy ")
        # The checks may have run mid-word ("KubeDear"): wait for the whole word.
        await wait_until(pilot, lambda: any(f.id == "spelling" and f.words == ("Kubernetesy",)
                                            for f in screen.findings),
                         "the spelling finding for the whole word")
        await pilot.press("ctrl+k")
        checks = screen.query_one("#checks", OptionList)
        index = next(i for i in range(checks.option_count)
                     if checks.get_option_at_index(i).id == "add:Kubernetesy")
        checks.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: "spelling" not in finding_ids(screen),
                         "the word to pass the spelling check")
    db = open_database(compose_db)
    try:
        assert "Kubernetesy" in Store(db).settings().word_list
    finally:
        db.close()


async def test_the_palette_writes_to_a_chosen_interviewer_with_other_wording(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "write a note to raj")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = composer(app)
        assert screen.title == "Thank-you note to Raj Patel"
        body = screen.query_one("#body", TextArea).text
        assert body.startswith("Hello Raj Patel,") or body.startswith("Dear Raj Patel,")
        assert "I appreciated our conversation" in body  # not Dana's opening sentence


async def test_escape_closes_the_composer_and_keeps_the_draft(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await type_text(pilot, "Kept. ")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen)
    detail, _ = read(compose_db, "Acme")
    assert [n.body[:6] for n in detail.notes if n.status == "draft"] == ["Kept. "]


async def test_w_on_the_details_screen_opens_the_composer_and_escape_returns(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("w")
        await settle(pilot)
        assert composer(app).title == "Thank-you note to Dana Lee"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)


async def test_names_show_as_typed_not_as_markup(compose_db: Path) -> None:
    db = open_database(compose_db)
    try:
        store = Store(db)
        app_id = next(a.id for a in store.applications() if a.company == "Acme")
        dana = store.detail(app_id).main_contact
        assert dana is not None
        store.update_contact(dana.id, name="Dana [PM] Lee")
    finally:
        db.close()
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        label = screen.query_one("#recipient SelectCurrent #label", Static)
        assert str(label.render()).startswith("Dana [PM] Lee")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")  # the response form lists the contacts too
        await settle(pilot)
        await pilot.click("#contact")
        await pilot.pause()
        assert "Dana [PM] Lee" in app.screen.query_one("#contact SelectOverlay").render_line(
            1).text


async def test_a_note_sent_from_the_details_screen_shows_there_at_once(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        details = await open_details(app, pilot, "Acme")
        due = str(details.query_one("#due", Static).render())
        assert "Thank-you note to Dana Lee" in due
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")  # send despite the slot left for your answer
        await settle(pilot)
        assert app.screen is details
        due = str(details.query_one("#due", Static).render())
        assert "Thank-you note to Dana Lee" not in due
        assert "Thank-you note to Raj Patel" in due
        timeline = str(details.query_one("#timeline", Static).render())
        assert "Thank you: Backend Engineer interview" in timeline
