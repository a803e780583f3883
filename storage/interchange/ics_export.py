"""``afterview export --format ics``: what is due, and the interviews ahead, as iCalendar.

Every pending action is an event (all-day on its due date; a thank-you at its
due time) with a reminder, and every upcoming interview a timed event with its
interviewers as attendees. UIDs come from the action's identity (its
application's stable id, its kind, its round, its contact), so importing the
file again or subscribing to it updates events instead of adding copies; the
SEQUENCE rises when an event's time moved since the last export
(:mod:`storage.db.calendar_sequences`).

icalendar is imported when an export asks for it (about 60 ms), never at start-up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.db.models import (
    Application,
    Company,
    Contact,
    Interview,
    Stage,
    interview_interviewers,
)
from storage.db.store import Store
from storage.rules import clock
from storage.rules.records import AgendaItem

if TYPE_CHECKING:
    from storage.db.engine import Database

PRODID = "-//Afterview//Afterview//EN"
UID_DOMAIN = "afterview"
#: An exported interview's UID: ``afterview import`` of the file finds the round by it.
ROUND_UID = re.compile(rf"^round-(?P<round>\d+)\.(?P<app>.+)@{UID_DOMAIN}$")
#: An exported action's UID (not an interview: the invite import leaves it alone).
ACTION_UID = re.compile(rf"^(?:thank_you|follow_up|second_follow_up|move_on|references|custom)"
                        rf"-[\d-]+\.(?:.+)@{UID_DOMAIN}$")
#: How long a thank-you's timed event lasts in the calendar.
NOTE_MINUTES = 30
#: An all-day action's reminder: 9:00 on its day.
ALL_DAY_ALARM = timedelta(hours=9)
#: An interview's reminder: an hour before it starts.
INTERVIEW_ALARM = timedelta(hours=-1)


def action_uid(app_uid: str, item: AgendaItem) -> str:
    """The action's identity: its kind, round, contact (or reminder) and application."""
    if item.custom_action_id is not None:
        return f"custom-{item.custom_action_id}.{app_uid}@{UID_DOMAIN}"
    return (f"{item.kind}-{item.interview_id or 0}-{item.contact_id or 0}"
            f".{app_uid}@{UID_DOMAIN}")


def round_uid(app_uid: str, round_id: int) -> str:
    return f"round-{round_id}.{app_uid}@{UID_DOMAIN}"


@dataclass(frozen=True, slots=True)
class _Round:
    id: int
    app_uid: str
    company: str
    role: str
    number: int
    starts_at: datetime
    ends_at: datetime | None
    kind: str
    talking_points: str
    people: tuple[tuple[str, str | None], ...]
    """(name, email) of each interviewer."""


def _local_aware(naive_local: datetime) -> datetime:
    return naive_local.astimezone() if naive_local.tzinfo is None else naive_local


def _read(db: Database, start: date | None, end: date | None, today: date
          ) -> tuple[list[AgendaItem], dict[int, str], list[_Round]]:
    store = Store(db)
    items = store.agenda(start, end, today)
    day_start = datetime.combine(max(start or today, today), time()).astimezone()
    with db.session() as s:
        uids: dict[int, str] = {i: u for i, u in s.execute(select(Application.id, Application.uid))}
        numbers: dict[int, int] = {}
        count: dict[int, int] = defaultdict(int)
        for rid, app_id in s.execute(select(Interview.id, Interview.application_id)
                                     .order_by(Interview.starts_at, Interview.id)):
            count[app_id] += 1
            numbers[rid] = count[app_id]
        query = (select(Interview, Application.uid, Company.name, Application.role)
                 .join(Application, Application.id == Interview.application_id)
                 .join(Company, Company.id == Application.company_id)
                 .join(Stage, Stage.id == Application.stage_id)
                 .where(Stage.role != "closed", Interview.starts_at >= day_start)
                 .order_by(Interview.starts_at, Interview.id))
        if end is not None:
            query = query.where(Interview.starts_at
                                < datetime.combine(end + timedelta(days=1), time()).astimezone())
        rows = s.execute(query).all()
        people: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        ids = [r[0].id for r in rows]
        if ids:
            for iid, name, email in s.execute(
                    select(interview_interviewers.c.interview_id, Contact.name, Contact.email)
                    .join(Contact, Contact.id == interview_interviewers.c.contact_id)
                    .where(interview_interviewers.c.interview_id.in_(ids))
                    .order_by(Contact.id)):
                people[iid].append((name, email))
        rounds = [_Round(r.id, app_uid, company, role, numbers.get(r.id, 1), r.starts_at,
                         r.ends_at, r.kind, r.talking_points, tuple(people[r.id]))
                  for r, app_uid, company, role in rows]
    return items, uids, rounds


def _item_times(item: AgendaItem) -> tuple[Any, Any, str]:
    """(start, end, the due time as remembered for SEQUENCE)."""
    if item.kind == "thank_you" and item.due_at is not None:
        start = _local_aware(item.due_at).astimezone(UTC)
        return start, start + timedelta(minutes=NOTE_MINUTES), start.isoformat()
    return item.date, item.date + timedelta(days=1), item.date.isoformat()


def export_ics(db: Database, start: date | None = None, end: date | None = None) -> str:
    """The pending actions due from ``start`` to ``end`` (None: open-ended) and the
    interviews from today (or ``start``) on, as one VCALENDAR."""
    from icalendar import Alarm, Calendar, Event, vCalAddress

    today = clock.today()
    items, uids, rounds = _read(db, start, end, today)
    times = {action_uid(uids[i.application_id], i): (i, _item_times(i)) for i in items}
    round_times = {}
    for r in rounds:
        begins = r.starts_at.astimezone(UTC)
        ends = (r.ends_at or r.starts_at + timedelta(hours=1)).astimezone(UTC)
        round_times[round_uid(r.app_uid, r.id)] = (r, begins, ends)
    dues = {uid: due for uid, (_, (_, _, due)) in times.items()}
    dues.update({uid: f"{b.isoformat()}/{e.isoformat()}"
                 for uid, (_, b, e) in round_times.items()})
    sequences = Store(db).calendar_sequences(dues)
    stamp = datetime.now(UTC).replace(microsecond=0)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Afterview")
    for uid, (item, (begins, ends, _)) in times.items():
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequences[uid])
        event.add("summary", f"{item.title} · {item.company}")
        event.add("description", f"{item.company}, {item.role}: {item.why}")
        event.add("dtstart", begins)
        event.add("dtend", ends)
        event.add("transp", "TRANSPARENT")  # a note to write does not make you busy
        event.add("categories", [item.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", ALL_DAY_ALARM if isinstance(begins, date)
                  and not isinstance(begins, datetime) else timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    for uid, (r, begins, ends) in round_times.items():
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequences[uid])
        event.add("summary", f"Interview: {r.company}, {r.role} (round {r.number}, {r.kind})")
        with_whom = ", ".join(name for name, _ in r.people)
        about = "\n\n".join(part for part in (
            f"With {with_whom}." if with_whom else "", r.talking_points) if part)
        if about:
            event.add("description", about)
        event.add("dtstart", begins)
        event.add("dtend", ends)
        event.add("categories", ["interview"])
        for name, email in r.people:
            if not email:
                continue  # an attendee is an address; the name is in the description
            address = vCalAddress(f"mailto:{email}")
            address.params["cn"] = name
            address.params["role"] = "REQ-PARTICIPANT"
            event.add("attendee", address, encode=0)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Interview with {r.company} in an hour")
        alarm.add("trigger", INTERVIEW_ALARM)
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
