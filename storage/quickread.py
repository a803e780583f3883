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
import sqlite3
from datetime import date
from pathlib import Path

from storage import cards as assemble
from storage.records import BoardData, StageRec
from storage.settings import Settings, cadence_cache_marker

_APPS = """
SELECT a.id, c.name, a.role, a.stage_id, a.position, a.outcome
FROM applications a JOIN companies c ON c.id = a.company_id
ORDER BY a.stage_id, a.position, a.id
"""
_ACTIONS = """
SELECT application_id, kind, due_on, late_after, contact_name, reason FROM pending_actions
"""


def read_board(path: Path, today: date, head: str) -> BoardData | None:
    """The board straight from the file, or None when the full store must do it."""
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
        stages = [StageRec(i, n, p, bool(c)) for i, n, p, c in conn.execute(
            "SELECT id, name, position, closed FROM stages ORDER BY position, id")]
        return assemble.board(stages, conn.execute(_APPS), conn.execute(_ACTIONS), today)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
