"""The first frame's data (the board, or Today's list), read with sqlite3 alone.

Importing SQLAlchemy costs about 0.3 s, more than a bare Textual app takes
to draw. For an SQLite file that is already migrated and whose pending
actions are current, the board or Today's list needs a few plain queries, so
the app shows them from here and opens the full store right after. Anything unexpected
(another schema, a stale cache, a server URL) returns None, and the app
simply waits for the full store.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from storage.errors import StorageError
from storage.fastpath import sql
from storage.paths import resolve_target
from storage.rules import agenda_rows
from storage.rules import board_cards as assemble
from storage.rules.records import AgendaItem, BoardData, Card, StageRec
from storage.rules.settings import Settings, cadence_cache_marker

T = TypeVar("T")


def _read_current(path: Path, head: str, read: Callable[[sqlite3.Connection], T]) -> T | None:
    """``read(conn)`` on a migrated file whose pending actions are current, else None."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != head:
            return None
        stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        settings = Settings.from_stored(stored.items())
        if stored.get(sql.CADENCE_CACHE_KEY) != json.dumps(cadence_cache_marker(settings)):
            return None
        return read(conn)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()


def read_board(path: Path, today: date, head: str) -> BoardData | None:
    """The board straight from the file, or None when the full store must do it."""

    def board(conn: sqlite3.Connection) -> BoardData:
        stages = assemble.stages(conn.execute(sql.STAGES))
        return assemble.board(stages, conn.execute(sql.board_apps()),
                              conn.execute(sql.board_actions()), today)

    return _read_current(path, head, board)


def read_agenda(path: Path, end: date, today: date, head: str) -> list[AgendaItem] | None:
    """Every pending action due up to ``end`` (Today's list), as
    :func:`storage.db.pending_actions.agenda` gives it, or None when the full store must do it."""

    def agenda(conn: sqlite3.Connection) -> list[AgendaItem]:
        rows = conn.execute(sql.agenda(sql.DUE_UNTIL), {"end": end.isoformat()})
        return agenda_rows.items(
            ((date.fromisoformat(r[0]), datetime.fromisoformat(r[1]) if r[1] else None, r[2],
              date.fromisoformat(r[3]) if r[3] else None, *r[4:13], bool(r[13]))
             for r in rows), today)

    return _read_current(path, head, agenda)


def _file_of(target: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a ``--db`` target names, if it exists (not a URL)."""
    try:
        path = resolve_target(target)
        return None if isinstance(path, str) or not path.exists() else path
    except (StorageError, OSError):
        return None


def board_of(target: str | os.PathLike[str] | None, today: date, head: str) -> BoardData | None:
    """The board of a ``--db`` target, or None (a URL, no file yet, anything odd)."""
    path = _file_of(target)
    try:
        return None if path is None else read_board(path, today, head)
    except OSError:
        return None


def agenda_of(target: str | os.PathLike[str] | None, end: date, today: date,
              head: str) -> list[AgendaItem] | None:
    """Today's list (due up to ``end``) of a ``--db`` target, or None."""
    path = _file_of(target)
    try:
        return None if path is None else read_agenda(path, end, today, head)
    except OSError:
        return None


#: A board as plain tuples: (stages, {stage id: cards}), cheap to pickle.
PlainBoard = tuple[list[tuple[object, ...]], dict[int, list[tuple[object, ...]]]]


def plain_board(board: BoardData) -> PlainBoard:
    stages = [(s.id, s.name, s.position, s.role) for s in board.stages]
    cards = {stage_id: [(c.id, c.company, c.role, c.stage_id, c.position, c.next_kind,
                         c.next_label, c.next_on, c.next_status, c.outcome) for c in column]
             for stage_id, column in board.cards.items()}
    return stages, cards


def board_from_plain(plain: PlainBoard) -> BoardData:
    stages, cards = plain
    return BoardData([StageRec(*s) for s in stages],  # type: ignore[arg-type]
                     {stage_id: [Card(*c) for c in column]  # type: ignore[arg-type]
                      for stage_id, column in cards.items()})


@dataclass(frozen=True, slots=True)
class FirstAgenda:
    """The start of Today's list, for the first frame: its first ``rows`` items
    (in Today's order) and how many there are in all."""

    items: list[AgendaItem]
    totals: agenda_rows.DayCounts


def first_agenda(target: str | os.PathLike[str] | None, end: date, today: date, head: str,
                 rows: int) -> FirstAgenda | None:
    items = agenda_of(target, end, today, head)
    if items is None:
        return None
    return FirstAgenda(items[:rows], agenda_rows.day_counts(items, today))
