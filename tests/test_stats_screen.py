"""Stats (`g`) driven as a person does, on the fixed data of tests/stats_fixture.py
(the figures themselves are checked by hand in tests/test_stats.py)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, Select

from tests.conftest import run_app, settle, wait_until
from tests.helpers import board, db_detail, go_to, notifications
from tests.stats_fixture import make_stats_db
from tui.app import AfterviewApp
from tui.screens.board import BoardScreen
from tui.screens.stats import StatsScreen
from tui.widgets.footer import KeyFooter

BARS = re.compile("[█▉▊▋▌▍▎▏]+")


@pytest.fixture
def stats_db(tmp_path: Path) -> Path:
    return make_stats_db(tmp_path / "stats.db")


def stats(app: AfterviewApp) -> StatsScreen:
    assert isinstance(app.screen, StatsScreen), app.screen
    return app.screen


def funnel_lines(app: AfterviewApp) -> list[str]:
    """The funnel's lines as text, without their bars: "Interview 2 67% → 67%"."""
    funnel = stats(app).query_one("#stats-funnel", OptionList)
    return [" ".join(BARS.sub("", str(funnel.get_option_at_index(i).prompt)).split())
            for i in range(funnel.option_count)]


def table_rows(app: AfterviewApp) -> list[list[str]]:
    table = stats(app).query_one("#stats-responses", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_stats(app: AfterviewApp, pilot: object) -> StatsScreen:
    await pilot.press("g")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen)  # type: ignore[arg-type]
                     and stats(app).report is not None, "Stats with its figures")
    await settle(pilot)  # type: ignore[arg-type]
    return stats(app)


async def test_g_opens_stats_from_every_screen(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        footer = str(app.screen.query_one(KeyFooter).render())
        assert "g Stats" in footer
        screen = await open_stats(app, pilot)
        assert screen.sub_title == "last 90 days · 3 applications added"
        assert funnel_lines(app) == [
            "Applied 3 100%", "Screen 3 100% → 100%", "Interview 2 67% → 67%",
            "Final round 1 33% → 50%", "Offer 0 0% → 0%", "Hired 0 0% → –"]
        discipline = str(screen.query_one("#stats-discipline").render())
        assert "2 on time" in discipline and "1 late · 1 never" in discipline
        footer = str(screen.query_one(KeyFooter).render())
        assert "p Period" in footer and "⏎ To board" in footer
        # From the board too (where g used to mean "first card").
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


async def test_stats_from_the_palette(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"stats")
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen), "Stats")
        await settle(pilot)
        # The same figures as g shows, not an empty screen.
        assert funnel_lines(app)[0] == "Applied 3 100%"


async def test_the_period_key_changes_the_figures(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        screen = await open_stats(app, pilot)
        assert funnel_lines(app)[0] == "Applied 3 100%"
        assert [row[0] for row in table_rows(app)] == [
            "Acme", "Globex", "Initech", "Vandelay Industries"]
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.report is not None
                         and screen.report.period.key == "30d", "the 30 days' figures")
        await settle(pilot)
        assert screen.sub_title == "last 30 days · 2 applications added"
        assert funnel_lines(app)[0] == "Applied 2 100%"
        assert [row[0] for row in table_rows(app)] == ["Acme", "Globex", "Vandelay Industries"]
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.sub_title.startswith("this year · 4"), "the year")
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.sub_title.startswith("everything · 5"), "all")
        assert funnel_lines(app)[4] == "Offer 1 20% → 50%"
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.sub_title.startswith("last 90 days · 3"), "back")


async def test_sort_and_stages(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        await open_stats(app, pilot)
        # By rate: Acme and Globex answered every round; then by rounds.
        assert [row[:3] for row in table_rows(app)] == [
            ["Acme", "2", "100%"], ["Globex", "1", "100%"], ["Initech", "1", "0%"],
            ["Vandelay Industries", "1", "0%"]]
        assert table_rows(app)[0][5] == "3.5d"
        await pilot.press("v")
        await settle(pilot)
        # Final round and Interview: one round each, answered; then by name.
        assert [row[0] for row in table_rows(app)] == ["Final round", "Interview", "Screen",
                                                       "Applied"]
        await pilot.press("s")  # by name: for stages, their order on the board
        await settle(pilot)
        assert [row[0] for row in table_rows(app)] == ["Applied", "Screen", "Interview",
                                                       "Final round"]


async def test_enter_on_a_company_filters_the_board(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        await open_stats(app, pilot)
        await pilot.press("down")  # Globex
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        screen = board(app)
        assert screen.query_one("#filter", Input).value == "Globex"
        visible = [c.company for col in screen.columns for c in col.cards.cards]
        assert visible == ["Globex"]
        assert screen.selected is not None and screen.selected.company == "Globex"
        assert not [n for n in notifications(app) if "No card" in n]
        # Again, with the board already read: the same.
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("enter")  # Globex is still the table's row
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        assert [c.company for col in screen.columns for c in col.cards.cards] == ["Globex"]


async def test_enter_on_a_stage_shows_its_column(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        screen = await open_stats(app, pilot)
        screen.query_one("#stats-funnel", OptionList).focus()
        await pilot.press("down", "down")  # from Applied (highlighted): Screen, Interview
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        assert board(app).current is not None
        assert board(app).current.stage.name == "Interview"
        assert board(app).selected is not None and board(app).selected.company == "Acme"


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
async def test_enter_on_a_stage_brings_its_column_into_view(stats_db: Path,
                                                             size: tuple[int, int]) -> None:
    """On a narrow board (columns wider than the screen, scrolled sideways) the
    stage's column is scrolled into view on the board's very first showing."""
    async with run_app(stats_db, size=size) as (app, pilot):
        screen = await open_stats(app, pilot)
        funnel = screen.query_one("#stats-funnel", OptionList)
        funnel.focus()
        funnel.highlighted = 4  # Offer: the fifth column, off a narrow screen
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        column = board(app).current
        assert column is not None and column.stage.name == "Offer"
        visible = app.screen.query_one("#columns").region
        assert visible.contains_region(column.region), (column.region, visible)


async def test_a_card_closed_as_hired_updates_the_funnel(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        await open_stats(app, pilot)
        assert funnel_lines(app)[-1] == "Hired 0 0% → –"
        await pilot.press("b")
        await settle(pilot)
        await go_to(app, pilot, "Acme")
        await pilot.press("x")
        await settle(pilot)
        outcome = app.screen.query_one("#outcome", Select)
        outcome.focus()
        await pilot.press("enter", "up", "up", "enter")  # rejected → declined → hired
        await settle(pilot)
        assert outcome.value == "hired"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen)
                         and funnel_lines(app)[-1] == "Hired 1 33% → 100%", "Hired 1")
        assert funnel_lines(app)[3:5] == ["Final round 2 67% → 100%", "Offer 1 33% → 50%"]
        assert "hired 1" in str(stats(app).query_one("#stats-discipline").render())
    detail = db_detail(stats_db, "Acme")
    assert (detail.application.stage_name, detail.application.outcome) == ("Closed", "hired")


async def test_stats_follow_a_write_while_shown(stats_db: Path) -> None:
    async with run_app(stats_db) as (app, pilot):
        await open_stats(app, pilot)
        store = app.store
        assert store is not None
        globex = next(a for a in store.applications() if a.company == "Globex")
        # Another process closes Globex as hired: the app's watch hears it.
        from storage.db.engine import open_database
        from storage.db.store import Store

        other = open_database(stats_db)
        try:
            Store(other).close_card(globex.id, "hired")
        finally:
            other.close()
        await wait_until(pilot, lambda: funnel_lines(app)[-1] == "Hired 1 33% → 100%",
                         "the funnel after another process's write")


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals(stats_db: Path, size: tuple[int, int]) -> None:
    async with run_app(stats_db, size=size) as (app, pilot):
        screen = await open_stats(app, pilot)
        assert screen.has_class("-narrow") == (size[0] < 76)
        assert funnel_lines(app)[0] == "Applied 3 100%"
        await pilot.press("p", "s", "v", "tab", "down", "p")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


@pytest.mark.parametrize("size,headings", [
    ((130, 36), ["Company", "Rounds", "Replied", "Follow-ups", "Replied", "Days"]),
    ((80, 24), ["Company", "Rnds", "Repl", "F-ups", "Repl", "Days"]),
], ids=["130x36", "80x24"])
async def test_every_figure_keeps_its_column(stats_db: Path, size: tuple[int, int],
                                             headings: list[str]) -> None:
    """Side by side, the table holds all its columns without scrolling sideways:
    at 80 columns the headings take their short forms."""
    async with run_app(stats_db, size=size) as (app, pilot):
        screen = await open_stats(app, pilot)
        table = screen.query_one("#stats-responses", DataTable)
        assert [str(c.label) for c in table.columns.values()] == headings
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0
        await pilot.press("v")  # stages: the same columns
        await settle(pilot)
        assert [str(c.label) for c in table.columns.values()][1:] == headings[1:]
        assert table.max_scroll_x == 0


async def test_stacked_the_funnel_comes_first(stats_db: Path) -> None:
    """At 40×12 the panels stack: Stats opens at the top, on the funnel, and tab
    brings the table into view."""
    async with run_app(stats_db, size=(40, 12)) as (app, pilot):
        screen = await open_stats(app, pilot)
        body = screen.query_one("#stats-body")
        funnel = screen.query_one("#stats-funnel", OptionList)
        assert screen.focused is funnel
        assert body.scroll_y == 0 and funnel.region.y < 12
        await pilot.press("down", "enter")  # the funnel's second stage: its column
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        table = screen.query_one("#stats-responses", DataTable)
        assert screen.focused is table
        assert body.scroll_y > 0 and table.region.y < 12


@pytest.mark.parametrize("size", [(130, 36), (80, 24), (40, 12)],
                         ids=["130x36", "80x24", "40x12"])
async def test_tab_goes_round_the_panels_and_each_shows_itself(
        stats_db: Path, size: tuple[int, int]) -> None:
    """Tab stops only on the panels (no invisible stop), each in view when it has
    the focus (stacked, the body scrolls to it), and the funnel's first step is
    highlighted at once, so enter on it acts without an arrow first."""
    async with run_app(stats_db, size=size) as (app, pilot):
        screen = await open_stats(app, pilot)
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            await settle(pilot)
            focused = screen.focused
            assert focused is not None
            seen.append(focused.id)
            assert screen.query_one("#stats-body").region.overlaps(focused.region)
        assert sorted(seen) == ["stats-discipline", "stats-funnel", "stats-responses"]
        funnel = screen.query_one("#stats-funnel", OptionList)
        while screen.focused is not funnel:
            await pilot.press("tab")
        assert funnel.highlighted == 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await settle(pilot)
        assert board(app).current is not None and board(app).current.stage.name == "Applied"


async def test_random_keys_on_stats_raise_nothing(stats_db: Path) -> None:
    """Seeded: the same 240 keys every run, at 80x24 and 40x12 (enter leaves for
    the board, g comes back)."""
    keys = ["p", "s", "v", "tab", "shift+tab", "up", "down", "pageup", "pagedown", "home",
            "end", "enter", "escape", "left", "right", "g", "g", "g", "question_mark"]
    rng = random.Random(20261202)
    for size in ((80, 24), (40, 12)):
        async with run_app(stats_db, size=size) as (app, pilot):
            await open_stats(app, pilot)
            for _ in range(120):
                await pilot.press(rng.choice(keys))
            await settle(pilot)
            await pilot.press("g")
            await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen)
                             and stats(app).report is not None, "Stats after the walk")
            assert not [n for n in notifications(app) if "Error" in n or "Could not" in n]


def test_the_keymap_lists_the_stats_keys_before_stats_opens() -> None:
    """Settings' keymap names Stats' bindings even when Stats was never opened (a
    fresh interpreter: this test module has imported the screen already)."""
    import subprocess
    import sys

    code = ("from tui.app import AfterviewApp\n"
            "from tui.screens.settings import binding_rows\n"
            "print(' '.join(row[0] for row in binding_rows(AfterviewApp())))\n")
    ids = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True, timeout=120).stdout.split())
    assert {"app.stats", "stats.period", "stats.sort", "stats.group", "stats.board"} <= ids


async def test_the_default_period_is_read_ahead_and_kept_out_of_the_collector(
        stats_db: Path) -> None:
    """Once the store is open the app reads Stats' default period ahead, so the
    first `g` draws at once; when it lands, what start-up left alive is frozen
    (the full collections that walked it cost the first `g` 20-27 ms at 5,000
    applications)."""
    import gc

    from storage.rules.stats import DEFAULT_PERIOD

    app = AfterviewApp(db_target=str(stats_db))
    app.STATS_AHEAD_SECONDS = 0.05
    async with run_app(stats_db, app=app) as (app, pilot):
        await wait_until(pilot, lambda: DEFAULT_PERIOD in app.stats_reads.reports,
                         "the default period read ahead")
        report = app.stats_reads.reports[DEFAULT_PERIOD]
        # gc.get_objects() lists what the collector walks; frozen objects are not in it.
        assert not any(o is report for o in gc.get_objects())
        await pilot.press("g")
        await settle(pilot)
        assert stats(app).report is report
