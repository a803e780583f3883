"""What the board shows, read with SQLAlchemy Core (no ORM objects: 5,000
cards in about 40 ms). The rows become cards in :mod:`storage.rules.board_cards`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db.models import Application, Company, Contact, PendingAction, Stage
from storage.rules import board_cards as assemble
from storage.rules.records import BoardData, Card, StageRec


def _rows(s: Session, app_ids: Sequence[int] | None) -> tuple[list, list]:  # type: ignore[type-arg]
    apps = (
        select(Application.id, Company.name, Application.role, Application.stage_id,
               Application.position, Application.outcome)
        .join(Company, Company.id == Application.company_id)
        .order_by(Application.stage_id, Application.position, Application.id)
    )
    actions = select(PendingAction.application_id, PendingAction.kind, PendingAction.due_on,
                     PendingAction.late_after, PendingAction.contact_name,
                     PendingAction.reason)
    if app_ids is not None:
        apps = apps.where(Application.id.in_(list(app_ids)))
        actions = actions.where(PendingAction.application_id.in_(list(app_ids)))
    return [tuple(r) for r in s.execute(apps)], [tuple(r) for r in s.execute(actions)]


def board(s: Session, today: date) -> BoardData:
    stages = [StageRec(r.id, r.name, r.position, r.closed)
              for r in s.scalars(select(Stage).order_by(Stage.position, Stage.id))]
    app_rows, action_rows = _rows(s, None)
    return assemble.board(stages, app_rows, action_rows, today)


def cards(s: Session, app_ids: Sequence[int], today: date) -> list[Card]:
    app_rows, action_rows = _rows(s, app_ids)
    return assemble.cards(app_rows, action_rows, today)


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
