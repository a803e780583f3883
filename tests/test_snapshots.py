"""Snapshot tests of every screen, on fixed data with today frozen (Sun 22 Nov 2026).

Update after an intended change with ``pytest tests/test_snapshots.py -n 0 --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import settle, wait_until
from tests.fixtures import make_fixed_db
from tui.app import AfterviewApp

SIZE = (130, 36)


@pytest.fixture
def app(tmp_path: Path) -> AfterviewApp:
    return AfterviewApp(db_target=str(make_fixed_db(tmp_path / "fixed.db")))


async def on_board(pilot: Pilot[Any]) -> None:
    """The app starts on Today: `b` and the board's data."""
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)


def test_board(snap_compare: Any, app: AfterviewApp) -> None:
    async def select_acme(pilot: Pilot[Any]) -> None:
        await on_board(pilot)
        await pilot.press("right", "right")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=select_acme)


def test_board_filtered(snap_compare: Any, app: AfterviewApp) -> None:
    async def filtered(pilot: Pilot[Any]) -> None:
        await on_board(pilot)
        await pilot.press("slash", *"ini")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=filtered)


def test_details(snap_compare: Any, app: AfterviewApp) -> None:
    async def open_acme(pilot: Pilot[Any]) -> None:
        await on_board(pilot)
        await pilot.press("right", "right", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_acme)


def test_round_form(snap_compare: Any, app: AfterviewApp) -> None:
    async def open_form(pilot: Pilot[Any]) -> None:
        await on_board(pilot)
        await pilot.press("right", "right", "i")
        await pilot.pause()
        await pilot.press(*"2026-11-20 10:00")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 50), run_before=open_form)


def test_composer(snap_compare: Any, tmp_path: Path) -> None:
    from tests.fixtures import make_compose_db

    app = AfterviewApp(db_target=str(make_compose_db(tmp_path / "compose.db")))

    async def write_to_dana(pilot: Pilot[Any]) -> None:
        await on_board(pilot)
        await pilot.press("right", "right", "w")
        await settle(pilot)
        checks = pilot.app.screen.query_one("#checks", OptionList)
        await wait_until(pilot, lambda: all(
            "loading the dictionary" not in str(checks.get_option_at_index(i).prompt)
            for i in range(checks.option_count)), "the checks with the dictionary")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=write_to_dana)


def test_today(snap_compare: Any, app: AfterviewApp) -> None:
    async def look(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=look)


def test_calendar(snap_compare: Any, app: AfterviewApp) -> None:
    async def month(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("right")  # Mon 23 Nov: Globex's follow-up
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=month)


def stats_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> bool:
    """Stats (`g` from Today) on the hand-checked data of tests/stats_fixture.py."""
    from tests.stats_fixture import make_stats_db
    from tui.screens.stats import StatsScreen

    stats_app = AfterviewApp(db_target=str(make_stats_db(tmp_path / "stats.db")))

    async def open_stats(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(stats_app.screen, StatsScreen)
                         and stats_app.screen.report is not None, "Stats' figures")
        await settle(pilot)

    return bool(snap_compare(stats_app, terminal_size=size, run_before=open_stats))


def test_stats(snap_compare: Any, tmp_path: Path) -> None:
    assert stats_snapshot(snap_compare, tmp_path, SIZE)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_stats_small(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """At 80×24 every figure keeps its column (short headings); at 40×12 the
    panels stack and the funnel comes first."""
    assert stats_snapshot(snap_compare, tmp_path, size)
