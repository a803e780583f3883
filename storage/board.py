"""What the board shows: one small record per card, read in two queries.

A card needs its company, role and next pending action; the board reads all
of them at once with Core queries (no ORM objects: 5,000 cards in about
40 ms) and refreshes a single card after a write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.cadence import ActionKind, ActionStatus, action_status
from storage.models import Application, Company, Contact, PendingAction, Stage
from storage.records import StageRec

_KIND_ORDER = {k.value: i for i, k in enumerate(ActionKind)}
_SHORT = {
    "thank_you": "Thank-you", "follow_up": "Follow-up", "second_follow_up": "2nd follow-up",
    "move_on": "Move on", "references": "References",
}


@dataclass(frozen=True, slots=True)
class Card:
    """One application as a board card."""

    id: int
    company: str
    role: str
    stage_id: int
    position: float
    next_kind: str | None = None
    next_label: str | None = None
    """e.g. "Follow-up to Dana Lee"."""
    next_on: date | None = None
    next_status: str | None = None
    outcome: str | None = None

    @property
    def overdue(self) -> bool:
        return self.next_status in (ActionStatus.OVERDUE, ActionStatus.LATE)


@dataclass(frozen=True, slots=True)
class BoardData:
    stages: list[StageRec]
    cards: dict[int, list[Card]]
    """Stage id → its cards in column order."""


def _label(kind: str, contact: str | None, reason: str) -> str:
    if kind == ActionKind.CUSTOM:
        return reason
    short = _SHORT.get(kind, kind)
    return f"{short} to {contact}" if contact and kind != ActionKind.MOVE_ON else short


def _next_actions(s: Session, today: date,
                  app_ids: Sequence[int] | None) -> dict[int, tuple[str, str, date, str]]:
    query = select(PendingAction.application_id, PendingAction.kind, PendingAction.due_on,
                   PendingAction.late_after, PendingAction.contact_name, PendingAction.reason)
    if app_ids is not None:
        query = query.where(PendingAction.application_id.in_(list(app_ids)))
    best: dict[int, tuple[date, int, str, str | None, str, date | None]] = {}
    for app_id, kind, due_on, late_after, contact, reason in s.execute(query):
        candidate = (due_on, _KIND_ORDER.get(kind, 99), kind, contact, reason, late_after)
        current = best.get(app_id)
        if current is None or candidate[:2] < current[:2]:
            best[app_id] = candidate
    return {
        app_id: (kind, _label(kind, contact, reason), due_on,
                 action_status(due_on, late_after, today).value)
        for app_id, (due_on, _, kind, contact, reason, late_after) in best.items()
    }


def _cards(s: Session, today: date, app_ids: Sequence[int] | None) -> list[Card]:
    query = (
        select(Application.id, Company.name, Application.role, Application.stage_id,
               Application.position, Application.outcome)
        .join(Company, Company.id == Application.company_id)
        .order_by(Application.stage_id, Application.position, Application.id)
    )
    if app_ids is not None:
        query = query.where(Application.id.in_(list(app_ids)))
    nexts = _next_actions(s, today, app_ids)
    cards = []
    for app_id, company, role, stage_id, position, outcome in s.execute(query):
        kind, label, due, status = nexts.get(app_id, (None, None, None, None))
        cards.append(Card(app_id, company, role, stage_id, position, kind, label, due, status,
                          outcome))
    return cards


def board(s: Session, today: date) -> BoardData:
    stages = [StageRec(r.id, r.name, r.position, r.closed)
              for r in s.scalars(select(Stage).order_by(Stage.position, Stage.id))]
    by_stage: dict[int, list[Card]] = {stage.id: [] for stage in stages}
    for card in _cards(s, today, None):
        by_stage.setdefault(card.stage_id, []).append(card)
    return BoardData(stages, by_stage)


def cards(s: Session, app_ids: Sequence[int], today: date) -> list[Card]:
    return _cards(s, today, app_ids)


def search_text(s: Session) -> dict[int, str]:
    """Company, role and contact names per application, lower-cased, for the filter.

    Read when the user first filters, not at start-up.
    """
    text: dict[int, list[str]] = {}
    for app_id, company, role in s.execute(
        select(Application.id, Company.name, Application.role)
        .join(Company, Company.id == Application.company_id)
    ):
        text[app_id] = [company, role]
    for app_id, name in s.execute(select(Contact.application_id, Contact.name)):
        text.setdefault(app_id, []).append(name)
    return {app_id: " ".join(parts).casefold() for app_id, parts in text.items()}
