"""What the board shows, read as plain rows (no ORM objects: 5,000 cards in
about 40 ms). The SQL is :mod:`storage.fastpath.sql`'s, the first frame's
own; the rows become cards in :mod:`storage.rules.board_cards`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from storage.db.models import Application, Company, Contact
from storage.fastpath import sql
from storage.rules import board_cards as assemble
from storage.rules.board_cards import ActionRow, AppRow
from storage.rules.records import BoardData, Card


def _rows(s: Session, app_ids: Sequence[int] | None) -> tuple[list[AppRow], list[ActionRow]]:
    if app_ids is None:
        apps, actions, params = text(sql.board_apps()), text(sql.board_actions()), {}
    else:
        ids = bindparam("app_ids", expanding=True)
        apps = text(sql.board_apps("a.id IN :app_ids")).bindparams(ids)
        actions = text(sql.board_actions("application_id IN :app_ids")).bindparams(ids)
        params = {"app_ids": list(app_ids)}
    return ([tuple(r) for r in s.execute(apps, params)],  # type: ignore[misc]
            [tuple(r) for r in s.execute(actions, params)])  # type: ignore[misc]


def board(s: Session, today: date) -> BoardData:
    stages = assemble.stages(s.execute(text(sql.STAGES)))
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
