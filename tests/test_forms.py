"""The forms themselves (issue 12, bugs 4 and 6): interviewer boxes that read
ticked or not without colour, the main contact ticked for a new round, enter
answering a one-field dialog, a title always in sight, and the form's own keys
in the footer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import run_app, settle, wait_until
from tests.fixtures import FIXED
from tests.helpers import db_detail, go_to, open_details, running
from tui.modals.forms import FormScreen, TickList
from tui.modals.note_forms import SnoozeForm
from tui.screens.today import TodayScreen
from tui.widgets.footer import KeyFooter

COMPANIES = [a["company"] for a in FIXED["applications"]]  # type: ignore[index]


def box_text(people: TickList, row: int = 0) -> str:
    """The first cells of a row as drawn: the box and the start of the name."""
    return people.render_line(row).text[:12]


# -- bug 4: interviewer boxes -------------------------------------------------------------


async def test_ticked_and_unticked_interviewers_differ_in_characters(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("i")
        await settle(pilot)
        people = app.screen.query_one("#people", TickList)
        # A new round starts with the main contact (Dana Lee) ticked.
        assert people.selected == [people.get_option_at_index(0).value]
        ticked = box_text(people)
        people.focus()
        await pilot.press("space")
        await pilot.pause()
        assert people.selected == []
        unticked = box_text(people)
        assert "Dana Lee" in ticked and "Dana Lee" in unticked
        # Not the colour alone: the characters themselves differ.
        assert ticked != unticked
        assert "X" in ticked and "X" not in unticked


async def test_a_new_round_saved_untouched_includes_the_main_contact(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"2026-11-24 15:00", "ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: "Tue 24 Nov" in str(
            app.screen.query_one("#rounds", Static).render()), "the round shown")
    rounds = db_detail(fixed_db, "Acme").rounds
    assert [p.name for p in rounds[-1].interviewers] == ["Dana Lee"]


# -- bug 6: enter, titles, the footer ------------------------------------------------------


async def test_enter_submits_the_snooze_dialog(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeForm)
        await pilot.press("end", "ctrl+u", *"2026-11-30", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    snoozed = [o.snoozed_to for company in COMPANIES
               for o in db_detail(fixed_db, company).overrides]
    assert snoozed == [date(2026, 11, 30)]


async def test_enter_in_a_longer_form_does_not_save_it(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Kim Park", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # the title, email… are still to come
    assert len(db_detail(fixed_db, "Acme").contacts) == 1


async def test_a_long_form_keeps_its_title_in_sight(fixed_db: Path) -> None:
    async with running(fixed_db, size=(100, 30)) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("i")
        await settle(pilot)
        form = app.screen.query_one("#form")
        title = app.screen.query_one("#form-title", Static)
        assert "Log an interview round · Acme" in str(title.render())
        # The last field: the form scrolls down to it.
        app.screen.query_one("#decision Input", Input).focus()
        await settle(pilot)
        assert form.scroll_y > 0
        assert form.region.y <= title.region.y < form.region.bottom
        assert title.region.height > 0


async def test_a_form_shows_its_own_keys_in_the_footer(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Acme")
        for key in ("i", "r", "e"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, FormScreen)
            footer = str(app.screen.query_one(KeyFooter).render())
            assert "Save" in footer and "Cancel" in footer
            assert "^s" in footer and "esc" in footer
            # Not the board's keys: they do nothing while the form is open.
            assert "Round" not in footer and "Write" not in footer
            await pilot.press("escape")
            await settle(pilot)


def test_every_form_has_a_title_of_its_own() -> None:
    import tui.modals.note_forms  # noqa: F401  (its forms register as subclasses)

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    forms = [c for c in subclasses(FormScreen) if c.__module__.startswith("tui.")]
    assert len(forms) >= 10
    untitled = [c.__name__ for c in forms if c.TITLE_TEXT == FormScreen.TITLE_TEXT]
    assert untitled == []


async def test_a_name_longer_than_its_column_is_not_taken_and_nothing_is_lost(
        fixed_db: Path) -> None:
    """The field refuses what its column cannot hold, in sight, while the form
    is open: before, the form closed and the store then refused the whole
    application, losing everything typed in it."""
    from textual import events

    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the new form")
        company = app.screen.query_one("#company", Input)
        company.post_message(events.Paste("Q" * 5000))
        await settle(pilot)
        assert company.value == "" and isinstance(app.screen, FormScreen)
        company.post_message(events.Paste("Q" * 200))  # exactly what the column holds
        await settle(pilot)
        await pilot.press("tab", *"Staff Engineer", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert db_detail(fixed_db, "Q" * 200).application.role == "Staff Engineer"
