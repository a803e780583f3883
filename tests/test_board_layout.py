"""The board's columns at the sizes people use: shared out when they all fit,
a fixed readable width each (scrolled sideways) when they do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import settle
from tests.helpers import board, running


@pytest.mark.parametrize("width", [80, 100, 40])
async def test_a_narrow_terminal_shows_columns_of_a_fixed_width(fixed_db: Path,
                                                                 width: int) -> None:
    async with running(fixed_db, size=(width, 24)) as (app, _):
        widths = {column.size.width for column in board(app).columns}
        assert widths == {24}, widths  # not one column the width of the screen


async def test_a_wide_terminal_shares_its_width_and_follows_a_resize(fixed_db: Path) -> None:
    async with running(fixed_db, size=(160, 40)) as (app, pilot):
        widths = [column.size.width for column in board(app).columns]
        assert min(widths) >= 24 and max(widths) - min(widths) <= 1, widths
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert {column.size.width for column in board(app).columns} == {24}


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
async def test_the_active_column_stays_in_view_when_the_board_turns_narrow(
        fixed_db: Path, size: tuple[int, int]) -> None:
    """The active column is where the keys act: when the terminal shrinks and the
    columns take their fixed width (scrolled sideways), it is kept on screen, as
    on the board's first showing before its columns are laid out."""
    async with running(fixed_db, size=(160, 40)) as (app, pilot):
        columns = board(app).columns
        await pilot.press(*["right"] * (len(columns) - 1))
        await settle(pilot)
        last = board(app).current
        assert last is columns[-1]
        await pilot.resize_terminal(*size)
        await settle(pilot)
        visible = app.screen.query_one("#columns").region
        assert last.size.width == 24
        assert visible.contains_region(last.region), (last.region, visible)


async def test_a_long_column_shows_where_it_is_scrolled(tmp_path: Path) -> None:
    from storage.db.engine import open_database
    from storage.db.store import Store

    db_path = tmp_path / "long.db"
    db = open_database(db_path)
    store = Store(db)
    for n in range(30):
        store.add_application(f"Company {n:02}", "Engineer", stage="Applied")
    db.close()
    async with running(db_path, size=(120, 24)) as (app, pilot):
        cards = board(app).columns[0].cards

        def mark() -> str:
            """The column's last cell on each line, top to bottom, as drawn."""
            return "".join(cards.render_line(y).text[-1] for y in range(cards.size.height))

        top = mark()
        thumb = top.count("▐")
        assert top == "▐" * thumb + "│" * (len(top) - thumb) and 0 < thumb < len(top) // 2
        await pilot.press("end")
        await settle(pilot)
        assert mark() == "│" * (len(top) - thumb) + "▐" * thumb  # moved to the bottom
        assert cards.highlighted == cards.cards[-1]  # the cursor went with it


async def test_at_120_columns_headers_keep_their_counts_and_cards_their_action(
        fixed_db: Path) -> None:
    from storage.db.engine import open_database
    from storage.db.store import Store

    db = open_database(fixed_db)
    store = Store(db)
    interview = next(s for s in store.stages() if s.name == "Interview")
    store.rename_stage(interview.id, "Interview with the whole panel")
    db.close()
    async with running(fixed_db, size=(120, 30)) as (app, _):
        texts = {c.stage.name: str(c.header.render()) for c in board(app).columns}
        header = texts["Interview with the whole panel"]
        assert header.endswith("(2)  ● 1") and "…" in header, header  # the name gave way
        for column in board(app).columns:
            cards = column.cards
            for index, card in enumerate(cards.cards):
                line = cards.render_line(index * 4 + 2).text.rstrip(" │▐")
                if card.next_on is not None and card.next_kind != "custom":
                    assert not line.endswith("…"), line  # the date and a word, whole
