"""The first-frame reader shows exactly what the full store shows, or steps aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.db.engine import HEAD, open_database
from storage.db.store import Store
from storage.fastpath.aside import agenda_aside, board_aside
from storage.fastpath.quickread import read_board
from storage.interchange.demo import create_demo_database
from storage.rules.agenda_rows import DayCounts, day_counts
from tests.conftest import FROZEN_TODAY


def test_quick_board_equals_the_stores(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY, applications=200)
    quick = read_board(path, FROZEN_TODAY, HEAD)
    db = open_database(path)
    full = Store(db).board(FROZEN_TODAY)
    db.close()
    assert quick is not None
    assert quick == full
    assert sum(len(cards) for cards in quick.cards.values()) == 200


def test_steps_aside_for_a_stale_cache(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE settings SET value = '\"0|old rules\"' WHERE key = '_cadence_cache'")
    conn.commit()
    conn.close()
    assert read_board(path, FROZEN_TODAY, HEAD) is None


def test_steps_aside_for_another_schema_or_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY)
    assert read_board(path, FROZEN_TODAY, "9999_future") is None
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    assert read_board(other, FROZEN_TODAY, HEAD) is None
    assert read_board(tmp_path / "missing.db", FROZEN_TODAY, HEAD) is None


def test_quick_agenda_equals_the_stores(tmp_path: Path) -> None:
    from datetime import timedelta

    from storage.fastpath.quickread import read_agenda

    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY, applications=200)
    end = FROZEN_TODAY + timedelta(days=7)
    quick = read_agenda(path, end, FROZEN_TODAY, HEAD)
    db = open_database(path)
    full = Store(db).agenda(None, end, FROZEN_TODAY)
    db.close()
    assert quick is not None and len(quick) > 50
    assert quick == full
    assert read_agenda(path, end, FROZEN_TODAY, "9999_future") is None


def test_the_board_read_aside_is_the_same_board(tmp_path: Path) -> None:
    # A forked process reads it while the app imports (storage.fastpath.aside.board_aside).
    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY, applications=50)
    aside = board_aside(str(path), FROZEN_TODAY, HEAD)()
    assert aside is not None
    assert aside == read_board(path, FROZEN_TODAY, HEAD)
    assert board_aside(str(tmp_path / "missing.db"), FROZEN_TODAY, HEAD)() is None
    assert board_aside("sqlite:///elsewhere.db", FROZEN_TODAY, HEAD)() is None


def test_todays_start_read_aside_is_the_stores_start_and_totals(tmp_path: Path) -> None:
    # Today's first frame: its first rows, and the counts of the whole list.
    from datetime import timedelta

    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY, applications=200)
    end = FROZEN_TODAY + timedelta(days=7)
    first = agenda_aside(str(path), end, FROZEN_TODAY, HEAD, 20)()
    db = open_database(path)
    full = Store(db).agenda(None, end, FROZEN_TODAY)
    db.close()
    assert first is not None and len(full) > 20
    assert first.items == full[:20]
    assert first.totals == day_counts(full, FROZEN_TODAY)
    assert sum(first.totals) == len(full) and first.totals.overdue > 0
    assert agenda_aside(str(tmp_path / "missing.db"), end, FROZEN_TODAY, HEAD, 20)() is None


def test_day_counts_split_overdue_today_and_ahead() -> None:
    from datetime import timedelta

    from storage.rules.records import AgendaItem

    def item(days: int) -> AgendaItem:
        return AgendaItem(FROZEN_TODAY + timedelta(days=days), None, "follow_up", "upcoming",
                          "Acme", "Engineer", None, 1, "why")

    items = [item(-3), item(-1), item(0), item(1), item(7)]
    assert day_counts(items, FROZEN_TODAY) == DayCounts(overdue=2, today=1, ahead=2)
    assert day_counts([], FROZEN_TODAY) == DayCounts(0, 0, 0)
