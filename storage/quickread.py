"""The board for the first frame, read with the standard library's sqlite3.

Importing SQLAlchemy costs about 0.3 s, more than a bare Textual app takes
to draw. For an SQLite file that is already migrated and whose pending
actions are current, the board needs three plain queries, so the app shows
it from here and opens the full store right after. Anything unexpected
(another schema, a stale cache, a server URL) returns None, and the app
simply waits for the full store.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from storage import agenda as agenda_rows
from storage import cards as assemble
from storage.errors import StorageError
from storage.paths import resolve_target
from storage.records import AgendaItem, BoardData, Card, StageRec
from storage.settings import Settings, cadence_cache_marker

_APPS = """
SELECT a.id, c.name, a.role, a.stage_id, a.position, a.outcome
FROM applications a JOIN companies c ON c.id = a.company_id
ORDER BY a.stage_id, a.position, a.id
"""
_ACTIONS = """
SELECT application_id, kind, due_on, late_after, contact_name, reason FROM pending_actions
"""


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
        if stored.get("_cadence_cache") != json.dumps(cadence_cache_marker(settings)):
            return None
        return read(conn)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()


def read_board(path: Path, today: date, head: str) -> BoardData | None:
    """The board straight from the file, or None when the full store must do it."""

    def board(conn: sqlite3.Connection) -> BoardData:
        stages = [StageRec(i, n, p, bool(c)) for i, n, p, c in conn.execute(
            "SELECT id, name, position, closed FROM stages ORDER BY position, id")]
        return assemble.board(stages, conn.execute(_APPS), conn.execute(_ACTIONS), today)

    return _read_current(path, head, board)


_AGENDA = """
SELECT p.due_on, p.due_at, p.kind, p.late_after, c.name, a.role, p.contact_name,
       p.application_id, p.reason, p.interview_id, p.round_number, p.contact_id,
       p.custom_action_id, p.snoozed
FROM pending_actions p
JOIN applications a ON a.id = p.application_id
JOIN companies c ON c.id = a.company_id
WHERE p.due_on <= ?
ORDER BY p.due_on, p.due_at, c.name, p.application_id, p.id
"""


def read_agenda(path: Path, end: date, today: date, head: str) -> list[AgendaItem] | None:
    """Every pending action due up to ``end`` (Today's list), as
    :func:`storage.actions.agenda` gives it, or None when the full store must do it."""

    def agenda(conn: sqlite3.Connection) -> list[AgendaItem]:
        rows = conn.execute(_AGENDA, (end.isoformat(),))
        return agenda_rows.items(
            ((date.fromisoformat(r[0]), datetime.fromisoformat(r[1]) if r[1] else None, r[2],
              date.fromisoformat(r[3]) if r[3] else None, *r[4:13], bool(r[13]))
             for r in rows), today)

    return _read_current(path, head, agenda)

def board_of(target: str | os.PathLike[str] | None, today: date, head: str) -> BoardData | None:
    """The board of a ``--db`` target, or None (a URL, no file yet, anything odd)."""
    try:
        path = resolve_target(target)
        if isinstance(path, str) or not path.exists():
            return None
        return read_board(path, today, head)
    except (StorageError, OSError):
        return None


#: A board as plain tuples: (stages, {stage id: cards}), cheap to pickle.
_Plain = tuple[list[tuple[object, ...]], dict[int, list[tuple[object, ...]]]]


def _plain(board: BoardData) -> _Plain:
    stages = [(s.id, s.name, s.position, s.closed) for s in board.stages]
    cards = {stage_id: [(c.id, c.company, c.role, c.stage_id, c.position, c.next_kind,
                         c.next_label, c.next_on, c.next_status, c.outcome) for c in column]
             for stage_id, column in board.cards.items()}
    return stages, cards


def _from_plain(plain: _Plain) -> BoardData:
    stages, cards = plain
    return BoardData([StageRec(*s) for s in stages],  # type: ignore[arg-type]
                     {stage_id: [Card(*c) for c in column]  # type: ignore[arg-type]
                      for stage_id, column in cards.items()})


def board_aside(target: str | os.PathLike[str] | None, today: date,
                head: str) -> Callable[[], BoardData | None]:
    """Start reading the board in a forked process; call the result to get it.

    The app's imports keep one core busy for about 0.2 s before it can draw;
    reading 5,000 cards is another 40 ms of Python on that core. A child
    process reads them on the other core meanwhile and sends plain tuples
    (the cards are rebuilt here in about 14 ms). Without fork (Windows), or
    if the child fails, the board is read here when asked for.
    """
    if not hasattr(os, "fork"):
        return lambda: board_of(target, today, head)
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return lambda: board_of(target, today, head)
    if pid == 0:  # the child: read, send, leave without running any exit handler
        code = 1
        try:
            os.close(read_end)
            board = board_of(target, today, head)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(None if board is None else _plain(board), out,
                            protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def wait() -> BoardData | None:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
        finally:
            os.waitpid(pid, 0)
        try:
            plain = pickle.loads(data)
        except Exception:  # the child died: read it here
            return board_of(target, today, head)
        return None if plain is None else _from_plain(plain)

    return wait
