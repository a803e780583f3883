"""``afterview import INVITE.ics``: an interview invitation becomes a round.

Reads what Google Calendar, Outlook/Exchange, Zoom and Apple Calendar attach
to an invitation (``METHOD:REQUEST`` or ``CANCEL``, one or several VEVENTs,
times in UTC, floating, or under a TZID with or without its VTIMEZONE). Each
event is a round: its start and end, its kind (video when a meeting link is in
it), and its people as contacts — the attendees are the interviewers (rooms,
and the user's own address, left out), the organiser a contact too, and the
interviewer only when nobody else attends. A round remembers the event's UID
and SEQUENCE: the same file again changes nothing, an update (a higher or
equal SEQUENCE) moves the round, an older copy is ignored, and a cancel removes
it. The application is the round's when the UID is known, else the one the
people's addresses point to (:mod:`storage.rules.mail_matching`), else the one
the user names; otherwise nothing is written and the candidates are listed.

The whole file is read and checked before anything is written, and written in
one transaction. icalendar is imported only here (about 60 ms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db.match_keys import app_keys
from storage.db.models import Application, Contact, Interview
from storage.errors import ValidationError
from storage.interchange.ics_export import ACTION_UID, ROUND_UID
from storage.rules.cadence import format_day
from storage.rules.mail_matching import AppKey, choose, matches, normal_address
from storage.rules.validate import check_year, clean_text, safe_for_terminal, valid_email

if TYPE_CHECKING:
    from storage.db.engine import Database

#: An invitation is a few kilobytes; anything this big is not one.
MAX_BYTES = 2_000_000
MAX_EVENTS = 200
#: Meeting links that make a round a video call.
_MEETING_LINK = re.compile(
    r"https?://[^\s]*?(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"webex\.com|whereby\.com|meet\.jit\.si|gotomeet|chime\.aws|bluejeans\.com|"
    r"around\.co|skype\.com)", re.IGNORECASE)
_PHONE = re.compile(r"\b(phone|call)\b|tel:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InvitePerson:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Invite:
    uid: str
    sequence: int
    cancelled: bool
    starts_at: datetime | None
    ends_at: datetime | None
    kind: str
    summary: str
    organiser: InvitePerson | None
    attendees: tuple[InvitePerson, ...]

    @property
    def interviewers(self) -> tuple[InvitePerson, ...]:
        """The attendees; the organiser when nobody else attends (a call they make)."""
        if self.attendees:
            return self.attendees
        return (self.organiser,) if self.organiser is not None else ()

    @property
    def people(self) -> tuple[InvitePerson, ...]:
        """Everyone who becomes a contact: the organiser, then the attendees."""
        found: dict[str, InvitePerson] = {}
        for person in ((self.organiser,) if self.organiser else ()) + self.attendees:
            found.setdefault(normal_address(person.email), person)
        return tuple(found.values())

    def when(self) -> str:
        if self.starts_at is None:
            return "?"
        start = self.starts_at.astimezone()
        text = f"{format_day(start.date())} {start:%H:%M}"
        if self.ends_at is not None:
            text += f"–{self.ends_at.astimezone():%H:%M}"
        return text


# -- reading the file -------------------------------------------------------------


def _name_from_address(address: str) -> str:
    """``peter.gibbons@initech.com`` → ``Peter Gibbons``: an attendee without a name."""
    local = address.partition("@")[0]
    words = [w for w in re.split(r"[._\-+]+", local) if w and not w.isdigit()]
    return " ".join(w.capitalize() for w in words) or local


def _person(prop: Any, your_addresses: set[str], where: str) -> InvitePerson | None:
    """An ORGANIZER or ATTENDEE; None for a room, a resource or the user."""
    if prop is None:
        return None
    params = getattr(prop, "params", {})
    if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in {"ROOM", "RESOURCE"}:
        return None
    value = str(prop)
    address = value[7:] if value.lower().startswith("mailto:") else value
    address = address.strip()
    if not valid_email(address):
        raise ValidationError(f"{where}: {safe_for_terminal(address)!s} is not an email address")
    if normal_address(address) in your_addresses:
        return None
    raw_name = str(params.get("CN", "")).strip().strip('"')
    name = clean_text(raw_name, what=f"{where} name") if raw_name else ""
    if not name or "@" in name:
        name = _name_from_address(address)
    return InvitePerson(name[:200], address)


def _as_datetime(value: Any, what: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise ValidationError(f"{what} is a whole day, not a time: not an interview")
        raise ValidationError(f"{what} is not a date-time")
    check_year(value, what)
    # A floating time (no zone) is the user's local time, as a calendar shows it.
    return value if value.tzinfo is not None else value.astimezone()


def _kind(event: Any) -> str:
    text = " ".join(str(event.get(key, "")) for key in (
        "location", "description", "url", "x-google-conference",
        "x-microsoft-skypeteamsmeetingurl", "conference"))
    if _MEETING_LINK.search(text):
        return "video"
    if _PHONE.search(f"{event.get('location', '')} {event.get('summary', '')}"):
        return "phone"
    return "onsite" if str(event.get("location", "")).strip() else "other"


def _event(event: Any, method: str, your_addresses: set[str], where: str) -> Invite:
    uid = clean_text(str(event.get("uid", "")).strip(), what=f"{where} UID", limit=255)
    if not uid:
        raise ValidationError(f"{where} has no UID, so an update could not find it again")
    if ACTION_UID.match(uid):
        # A reminder Afterview exported (a thank-you, a follow-up): not an interview.
        summary = safe_for_terminal(" ".join(str(event.get("summary", "")).split()))[:200]
        return Invite(uid, 0, False, None, None, "other", summary, None, ())
    try:
        sequence = int(event.get("sequence", 0))
    except (TypeError, ValueError):
        raise ValidationError(f"{where}: SEQUENCE is not a number") from None
    if not 0 <= sequence < 2**31:
        raise ValidationError(f"{where}: SEQUENCE {sequence} is out of range")
    cancelled = method == "CANCEL" or str(event.get("status", "")).upper() == "CANCELLED"
    starts_at = _as_datetime(event.decoded("dtstart", None), f"{where} start")
    if starts_at is None and not cancelled:
        raise ValidationError(f"{where} has no start time")
    ends_at = _as_datetime(event.decoded("dtend", None), f"{where} end")
    if ends_at is None and starts_at is not None and event.get("duration") is not None:
        duration = event.decoded("duration")
        if not isinstance(duration, timedelta) or not timedelta(0) <= duration <= timedelta(1):
            raise ValidationError(f"{where}: DURATION is not a time of at most a day")
        ends_at = starts_at + duration
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        raise ValidationError(f"{where} ends before it starts")
    summary = clean_text(" ".join(str(event.get("summary", "")).split()),
                         what=f"{where} summary")
    organiser = _person(event.get("organizer"), your_addresses, f"{where} organiser")
    raw = event.get("attendee")
    listed = raw if isinstance(raw, list) else [raw] if raw is not None else []
    attendees = tuple(p for p in (_person(a, your_addresses, f"{where} attendee")
                                  for a in listed) if p is not None)
    return Invite(uid, sequence, cancelled, starts_at, ends_at, _kind(event), summary[:200],
                  organiser, attendees)


def read_invites(data: bytes, source: str, your_email: str = "") -> list[Invite]:
    """The events of an invitation file, checked; one line on anything wrong."""
    from icalendar import Calendar

    if len(data) > MAX_BYTES:
        raise ValidationError(f"{source} is larger than {MAX_BYTES // 1_000_000} MB: "
                              "not a calendar invitation")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(f"{source} is not UTF-8 text: not a calendar invitation") from None
    if "BEGIN:VCALENDAR" not in text[:2000].upper():
        raise ValidationError(f"{source} is not an iCalendar file (no BEGIN:VCALENDAR)")
    try:
        calendars = Calendar.from_ical(text, multiple=True)
        events = [e for cal in calendars for e in cal.walk("VEVENT")]
        method = str(calendars[0].get("method", "REQUEST")).upper() if calendars else ""
    except Exception as exc:  # the parser raises many kinds on a malformed file
        reason = safe_for_terminal(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        raise ValidationError(f"{source} is not a readable iCalendar file ({reason[:120]})"
                              ) from None
    # icalendar sets aside the lines it cannot parse (a parameter holding a
    # control character, a broken quote) and goes on: such a file is refused
    # whole, never imported with a person or a time silently missing.
    broken = next((c.errors[0] for cal in calendars for c in cal.walk() if c.errors), None)
    if broken is not None:
        line = safe_for_terminal(str(broken[1]).partition(": ")[2] or str(broken[1]))
        raise ValidationError(f"{source}: a line cannot be read ({line[:100]})")
    if method not in {"REQUEST", "CANCEL", "PUBLISH"}:
        raise ValidationError(f"{source} is a {safe_for_terminal(method[:20])} (an answer to an "
                              "invitation), not an invitation: nothing to import")
    if not events:
        raise ValidationError(f"{source} holds no event")
    if len(events) > MAX_EVENTS:
        raise ValidationError(f"{source} holds {len(events)} events: more than an invitation")
    mine = {normal_address(your_email)} if your_email else set()
    out = []
    for number, event in enumerate(events, 1):
        where = f"event {number}" if len(events) > 1 else "the event"
        try:
            out.append(_event(event, method, mine, where))
        except ValidationError as exc:
            raise ValidationError(f"{source}: {exc}") from None
        except Exception as exc:  # a value icalendar could not decode
            raise ValidationError(f"{source}: {where} cannot be read "
                                  f"({type(exc).__name__})") from None
    uids = [i.uid for i in out]
    if len(set(uids)) != len(uids):
        raise ValidationError(f"{source} holds the same UID twice")
    return out


# -- what the file does to the database --------------------------------------------


@dataclass
class Step:
    """What one event does: ``added``, ``moved``, ``unchanged``, ``older``,
    ``cancelled``, ``not-found`` (a cancel for an unknown event), ``skipped`` (an
    exported reminder) or ``unmatched``."""

    invite: Invite
    what: str
    app: AppKey | None = None
    round_id: int | None = None
    candidates: list[AppKey] = field(default_factory=list)

    def line(self) -> str:
        where = f"{self.app.company} · {self.app.role}" if self.app else "?"
        when, kind = self.invite.when(), self.invite.kind
        with_whom = ", ".join(p.name for p in self.invite.interviewers)
        people = f" with {with_whom}" if with_whom else ""
        return {
            "added": f"{where}: round added, {when} ({kind}){people}",
            "moved": f"{where}: round updated to {when} ({kind}){people}",
            "unchanged": f"{where}: the round of {when} is already up to date",
            "older": f"{where}: an older copy of the invitation (SEQUENCE "
                     f"{self.invite.sequence}): the round is left as it is",
            "cancelled": f"{where}: cancelled: the round of {when} is removed",
            "not-found": f"a cancel for {self.invite.summary or 'an event'} that was never "
                         "imported: nothing to remove",
            "skipped": f"{self.invite.summary or 'an event'}: a reminder Afterview exported, "
                       "not an interview",
            "unmatched": f"{self.invite.summary or 'an event'} ({when}): no application "
                         "matches its people",
        }[self.what]


def _round_of(s: Session, invite: Invite) -> Interview | None:
    found = s.scalar(select(Interview).where(Interview.invite_uid == invite.uid))
    if found is not None:
        return found
    ours = ROUND_UID.match(invite.uid)
    if ours is None:
        return None
    row = s.get(Interview, int(ours["round"]))
    if row is None or row.application.uid != ours["app"]:
        return None
    return row


def _same(row: Interview, invite: Invite) -> bool:
    return (row.starts_at == invite.starts_at and row.ends_at == invite.ends_at
            and invite.kind in (row.kind, "other")
            and {normal_address(c.email or "") for c in row.interviewers}
            >= {normal_address(p.email) for p in invite.interviewers})


def plan(s: Session, invites: list[Invite], app_id: int | None) -> list[Step]:
    """What importing ``invites`` does, read in ``s`` (writes nothing)."""
    keys = app_keys(s)
    by_id = {k.app_id: k for k in keys}
    steps = []
    for invite in invites:
        if ACTION_UID.match(invite.uid):
            steps.append(Step(invite, "skipped"))
            continue
        row = _round_of(s, invite)
        if row is not None:
            app = by_id[row.application_id]
            if row.invite_sequence is not None and invite.sequence < row.invite_sequence:
                steps.append(Step(invite, "older", app, row.id))
            elif invite.cancelled:
                steps.append(Step(invite, "cancelled", app, row.id))
            elif _same(row, invite):
                steps.append(Step(invite, "unchanged", app, row.id))
            else:
                steps.append(Step(invite, "moved", app, row.id))
            continue
        if invite.cancelled:
            steps.append(Step(invite, "not-found"))
            continue
        if app_id is not None:
            steps.append(Step(invite, "added", by_id[app_id]))
            continue
        found = matches([p.email for p in invite.people], keys)
        chosen = choose(found)
        if chosen is not None:
            steps.append(Step(invite, "added", chosen.app))
        else:
            candidates = [m.app for m in found] or [k for k in keys if not k.closed]
            steps.append(Step(invite, "unmatched", candidates=candidates))
    return steps


def _contact_for(app: Application, person: InvitePerson) -> Contact:
    """The application's contact with this address (or this name and no address:
    the address is filled in), else a new one."""
    address = normal_address(person.email)
    for contact in app.contacts:
        if contact.email and normal_address(contact.email) == address:
            return contact
    for contact in app.contacts:
        if contact.name.casefold() == person.name.casefold() and not contact.email:
            contact.email = person.email
            return contact
    taken = {c.name.casefold() for c in app.contacts}
    name = person.name if person.name.casefold() not in taken else f"{person.name} ({address})"
    contact = Contact(name=name[:200], email=person.email, is_main=not app.contacts)
    app.contacts.append(contact)
    return contact


def apply(s: Session, steps: list[Step]) -> list[int]:
    """Write ``steps`` in the caller's transaction; the applications changed."""
    changed: set[int] = set()
    for step in steps:
        invite = step.invite
        if step.what in {"added", "moved"}:
            assert step.app is not None
            app = s.get(Application, step.app.app_id)
            assert app is not None
            for person in invite.people:
                _contact_for(app, person)
            s.flush()
            interviewers = [_contact_for(app, p) for p in invite.interviewers]
            if step.what == "added":
                row = Interview(starts_at=invite.starts_at, ends_at=invite.ends_at,
                                kind=invite.kind, interviewers=interviewers)
                app.interviews.append(row)
            else:
                row = s.get(Interview, step.round_id)
                assert row is not None
                row.starts_at, row.ends_at = invite.starts_at, invite.ends_at
                if invite.kind != "other":  # an invite that says nothing keeps the kind
                    row.kind = invite.kind
                row.interviewers = [*row.interviewers,
                                    *[c for c in interviewers if c not in row.interviewers]]
            if not ROUND_UID.match(invite.uid):
                row.invite_uid = invite.uid
            row.invite_sequence = invite.sequence
            changed.add(app.id)
        elif step.what == "cancelled":
            row = s.get(Interview, step.round_id)
            if row is not None:
                row.application.interviews.remove(row)
                changed.add(row.application_id)
    s.flush()
    return sorted(changed)


def import_invites(db: Database, invites: list[Invite], *, app_id: int | None = None,
                   dry_run: bool = False) -> list[Step]:
    """Plan and (unless ``dry_run``, or an event matched no application) write, in one
    transaction; the steps say what happened."""
    from storage.db.store import Store

    store = Store(db)
    if dry_run:
        with db.session() as s:
            return plan(s, invites, app_id)
    steps: list[Step] = []

    def write(s: Session) -> list[int]:
        steps.extend(plan(s, invites, app_id))
        if any(step.what == "unmatched" for step in steps):
            return []
        return apply(s, steps)

    store.import_rows(write)
    return steps


def resolve_app(db: Database, hint: str) -> int:
    """``--app``: an application's number, or its company's name (one open
    application of it); one line when it names none or several."""
    with db.session() as s:
        keys = app_keys(s)
    if hint.strip().isdigit():
        wanted = int(hint)
        if any(k.app_id == wanted for k in keys):
            return wanted
        raise ValidationError(f"--app {wanted}: there is no application #{wanted}")
    named = [k for k in keys if k.company.casefold() == hint.strip().casefold()]
    if len(named) > 1:
        named = [k for k in named if not k.closed] or named
    if len(named) == 1:
        return named[0].app_id
    if not named:
        raise ValidationError(f"--app {safe_for_terminal(hint)!s}: no application at a "
                              "company of that name (give its number: afterview agenda shows)")
    listed = ", ".join(f"#{k.app_id} {k.role}" for k in named)
    raise ValidationError(f"--app {safe_for_terminal(hint)!s}: {len(named)} applications "
                          f"({listed}): give the number")
