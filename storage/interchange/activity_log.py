"""``afterview export --format log`` / ``log-csv``: the job-search activity record.

What an unemployment office asks a claimant to show, day by day: the
applications made, the interviews attended, and every message sent and
received, each with the employer, the position and the person. Markdown (a
table under a heading and a summary, for printing or pasting) or CSV (the same
columns, for the office's spreadsheet or form).

Interviews count once they have started (one still ahead was not attended).
Times are local; a date range is inclusive.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from storage.db.models import (
    Application,
    Communication,
    Company,
    Contact,
    Interview,
    interview_interviewers,
)
from storage.db.settings_table import read_settings
from storage.interchange.csv_export import write_csv
from storage.rules import clock
from storage.rules.cadence import format_day
from storage.rules.validate import safe_for_terminal

if TYPE_CHECKING:
    from storage.db.engine import Database

HEADER = ("Date", "Time", "Activity", "Employer", "Position", "Contact", "How", "Details")

_SENT = {"thank_you": "Thank-you note sent", "follow_up": "Follow-up sent",
         "other": "Message sent", "response": "Message sent"}
#: Same-day entries in this order: an application, then an interview, then mail.
_ORDER = {"applied": 0, "interview": 1, "message": 2}


@dataclass(frozen=True, slots=True)
class Entry:
    day: date
    time: str
    activity: str
    employer: str
    position: str
    contact: str
    how: str
    details: str
    order: int = 0

    def cells(self) -> tuple[str, ...]:
        return (self.day.isoformat(), self.time, self.activity, self.employer,
                self.position, self.contact, self.how, self.details)


def _in(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def entries(db: Database, start: date | None = None, end: date | None = None) -> list[Entry]:
    """Every activity from ``start`` to ``end`` (inclusive; None: open-ended), by date."""
    now = clock.now().astimezone()
    out: list[Entry] = []
    with db.session() as s:
        apps = {app_id: (company, role) for app_id, company, role in s.execute(
            select(Application.id, Company.name, Application.role)
            .join(Company, Company.id == Application.company_id))}
        names = dict(tuple(r) for r in s.execute(select(Contact.id, Contact.name)).all())
        main = dict(tuple(r) for r in s.execute(select(Contact.application_id, Contact.name)
                              .where(Contact.is_main)).all())
        for app_id, applied in s.execute(select(Application.id, Application.applied_on)
                                         .where(Application.applied_on.is_not(None))):
            if _in(applied, start, end):
                company, role = apps[app_id]
                out.append(Entry(applied, "", "Application submitted", company, role,
                                 main.get(app_id, ""), "", "", _ORDER["applied"]))
        people: dict[int, list[str]] = defaultdict(list)
        for iid, cid in s.execute(select(interview_interviewers.c.interview_id,
                                         interview_interviewers.c.contact_id)
                                  .order_by(interview_interviewers.c.contact_id)):
            people[iid].append(names.get(cid, ""))
        numbers: dict[int, int] = defaultdict(int)
        for iid, app_id, starts_at, kind in s.execute(
                select(Interview.id, Interview.application_id, Interview.starts_at,
                       Interview.kind).order_by(Interview.starts_at, Interview.id)):
            numbers[app_id] += 1
            local = starts_at.astimezone()
            if local > now or not _in(local.date(), start, end):
                continue
            company, role = apps[app_id]
            out.append(Entry(local.date(), f"{local:%H:%M}",
                             f"Interview, round {numbers[app_id]}", company, role,
                             ", ".join(people[iid]), kind, "", _ORDER["interview"]))
        for app_id, at, direction, kind, channel, cid, summary in s.execute(
                select(Communication.application_id, Communication.at, Communication.direction,
                       Communication.kind, Communication.channel, Communication.contact_id,
                       Communication.summary)):
            local = at.astimezone()
            if not _in(local.date(), start, end):
                continue
            company, role = apps[app_id]
            activity = "Reply received" if direction == "in" else _SENT.get(kind, "Message sent")
            out.append(Entry(local.date(), f"{local:%H:%M}", activity, company, role,
                             names.get(cid, "") if cid is not None else "", channel,
                             summary, _ORDER["message"]))
    # An application has no time of day: it comes first on its day.
    out.sort(key=lambda e: (e.day, e.time, e.order, e.employer.casefold(), e.activity))
    return out


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _md(text: str) -> str:
    """A Markdown table cell: on one line, pipes escaped, nothing a terminal acts on."""
    one_line = " ".join(text.split())
    return safe_for_terminal(one_line).replace("\\", "\\\\").replace("|", "\\|")


def export_log_markdown(db: Database, start: date | None = None,
                        end: date | None = None) -> str:
    found = entries(db, start, end)
    with db.session() as s:
        who = read_settings(s).your_name
    first = start or (found[0].day if found else None)
    last = end or clock.today()
    span = (f"{format_day(first)} {first.year} to {format_day(last)} {last.year}"
            if first else f"up to {format_day(last)} {last.year}")
    applied = sum(e.order == _ORDER["applied"] for e in found)
    interviews = sum(e.order == _ORDER["interview"] for e in found)
    sent = sum(e.order == _ORDER["message"] and e.activity != "Reply received" for e in found)
    received = sum(e.activity == "Reply received" for e in found)
    lines = [
        f"# Job-search activity{f' of {_md(who)}' if who else ''}",
        "",
        f"From {span}: {_count(applied, 'application')}, {_count(interviews, 'interview')}, "
        f"{_count(sent, 'message')} sent, {_count(received, 'reply', 'replies')} received.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    lines += ["| " + " | ".join(_md(c) for c in e.cells()) + " |" for e in found]
    if not found:
        lines.append("| " + " | ".join(["—"] * len(HEADER)) + " |")
    written = clock.today()
    lines += ["", f"Written by Afterview on {format_day(written)} {written.year}."]
    return "\n".join(lines) + "\n"


def export_log_csv(db: Database, start: date | None = None, end: date | None = None) -> str:
    return write_csv(HEADER, (e.cells() for e in entries(db, start, end)))
