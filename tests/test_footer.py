"""The footer shows the current screen's keys, keeps `?` and the palette in view,
and a click on a key presses it. When the keys do not all fit, the screen's own
come first, in the order it declares them."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.conftest import run_app, settle
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import ConfirmScreen
from tui.screens.board import BoardScreen
from tui.screens.today import TodayScreen
from tui.widgets.footer import KeyFooter


def footer_text(app: AfterviewApp) -> str:
    return str(app.screen.query_one(KeyFooter).render())


def span_of(footer: KeyFooter, key: str) -> tuple[int, int]:
    return next((start, end) for start, end, k in footer._spans if k == key)


def drawn_keys(app: AfterviewApp) -> list[str]:
    return [key for _, _, key in app.screen.query_one(KeyFooter)._spans]


async def write_the_first_note(app: AfterviewApp, pilot: Pilot[None]) -> None:
    """`enter` on Today's first action: the composer, its text area focused."""
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ComposerScreen), app.screen


async def test_the_footer_shows_each_screens_keys(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(160, 40)) as (app, pilot):
        assert isinstance(app.screen, TodayScreen)
        text = footer_text(app)
        for shown in ("⏎ Write", "d Done", "s Snooze", "x Skip", "o Details", "b Board",
                      "c Calendar", "? Keys", "palette"):
            assert shown in text, shown
        assert "New" not in text  # a board key
        await pilot.press("b")
        await settle(pilot)
        text = footer_text(app)
        assert "n New" in text and "Round" in text and "d Done" not in text


async def test_keys_that_do_not_fit_give_way_but_help_stays(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(60, 30)) as (app, _):
        footer = app.screen.query_one(KeyFooter)
        text = footer_text(app)
        assert len(text) == 60
        assert "? Keys" in text and text.rstrip().endswith("▏^p")
        assert "⏎ Write" in text and "q Quit" not in text
        # No key is cut in half: every key drawn is whole, with its description.
        drawn = [key for _, _, key in footer._spans]
        assert "question_mark" in drawn and "q" not in drawn


async def test_a_click_on_a_key_presses_it(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(160, 40)) as (app, pilot):
        footer = app.screen.query_one(KeyFooter)
        start, _ = span_of(footer, "b")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        footer = app.screen.query_one(KeyFooter)
        start, _ = span_of(footer, "question_mark")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await pilot.pause()
        assert app.screen.query("HelpPanel")


async def test_at_40_columns_the_composer_shows_mark_sent(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(40, 12)) as (app, pilot):
        await write_the_first_note(app, pilot)
        text = footer_text(app)
        assert len(text) == 40
        # Its own keys as it declares them, not where the text area's keys put them.
        assert text.startswith(" esc Close  ^s Save  ^n Mark sent "), text
        assert drawn_keys(app)[:3] == ["escape", "ctrl+s", "ctrl+n"]
        assert drawn_keys(app)[-1] == "ctrl+p"  # the palette's key stays


async def test_a_screens_own_keys_win_over_app_keys_when_space_is_short(
        fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(60, 30)) as (app, _):
        text = footer_text(app)
        for own in ("⏎ Write", "d Done", "s Snooze", "x Skip", "o Details"):
            assert own in text, own
        # The app's keys give way, the palette's word too; `?` (which lists
        # them all) and the palette's key stay.
        assert "t Today" not in text and "palette" not in text
        assert drawn_keys(app) == ["enter", "d", "s", "x", "o", "question_mark", "ctrl+p"]


async def test_at_full_width_the_order_is_textuals(fixed_db: Path) -> None:
    """All the composer's keys fit at 160 columns: drawn in Textual's order, as
    before (the wide snapshots); at 40 the same screen's own order decides."""
    async with run_app(fixed_db, size=(160, 40)) as (app, pilot):
        await write_the_first_note(app, pilot)
        assert footer_text(app).split("▏")[0].split() == [
            "^e", "Export", ".eml", "^y", "Copy", "esc", "Close", "^s", "Save",
            "^n", "Mark", "sent", "^o", "Mail", "app", "^t", "Template", "^g", "Send"]
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        assert drawn_keys(app)[:3] == ["escape", "ctrl+s", "ctrl+n"]
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert drawn_keys(app)[:3] == ["ctrl+e", "ctrl+y", "escape"]


async def test_a_click_on_a_key_kept_on_a_short_line_presses_it(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(40, 12)) as (app, pilot):
        await write_the_first_note(app, pilot)
        start, end = span_of(app.screen.query_one(KeyFooter), "ctrl+n")
        assert footer_text(app)[start:end] == " ^n Mark sent "
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await settle(pilot)
        # The draft has an error left in its checks: marking it sent asks first.
        assert isinstance(app.screen, ConfirmScreen)
