"""The footer shows the current screen's keys, keeps `?` and the palette in view,
and a click on a key presses it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_app, settle
from tui.app import AfterviewApp
from tui.screens.board import BoardScreen
from tui.screens.today import TodayScreen
from tui.widgets.footer import KeyFooter


def footer_text(app: AfterviewApp) -> str:
    return str(app.screen.query_one(KeyFooter).render())


def span_of(footer: KeyFooter, key: str) -> tuple[int, int]:
    return next((start, end) for start, end, k in footer._spans if k == key)


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
        assert "? Keys" in text and text.rstrip().endswith("palette")
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
