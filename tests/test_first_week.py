"""A newcomer's first week, from an empty database: what they see and press."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_app, settle, wait_until
from tui.app import AfterviewApp
from tui.screens.calendar import CalendarScreen
from tui.screens.today import TodayScreen
from tui.widgets.footer import KeyFooter

ITEM_KEYS = {"enter": "Write", "d": "Done", "s": "Snooze", "x": "Skip", "o": "Details"}


def footer_enabled(app: AfterviewApp) -> dict[str, bool]:
    """Each footer key's description → whether it is offered (not dimmed)."""
    footer = app.screen.query_one(KeyFooter)
    return {entry.description: entry.enabled for entry in footer.entries}


async def test_on_an_empty_day_the_keys_that_act_on_an_action_are_dimmed(
        db_path: Path, fixed_db: Path) -> None:
    async with run_app(db_path) as (app, pilot):
        assert isinstance(app.screen, TodayScreen)  # (tests start past the welcome)
        shown = footer_enabled(app)
        for description in ITEM_KEYS.values():
            assert shown[description] is False, description
        assert shown["Board"] is True
        await pilot.press("d", "s", "x", "o")  # nothing to act on: nothing opens
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CalendarScreen), "the calendar")
        await settle(pilot)
        shown = footer_enabled(app)
        for description in ("Write", "Done", "Snooze", "Skip"):
            assert shown[description] is False, description
    # With actions due, the same keys are offered.
    async with run_app(fixed_db) as (app, pilot):
        shown = footer_enabled(app)
        for description in ITEM_KEYS.values():
            assert shown[description] is True, description


async def test_todays_counts_fit_a_narrow_terminal(db_path: Path, fixed_db: Path) -> None:
    """At 40 columns the counts line said "0 overdue · 0 due today · 0 in the":
    it now says all three counts in shorter words, and the long ones come back
    when the terminal is wide."""
    from textual.widgets import Static

    for path in (db_path, fixed_db):
        async with run_app(path, size=(40, 12)) as (app, pilot):
            line = str(app.screen.query_one("#today-summary", Static).render())
            assert line.rstrip().endswith("next 7 days"), line
            assert len(line.rstrip()) <= 40 - 2, line
            await pilot.resize_terminal(120, 40)
            await settle(pilot)
            line = str(app.screen.query_one("#today-summary", Static).render())
            assert "due today" in line and line.rstrip().endswith("in the next 7 days"), line


def footer_drawn(app: AfterviewApp) -> str:
    return str(app.screen.query_one(KeyFooter).render())


async def test_an_empty_board_offers_n_new_even_at_40_columns(db_path: Path) -> None:
    """At 40×12 the empty board's footer had room only for `⏎ Details`, a key
    with nothing to open, and not for `n New`, the one key that works."""
    from tui.modals.forms import FormScreen
    from tui.screens.board import BoardScreen

    async with run_app(db_path, show="board", size=(40, 12)) as (app, pilot):
        assert isinstance(app.screen, BoardScreen)
        footer = footer_drawn(app)
        assert "n New" in footer and "Details" not in footer, footer
        await pilot.press("i", "w", "x", "enter")  # no card: nothing opens
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press(*"Globex", "tab", *"Data Engineer", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        assert app.screen.selected is not None and app.screen.selected.company == "Globex"
        # The first card: its keys are back (at 120 columns all of them show).
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        footer = footer_drawn(app)
        for shown in ("⏎ Details", "n New", "i Round", "w Write", "x Close"):
            assert shown in footer, (shown, footer)


async def test_mark_sent_anyway_shows_both_buttons_whole_at_40_columns(db_path: Path) -> None:
    """A first thank-you at 40×12: ctrl+n asks first (the template's slot is
    still there), and the dialog cut its second button to "Cancel (n"."""
    from textual.widgets import Button

    from tui.composer.screen import ComposerScreen
    from tui.modals.forms import FormScreen
    from tui.modals.note_forms import ConfirmScreen
    from tui.screens.board import BoardScreen

    async with run_app(db_path, show="board", size=(40, 12)) as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press(*"Initech", "tab", *"Staff Engineer", "tab", "tab", "tab", "tab",
                          *"Bill Lumbergh <bill@initech.com>", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the round form")
        await pilot.press(*"yesterday 9am", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await settle(pilot)
        dialog = app.screen.query_one("#confirm").content_region
        for button in app.screen.query(Button):
            region = button.region
            assert dialog.x <= region.x and region.right <= dialog.right, (
                str(button.label), region, dialog)
            assert button.content_size.width >= len(str(button.label)), str(button.label)
        await pilot.press("n")  # Cancel: back to the note, nothing sent
        await wait_until(pilot, lambda: isinstance(app.screen, ComposerScreen), "the note")


async def test_the_next_reminder_names_its_company_once(db_path: Path) -> None:
    """Closing the only application with its reconnect reminder: Today's empty
    day said "Next: …, Reconnect with Globex (Globex)"."""
    from textual.widgets import OptionList

    from tui.modals.forms import FormScreen
    from tui.screens.board import BoardScreen

    async with run_app(db_path, show="board") as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press(*"Globex", "tab", *"Data Engineer", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the close form")
        await pilot.press("ctrl+s")  # rejected, reminder ticked
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), "Today")

        def lines() -> list[str]:
            agenda = app.screen.query_one("#agenda", OptionList)
            return [str(agenda.get_option_at_index(i).prompt)
                    for i in range(agenda.option_count)]

        await wait_until(pilot, lambda: any("Next:" in line for line in lines()), "the next")
        line = next(line for line in lines() if "Next:" in line)
        assert "Reconnect with Globex" in line and line.count("Globex") == 1, line
