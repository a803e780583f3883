"""Daily use on Today, the board and the calendar: what a person sees first
and what the first key does (issue 12's screen bugs)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.widgets import Static

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import FROZEN_TODAY, run_app, settle, wait_until
from tui.app import AfterviewApp
from tui.screens.today import TodayScreen


def pending_kinds(db_path: Path) -> list[tuple[str, int]]:
    db = open_database(db_path)
    try:
        return [(i.kind, i.application_id)
                for i in Store(db).agenda(None, None, FROZEN_TODAY)]
    finally:
        db.close()


async def test_today_starts_on_its_first_action_and_d_marks_it_done(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        first = screen.selected_item()
        assert first is not None  # no arrow needed first
        assert first == screen.items[0]
        await pilot.press("d")
        await settle(pilot)
        assert (first.kind, first.application_id) not in pending_kinds(fixed_db)


def screen_text(app: AfterviewApp) -> str:
    """What the terminal shows, as one line of words (from Textual's own SVG)."""
    svg = app.export_screenshot()
    cells = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return " ".join(html.unescape("".join(cells)).replace("\xa0", " ").split())


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_a_long_notification_shows_whole(fixed_db: Path, size: tuple[int, int]) -> None:
    message = ("Snoozed to Fri 5 Jun 2027: First follow-up to Dana Lee "
               "(Acme · Backend Engineer)")
    async with run_app(fixed_db, size=size) as (app, pilot):
        app.notify(message)
        await settle(pilot)
        shown = screen_text(app)
        # Word by word: the toast wraps, and the screen around it is drawn too.
        for word in message.split():
            assert word in shown, (word, shown)
        # Most of the width, not Textual's half: a sentence, not a column of words.
        toast = app.screen.query_one("Toast")
        assert toast.size.width > size[0] // 2, toast.size


async def test_a_path_in_a_notification_starts_from_home(fixed_db: Path) -> None:
    path = Path.home() / "Downloads" / "acme-thank-you-20261122-0105.eml"
    async with run_app(fixed_db, size=(120, 30)) as (app, pilot):
        app.notify(f"Exported to {path}")
        await settle(pilot)
        assert "~/Downloads/acme-thank-you-20261122-0105.eml" in screen_text(app)


def nudges_text(app: AfterviewApp) -> str:
    return str(app.screen.query_one("#today-nudges", Static).render())


async def test_nudges_say_how_many_more_there_are_when_they_do_not_fit(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(80, 20)) as (app, pilot):
        text = nudges_text(app)  # five nudges, room for four lines
        assert text.count("• ") == 3 and "… and 2 more" in text, text
        await pilot.resize_terminal(80, 40)
        await settle(pilot)
        text = nudges_text(app)
        assert text.count("• ") == 5 and "more" not in text, text


async def test_a_short_screen_counts_the_nudges_in_one_line(fixed_db: Path) -> None:
    async with run_app(fixed_db, size=(40, 12)) as (app, _):
        panel = app.screen.query_one("#today-nudges", Static)
        assert "Nudges (5)" in nudges_text(app)
        assert panel.size.height == 1  # the list keeps the rest of the screen


async def test_a_screen_switch_while_a_form_reads_lands_on_the_screen_asked_for(
        fixed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`enter` on the calendar reads the note's record on a worker, then pushes
    the composer: a `b` pressed meanwhile must show the board, not the composer
    pushed on top of it (the form belongs to the screen that asked)."""
    import threading

    from tui.screens.board import BoardScreen

    async with run_app(fixed_db, show="calendar") as (app, pilot):
        assert app.store is not None
        held, reading = threading.Event(), threading.Event()
        compose_source = app.store.compose_source

        def slow_read(*args: object, **kwargs: object) -> object:
            reading.set()
            held.wait(10)
            return compose_source(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(app.store, "compose_source", slow_read)
        app.open_composer(1)  # what enter on an action does
        await wait_until(pilot, reading.is_set, "the composer's read to start")
        await pilot.press("b")
        held.set()
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen), app.screen
        await pilot.press("c")  # and the calendar did not keep it either
        await settle(pilot)
        assert type(app.screen).__name__ == "CalendarScreen", app.screen
