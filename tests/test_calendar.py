"""The calendar, driven by keys on fixed data (today is Sun 22 Nov 2026)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import run_app, settle
from tests.fixtures import rename_company
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.screens.calendar import CalendarScreen
from tui.widgets.month_grid import MonthGrid, counts, grid_days, today_label


@asynccontextmanager
async def on_calendar(db_path: Path) -> AsyncIterator[tuple[AfterviewApp, Pilot[None]]]:
    async with run_app(db_path, show="calendar") as (app, pilot):
        yield app, pilot


def calendar(app: AfterviewApp) -> CalendarScreen:
    assert isinstance(app.screen, CalendarScreen), app.screen
    return app.screen


def shown_counts(app: AfterviewApp) -> dict[date, str]:
    """Each day's counts as the grid draws them, e.g. {Mon 23 Nov: "F1"}."""
    grid = calendar(app).query_one(MonthGrid)
    lines = [grid.render_line(y).text for y in range(2 + 6 * 3)]
    width = grid.size.width // 7
    days = grid_days(grid.month, grid.first_weekday)
    out = {}
    for week in range(6):
        line = lines[2 + week * 3 + 1]
        for col in range(7):
            text = line[col * width:(col + 1) * width].strip()
            if text:
                out[days[week * 7 + col]] = text
    return out


def shown_labels(app: AfterviewApp) -> dict[date, str]:
    """Each day's number line as the grid draws it, e.g. {Sun 22 Nov: "[22]"}."""
    grid = calendar(app).query_one(MonthGrid)
    width = grid.size.width // 7
    days = grid_days(grid.month, grid.first_weekday)
    out = {}
    for week in range(6):
        line = grid.render_line(2 + week * 3).text
        for col in range(7):
            out[days[week * 7 + col]] = line[col * width:(col + 1) * width].strip()
    return out


def shown_month(app: AfterviewApp) -> str:
    """The month the grid's heading names, as drawn."""
    return calendar(app).query_one(MonthGrid).render_line(0).text.strip()


def marked_days(app: AfterviewApp) -> list[int]:
    """The day numbers the grid draws in reverse (the selected day), as drawn."""
    grid = calendar(app).query_one(MonthGrid)
    marked = []
    for y in range(2, 2 + 6 * 3, 3):
        for segment in grid.render_line(y):
            if segment.style is not None and segment.style.reverse and segment.text.strip():
                marked.append(int(segment.text.strip(" []")))
    return marked


def day_rows(app: AfterviewApp) -> list[str]:
    table = calendar(app).query_one("#day-agenda", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_the_month_shows_the_right_counts_on_the_right_days(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, _):
        screen = calendar(app)
        assert shown_month(app) == "November 2026"
        assert screen.sub_title == "Sun 22 Nov"  # today, in the header
        # Acme's thank-you (overdue), Hooli's references (today), Globex's first
        # follow-up, Initech's second, Acme's first.
        assert shown_counts(app) == {
            date(2026, 11, 20): "T1", date(2026, 11, 22): "R1", date(2026, 11, 23): "F1",
            date(2026, 11, 24): "S1", date(2026, 11, 26): "F1",
        }
        assert [c[2] for c in counts(screen.by_day[date(2026, 11, 20)])] == ["$error"]
        assert [c[2] for c in counts(screen.by_day[date(2026, 11, 22)])] == ["$warning"]
        # The selected day starts at today, with its agenda beside the grid.
        assert day_rows(app) == ["Tell your references to expect a call"]
        title = str(screen.query_one("#day-title", Static).render())
        assert title.startswith("Sun 22 Nov (today)")


def add_reminder(db_path: Path, company: str, due_on: date) -> None:
    db = open_database(db_path)
    try:
        store = Store(db)
        found = next(a for a in store.applications() if a.company == company)
        store.add_custom_action(found.id, "Ask about the team's roadmap", due_on)
    finally:
        db.close()


async def test_today_is_bracketed_unlike_a_day_with_actions(fixed_db: Path) -> None:
    # A reminder counts as "•" on its day; today's mark was that same "•".
    add_reminder(fixed_db, "Globex", date(2026, 11, 25))
    async with on_calendar(fixed_db) as (app, pilot):
        today, follow_up, reminder = date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 25)

        def looks() -> None:
            labels, shown = shown_labels(app), shown_counts(app)
            # Today with an action due (Hooli's references): its brackets, and its count.
            assert (labels[today], shown[today]) == ("[22]", "R1")
            # Days with actions keep a bare number; the reminder keeps its "•".
            assert (labels[follow_up], shown[follow_up]) == ("23", "F1")
            assert (labels[reminder], shown[reminder]) == ("25", "•1")
            # Only today is bracketed, and no day's number carries a "•".
            assert [d for d, text in labels.items() if "[" in text or "]" in text] == [today]
            assert not any("•" in text for text in labels.values())

        looks()  # today selected: reverse, brackets still there
        assert marked_days(app) == [22]
        await pilot.press("right", "right", "right")  # the reminder's day selected
        assert marked_days(app) == [25]
        looks()
        # The legend names both marks.
        legend = str(calendar(app).query_one("#calendar-legend", Static).render())
        assert "[ ] today" in legend and "• reminder" in legend


def test_todays_digits_stay_where_other_days_are() -> None:
    assert today_label(date(2026, 11, 22)) == "[22]"  # other days: " 22"
    assert today_label(date(2026, 12, 1)) == " [1]"  # other days: "  1"


async def test_the_agenda_matches_the_store_for_the_whole_grid(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, _):
        screen = calendar(app)
        days = grid_days(date(2026, 11, 1), 0)
        db = open_database(fixed_db)
        try:
            expected = Store(db).agenda(days[0], days[-1], date(2026, 11, 22))
        finally:
            db.close()
        got = [i for d in sorted(screen.by_day) for i in screen.by_day[d]]
        assert got == expected


async def test_arrows_move_the_day_and_brackets_the_month(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, pilot):
        screen = calendar(app)
        assert marked_days(app) == [22]
        await pilot.press("right")
        assert screen.selected == date(2026, 11, 23)
        assert day_rows(app) == ["First follow-up to Sam Ortiz"]
        # Weeks are drawn from a cache: both weeks the mark left and reached redraw.
        assert marked_days(app) == [23]
        await pilot.press("down", "left")
        assert screen.selected == date(2026, 11, 29)
        assert marked_days(app) == [29]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert (screen.selected, shown_month(app)) == (date(2026, 12, 29), "December 2026")
        # December's grid starts Mon 30 Nov: nothing is due in it.
        assert grid_days(date(2026, 12, 1), 0)[0] == date(2026, 11, 30)
        assert shown_counts(app) == {}
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert shown_month(app) == "October 2026"
        assert screen.selected == date(2026, 10, 29)
        await pilot.press("full_stop")
        await settle(pilot)
        assert (screen.selected, shown_month(app)) == (date(2026, 11, 22), "November 2026")


async def test_enter_opens_the_days_action_in_the_composer(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, pilot):
        await pilot.press("right", "right")  # Tue 24 Nov: Initech's second follow-up
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComposerScreen)
        assert app.screen.title == "Second follow-up to Bill Lumbergh"


async def test_a_click_selects_a_day(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, pilot):
        grid = calendar(app).query_one(MonthGrid)
        width = grid.size.width // 7
        # Thu 26 Nov: week 5 of the grid (row 4), Thursday (column 3).
        await pilot.click(MonthGrid, offset=(3 * width + 1, 2 + 4 * 3))
        assert calendar(app).selected == date(2026, 11, 26)
        assert day_rows(app) == ["First follow-up to Dana Lee"]


async def test_snoozing_moves_the_action_on_the_grid_at_once(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, pilot):
        await pilot.press("right")  # Mon 23 Nov
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"2026-11-25", "ctrl+s")
        await settle(pilot)
        got = shown_counts(app)
        assert date(2026, 11, 23) not in got
        assert got[date(2026, 11, 25)] == "F1"
        assert day_rows(app) == []


async def test_d_on_the_calendar_marks_done(fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, pilot):
        await pilot.press("d")  # today: Hooli's references
        await settle(pilot)
        assert date(2026, 11, 22) not in shown_counts(app)
        title = str(calendar(app).query_one("#day-title", Static).render())
        assert "nothing due" in title


async def test_the_days_list_shows_the_users_text_as_typed(fixed_db: Path) -> None:
    rename_company(fixed_db, "Globex", "[bold]Globex[/bold]")
    async with on_calendar(fixed_db) as (app, pilot):
        await pilot.press("right")  # Mon 23 Nov: Globex's follow-up
        table = calendar(app).query_one("#day-agenda", DataTable)
        assert str(table.get_row_at(0)[2]) == "[bold]Globex[/bold] · Data Analyst"
        line = table.render_line(1).text  # the header is line 0
        assert "[bold]Globex" in line  # as typed (the column ends it with …)


async def test_a_new_days_list_is_sized_before_it_is_drawn(fixed_db: Path) -> None:
    # DataTable sizes new rows on its next idle, and that new size drew a
    # second frame after the rows (DayAgenda.show_rows sizes them at once).
    async with on_calendar(fixed_db) as (app, pilot):
        screen = calendar(app)
        table = screen.query_one("#day-agenda", DataTable)
        screen.action_go_today()  # no pilot: nothing idles in between
        assert (table.row_count, table.virtual_size.height) == (1, 2)  # header + row
        screen.action_move(-2)  # Fri 20 Nov: Acme's overdue thank-you
        assert (table.row_count, table.virtual_size.height) == (1, 2)
        screen.action_move(1)  # Sat 21 Nov: nothing due
        assert (table.row_count, table.virtual_size.height) == (0, 1)
        await pilot.pause()
        assert day_rows(app) == []


async def test_the_months_beside_are_read_ahead_and_read_again_after_a_write(
        fixed_db: Path) -> None:
    async with on_calendar(fixed_db) as (app, pilot):
        screen = calendar(app)
        # Read ahead while November shows: `]` and `[` draw without waiting.
        assert {date(2026, 10, 1), date(2026, 12, 1)} <= set(screen._months)
        await pilot.press("right")  # Mon 23 Nov: Globex's first follow-up
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"2026-12-02", "ctrl+s")
        await settle(pilot)
        # December was read before the snooze; what it shows now is after it.
        await pilot.press("right_square_bracket")
        assert shown_month(app) == "December 2026"
        assert shown_counts(app)[date(2026, 12, 2)] == "F1"
        await pilot.press("left_square_bracket")
        assert shown_month(app) == "November 2026"
        assert date(2026, 11, 23) not in shown_counts(app)


async def test_the_days_list_fits_its_pane_and_refits_when_resized(fixed_db: Path) -> None:
    from tui.widgets.day_agenda import LAST_MIN_WIDTH

    async with on_calendar(fixed_db) as (app, pilot):
        table = calendar(app).query_one("#day-agenda", DataTable)
        await pilot.press("right")  # Mon 23 Nov: one row

        def why_width() -> int:
            return next(c.width for c in table.columns.values() if c.key == "why")

        # 130 columns: the action and company give way, so the reason keeps a
        # useful width and nothing scrolls out of sight.
        assert why_width() >= LAST_MIN_WIDTH
        assert table.virtual_size.width == table.scrollable_content_region.width
        await pilot.resize_terminal(170, 40)
        await settle(pilot)
        # Wide enough: the reason takes what the other columns leave, exactly.
        assert why_width() > LAST_MIN_WIDTH
        assert table.virtual_size.width == table.scrollable_content_region.width
        assert day_rows(app) == ["First follow-up to Sam Ortiz"]  # rows kept


def test_the_days_columns_shrink_together_before_the_list_scrolls() -> None:
    from tui.widgets.day_agenda import LAST_MIN_WIDTH, column_widths

    assert column_widths(120) == [1, 30, 20, 69]  # wide: the reason takes the rest
    narrow = column_widths(52)  # the pane at 120 columns
    assert sum(narrow) == 52 and narrow[3] >= LAST_MIN_WIDTH
    assert 14 <= narrow[1] < 30 and 10 <= narrow[2] < 20
    assert column_widths(20) == [1, 14, 10, LAST_MIN_WIDTH]  # too narrow: it scrolls
