"""Daily use on Today, the board and the calendar: what a person sees first
and what the first key does (issue 12's screen bugs)."""

from __future__ import annotations

from pathlib import Path

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import FROZEN_TODAY, run_app, settle
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
