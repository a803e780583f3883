"""The board's and the agenda's SQL: one text for both readers.

The first frame reads these with sqlite3 (:mod:`storage.fastpath.quickread`,
no SQLAlchemy: 0.3 s saved on start-up); the store runs the very same text
through SQLAlchemy's ``text()`` (:mod:`storage.db.board_query`,
:mod:`storage.db.pending_actions`). So the two cannot drift apart: a column
added here reaches both, in the order the row shapes of
:mod:`storage.rules.board_cards` and :mod:`storage.rules.agenda_rows` expect.

Parameters are named (``:end``): sqlite3 and SQLAlchemy both take that form.
Plain SQL that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

#: The internal settings row both readers check (the cache was computed under these rules).
CADENCE_CACHE_KEY = "_cadence_cache"

#: -> (id, name, position, role): storage.rules.board_cards.stages()
STAGES = "SELECT id, name, position, role FROM stages ORDER BY position, id"

_BOARD_APPS = """
SELECT a.id, c.name AS company, a.role, a.stage_id, a.position, a.outcome
FROM applications a JOIN companies c ON c.id = a.company_id
{where}
ORDER BY a.stage_id, a.position, a.id
"""
_BOARD_ACTIONS = """
SELECT application_id, kind, due_on, late_after, contact_name, reason
FROM pending_actions
{where}
"""

_AGENDA = """
SELECT p.due_on, p.due_at, p.kind, p.late_after, c.name AS company, a.role, p.contact_name,
       p.application_id, p.reason, p.interview_id, p.round_number, p.contact_id,
       p.custom_action_id, p.snoozed
FROM pending_actions p
JOIN applications a ON a.id = p.application_id
JOIN companies c ON c.id = a.company_id
{where}
ORDER BY p.due_on, p.due_at, c.name, p.application_id, p.id
{limit}
"""

#: The agenda's conditions, for :func:`agenda`.
DUE_FROM = "p.due_on >= :start"
DUE_UNTIL = "p.due_on <= :end"
DUE_AFTER = "p.due_on > :day"
OF_APPLICATION = "p.application_id = :app_id"
OF_APPLICATIONS = "p.application_id IN :app_ids"  # an expanding parameter: SQLAlchemy only
EARLIEST_OF_ITS_APPLICATION = (
    "p.due_on = (SELECT min(q.due_on) FROM pending_actions q "
    "WHERE q.application_id = p.application_id)"
)


def _where(conditions: tuple[str, ...]) -> str:
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""


def board_apps(*conditions: str) -> str:
    """-> storage.rules.board_cards.AppRow, in column order. Conditions on ``a``."""
    return _BOARD_APPS.format(where=_where(conditions))


def board_actions(*conditions: str) -> str:
    """-> storage.rules.board_cards.ActionRow. Conditions on ``pending_actions``."""
    return _BOARD_ACTIONS.format(where=_where(conditions))


def agenda(*conditions: str, limit: int | None = None) -> str:
    """-> storage.rules.agenda_rows.Row, in the agenda's order."""
    return _AGENDA.format(where=_where(conditions),
                          limit="" if limit is None else f"LIMIT {int(limit)}")
