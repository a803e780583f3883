"""Board cards from plain rows: shared by the SQLAlchemy reader
(:mod:`storage.db.board_query`) and the sqlite3 first-frame reader
(:mod:`storage.fastpath.quickread`), so both show exactly the same board.

Pure and light: no database imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from storage.rules.cadence import ActionKind, action_status
from storage.rules.records import BoardData, Card, StageRec

_KIND_ORDER = {k.value: i for i, k in enumerate(ActionKind)}
_SHORT = {
    "thank_you": "Thank-you", "follow_up": "Follow-up", "second_follow_up": "2nd follow-up",
    "move_on": "Move on", "references": "References",
}

#: (application_id, company, role, stage_id, position, outcome)
AppRow = tuple[int, str, str, int, float, str | None]
#: (application_id, kind, due_on, late_after, contact_name, reason)
ActionRow = tuple[int, str, Any, Any, str | None, str]


def _day(value: Any) -> date | None:
    """A date from SQLAlchemy, or the ISO text sqlite3 returns."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


#: The fewest words that still say what is due, for a narrow card.
_TINY = {**_SHORT, "second_follow_up": "Follow-up 2"}


def tiny_label(kind: str | None) -> str | None:
    """What is due in a word or two (None for a reminder: its title is all)."""
    return _TINY.get(kind) if kind else None


def label(kind: str, contact: str | None, reason: str) -> str:
    if kind == ActionKind.CUSTOM:
        return reason
    short = _SHORT.get(kind, kind)
    return f"{short} to {contact}" if contact and kind != ActionKind.MOVE_ON else short


def next_actions(rows: Iterable[ActionRow],
                 today: date) -> dict[int, tuple[str, str, date, str]]:
    """Each application's earliest action: (kind, label, due, status)."""
    best: dict[int, tuple[date, int, str, str | None, str, date | None]] = {}
    for app_id, kind, due_raw, late_raw, contact, reason in rows:
        due = _day(due_raw)
        assert due is not None
        candidate = (due, _KIND_ORDER.get(kind, 99), kind, contact, reason, _day(late_raw))
        current = best.get(app_id)
        if current is None or candidate[:2] < current[:2]:
            best[app_id] = candidate
    return {
        app_id: (kind, label(kind, contact, reason), due,
                 action_status(due, late_after, today).value)
        for app_id, (due, _, kind, contact, reason, late_after) in best.items()
    }


def cards(app_rows: Iterable[AppRow], action_rows: Iterable[ActionRow],
          today: date) -> list[Card]:
    nexts = next_actions(action_rows, today)
    out = []
    for app_id, company, role, stage_id, position, outcome in app_rows:
        kind, text, due, status = nexts.get(app_id, (None, None, None, None))
        out.append(Card(app_id, company, role, stage_id, position, kind, text, due, status,
                        outcome))
    return out


def stages(rows: Iterable[tuple[int, str, int, str]]) -> list[StageRec]:
    """(id, name, position, role) rows, in column order."""
    return [StageRec(i, name, position, role) for i, name, position, role in rows]


def board(stages: list[StageRec], app_rows: Iterable[AppRow],
          action_rows: Iterable[ActionRow], today: date) -> BoardData:
    """``app_rows`` must come in column order (stage, position, id)."""
    by_stage: dict[int, list[Card]] = {stage.id: [] for stage in stages}
    for card in cards(app_rows, action_rows, today):
        by_stage.setdefault(card.stage_id, []).append(card)
    return BoardData(stages, by_stage)
