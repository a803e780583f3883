"""The first-frame reader shows exactly what the full store shows, or steps aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.demo import create_demo_database
from storage.engine import HEAD, open_database
from storage.quickread import board_aside, read_board
from storage.store import Store
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

    from storage.quickread import read_agenda

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
    # A forked process reads it while the app imports (storage.quickread.board_aside).
    path = tmp_path / "demo.db"
    create_demo_database(path, FROZEN_TODAY, applications=50)
    aside = board_aside(str(path), FROZEN_TODAY, HEAD)()
    assert aside is not None
    assert aside == read_board(path, FROZEN_TODAY, HEAD)
    assert board_aside(str(tmp_path / "missing.db"), FROZEN_TODAY, HEAD)() is None
    assert board_aside("sqlite:///elsewhere.db", FROZEN_TODAY, HEAD)() is None
