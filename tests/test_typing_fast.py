"""Keys that arrive together (typed fast, or sent by a script through tmux) are
handled in order: a tab among them moves to the next field before the keys
after it are typed (issue 12: "Initech<tab>Staff Engineer" all went into the
company field), and a ctrl+s among them saves what the keys before it typed
(the new application's contact was saved as "P" from "Priya Shah <priya@…>"
and a new contact "Zoe Lin" was refused as nameless)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import settle, wait_until
from tests.helpers import arrive_together, db_detail, open_details, running, typed
from tui.app import AfterviewApp
from tui.modals.forms import FormScreen
from tui.modals.picker import RecordPicker

SAVE = [("ctrl+s", None)]


async def in_details_form(app: AfterviewApp, pilot: Pilot[None], key: str,
                          keys: list[tuple[str, str | None]]) -> None:
    """Acme's details, ``key``'s form, then ``keys`` arriving in one read: the
    form has saved and closed."""
    await open_details(app, pilot, "Acme")
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), f"{key}'s form")
    arrive_together(app, keys)
    await settle(pilot)
    assert not isinstance(app.screen, FormScreen)


async def test_a_tab_among_fast_keys_moves_to_the_next_field_first(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the new form")
        arrive_together(app, typed("Initech\tStaff Engineer"))
        await settle(pilot)
        assert app.screen.query_one("#company", Input).value == "Initech"
        assert app.screen.query_one("#role", Input).value == "Staff Engineer"
        arrive_together(app, [("shift+tab", None)])
        await settle(pilot)
        assert app.focused is app.screen.query_one("#company", Input)


async def test_ctrl_s_with_the_typing_saves_the_new_applications_whole_contact(
        fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the new form")
        await pilot.press(*"Lumen Labs", "tab", *"Designer")
        app.screen.query_one("#contact", Input).focus()
        await settle(pilot)
        arrive_together(app, typed("Priya Shah <priya@lumenlabs.io>") + SAVE)
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    contacts = db_detail(fixed_db, "Lumen Labs").contacts
    assert [(c.name, c.email) for c in contacts] == [("Priya Shah", "priya@lumenlabs.io")]


async def test_ctrl_s_with_the_typing_saves_the_new_contacts_name(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await in_details_form(app, pilot, "a", typed("Zoe Lin") + SAVE)
    assert "Zoe Lin" in [c.name for c in db_detail(fixed_db, "Acme").contacts]


async def test_ctrl_s_after_a_fast_tab_saves_both_fields(fixed_db: Path) -> None:
    """Keys typed before the tab wait in the first field's queue, not the focused one's."""
    async with running(fixed_db) as (app, pilot):
        await in_details_form(app, pilot, "a", typed("Zoe Lin\tEngineering Manager") + SAVE)
    zoe = [c for c in db_detail(fixed_db, "Acme").contacts if c.name == "Zoe Lin"]
    assert [c.title for c in zoe] == ["Engineering Manager"]


async def test_ctrl_s_with_the_typing_saves_the_whole_reminder(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await in_details_form(app, pilot, "m", typed("Ask Dana about the offsite") + SAVE)
    titles = [r.title for r in db_detail(fixed_db, "Acme").custom_actions]
    assert titles == ["Ask Dana about the offsite"]


async def test_ctrl_s_with_the_typing_saves_the_rounds_typed_start(fixed_db: Path) -> None:
    """A date field: what its hint shows is what is saved."""
    async with running(fixed_db) as (app, pilot):
        await in_details_form(app, pilot, "i", typed("2026-11-24 15:00") + SAVE)
    starts = [r.starts_at.astimezone() for r in db_detail(fixed_db, "Acme").rounds]
    assert [f"{s:%Y-%m-%d %H:%M}" for s in starts][-1] == "2026-11-24 15:00"


async def test_ctrl_s_after_a_fast_backspace_saves_what_the_field_shows(
        fixed_db: Path) -> None:
    """backspace acts through a binding, reached after the key has gone up to the App."""
    async with running(fixed_db) as (app, pilot):
        await in_details_form(app, pilot, "a", [*typed("Zoe Linn"), ("backspace", None), *SAVE])
    assert "Zoe Lin" in [c.name for c in db_detail(fixed_db, "Acme").contacts]


async def test_enter_with_the_arrows_in_the_record_list_edits_the_record_moved_to(
        fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordPicker), "the picker")
        await settle(pilot)
        # The list starts on the application; one down is its first contact.
        arrive_together(app, [("down", None), ("enter", None)])
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.TITLE_TEXT == "Edit Dana Lee"


async def test_ctrl_u_with_new_text_and_ctrl_s_saves_the_new_text(fixed_db: Path) -> None:
    """ctrl+u acted after the text typed behind it had gone in: the field was
    emptied and no contact saved."""
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the contact form")
        await pilot.press(*"Old Name")
        arrive_together(app, [("ctrl+u", None), *typed("Kim Park"), *SAVE])
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    names = [c.name for c in db_detail(fixed_db, "Acme").contacts]
    assert "Kim Park" in names and "Old Name" not in names


async def test_editing_keys_among_fast_keys_act_where_they_were_typed(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the new form")
        company = app.screen.query_one("#company", Input)
        arrive_together(app, [*typed("Initecj"), ("backspace", None), *typed("h Corp"),
                              ("home", None), *typed("The ")])
        await settle(pilot)
        assert company.value == "The Initech Corp"
        # The same in a date field.
        applied = app.screen.query_one("#applied Input", Input)
        applied.focus()
        await settle(pilot)
        arrive_together(app, [("ctrl+u", None), *typed("2026-11-20")])
        await settle(pilot)
        assert applied.value == "2026-11-20"
