"""Rows of the pending-actions table as agenda items: one pure function shared by
the store (SQLAlchemy) and the first-frame read (sqlite3, storage.fastpath.quickread)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from storage.rules.cadence import ActionKind, action_status
from storage.rules.records import AgendaItem

_KIND_ORDER = {k.value: i for i, k in enumerate(ActionKind)}

#: Days after today that Today and ``afterview today`` show (PRODUCT.md: the next 7).
TODAY_AHEAD = 7

#: (due_on, due_at, kind, late_after, company, role, contact_name, application_id,
#:  reason, interview_id, round_number, contact_id, custom_action_id, snoozed)
Row = tuple[date, datetime | None, str, date | None, str, str, str | None, int, str,
            int | None, int | None, int | None, int | None, bool]


def local_time(due_at: datetime | None) -> datetime | None:
    """A stored ``due_at`` (naive UTC) → naive wall time in this machine's zone."""
    if due_at is None:
        return None
    return due_at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def items(rows: Iterable[Row | Any], today: date) -> list[AgendaItem]:
    """Rows already ordered by (due day, time, company): the agenda, with each
    day's kinds in the cadence's order (thank-yous first), times in this
    machine's zone."""
    out = [
        AgendaItem(
            date=due_on, due_at=local_time(due_at), kind=kind,
            status=action_status(due_on, late_after, today).value, company=company,
            role=role, contact=contact, application_id=app_id, reason=reason,
            interview_id=interview_id, round_number=round_number, contact_id=contact_id,
            custom_action_id=custom_id, snoozed=bool(snoozed),
        )
        for (due_on, due_at, kind, late_after, company, role, contact, app_id, reason,
             interview_id, round_number, contact_id, custom_id, snoozed) in rows
    ]
    out.sort(key=lambda i: (i.date, _KIND_ORDER.get(i.kind, 99)))
    return out


class DayCounts(NamedTuple):
    """How many of a list's items are overdue, due today, and due after today."""

    overdue: int
    today: int
    ahead: int


def day_counts(items: Iterable[AgendaItem], today: date) -> DayCounts:
    overdue = due = ahead = 0
    for item in items:
        if item.date < today:
            overdue += 1
        elif item.date == today:
            due += 1
        else:
            ahead += 1
    return DayCounts(overdue, due, ahead)
