"""The cadence: which thank-yous and follow-ups are due, and when (ETIQUETTE.md).

Everything here is a pure function of frozen facts: the store builds one
:class:`AppFacts` per application, and :func:`pending_actions` derives what
is due. Nothing reads the clock, the database or the environment, so the
same facts always give the same actions; "today" only enters through
:meth:`Action.status`.

The rules, in the order ETIQUETTE.md states them:

* every round has its thank-you notes, one per interviewer (one unaddressed
  note when nobody was recorded), due ``thank_you_hours`` after the round
  ended, late after ``late_business_days`` business days;
* only the latest round waits for an answer: first follow-up, second
  follow-up, then "move on"; never a third follow-up;
* any response (an inbound communication, the Offer stage) ends the waiting,
  unless the round's decision date is later than the last response, in which
  case the waiting resumes from that date;
* overrides: done and skip resolve an action (a skipped follow-up counts as
  sent that day), snooze postpones one action and nothing else.

Performance: this runs for every application when settings change (about
5,000), so each application is handled in one pass over its facts, with a
handful of small dicts and no copies beyond the result list.

All datetimes are naive local wall-clock times; the caller converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from storage.rules.business_days import WorkCalendar

__all__ = [
    "CADENCE_VERSION",
    "Action",
    "ActionKind",
    "ActionStatus",
    "AppFacts",
    "CadenceSettings",
    "CommFact",
    "FollowUpChain",
    "Nudge",
    "OverrideFact",
    "PersonFact",
    "RoundFact",
    "action_status",
    "application_nudges",
    "format_day",
    "pending_actions",
    "pipeline_nudges",
    "resolved_chain",
    "validate_round",
]


#: Bump when the rules or their reasons change: every stored cache of
#: pending actions (storage.db.pending_actions) is then rebuilt on the next open.
CADENCE_VERSION = 1

# Immutable, so one shared default is safe (and cheaper than a factory).
_DEFAULT_CALENDAR = WorkCalendar()


class ActionKind(StrEnum):
    """What the user has to do. The declaration order is the display order."""

    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    SECOND_FOLLOW_UP = "second_follow_up"
    MOVE_ON = "move_on"
    REFERENCES = "references"
    CUSTOM = "custom"


class ActionStatus(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    LATE = "late"


@dataclass(frozen=True, slots=True)
class CadenceSettings:
    """The cadence numbers of ETIQUETTE.md, all user settings.

    Not validated here: :class:`storage.rules.settings.Settings` already refuses
    anything outside 0..limit, and 0 is a legal value (see ``_nth_after``).
    """

    calendar: WorkCalendar = _DEFAULT_CALENDAR
    thank_you_hours: int = 24
    late_business_days: int = 2
    first_follow_up_business_days: int = 5
    second_follow_up_business_days: int = 5
    move_on_business_days: int = 10


@dataclass(frozen=True, slots=True)
class PersonFact:
    contact_id: int
    name: str
    email: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class RoundFact:
    interview_id: int
    number: int
    """1 = the application's earliest round."""
    starts_at: datetime
    ends_at: datetime | None
    """None means starts_at + 1 hour."""
    decision_on: date | None
    """D: the date the employer said they would decide."""
    interviewers: tuple[PersonFact, ...] = ()


@dataclass(frozen=True, slots=True)
class CommFact:
    at: datetime
    direction: str
    """"out" or "in"; any inbound communication is a response."""
    kind: str
    """"thank_you", "follow_up", "response" or "other"."""
    contact_id: int | None = None


@dataclass(frozen=True, slots=True)
class OverrideFact:
    kind: ActionKind
    interview_id: int | None
    contact_id: int | None
    snoozed_to: date | None = None
    skipped_on: date | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class AppFacts:
    application_id: int
    closed: bool = False
    no_contact: bool = False
    offer_since: datetime | None = None
    """When it entered the Offer stage, if it is in Offer now."""
    main_contact: PersonFact | None = None
    rounds: tuple[RoundFact, ...] = ()
    """Any order: the cadence sorts them by start."""
    communications: tuple[CommFact, ...] = ()
    references_requested_on: date | None = None
    overrides: tuple[OverrideFact, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    application_id: int
    kind: ActionKind
    due_on: date
    """The day it is due, after any snooze."""
    due_at: datetime | None
    """The exact time, for an unsnoozed thank-you; None otherwise."""
    reason: str
    interview_id: int | None = None
    round_number: int | None = None
    contact_id: int | None = None
    contact_name: str | None = None
    late_after: date | None = None
    """Thank-you only: late once today is after this day."""
    snoozed: bool = False

    def status(self, today: date) -> ActionStatus:
        return action_status(self.due_on, self.late_after, today)

    @property
    def key(self) -> tuple[ActionKind, int | None, int | None]:
        """(kind, interview_id, contact_id): how an override names this action."""
        return (self.kind, self.interview_id, self.contact_id)


def action_status(due_on: date, late_after: date | None, today: date) -> ActionStatus:
    """Rule 6, plus the late marker (only thank-yous carry ``late_after``)."""
    # "Late" outranks "overdue" because it changes the advice (send it
    # anyway, say sorry for nothing); but a thank-you snoozed into the
    # future stays "upcoming" until its day: the user asked for quiet.
    if late_after is not None and today > late_after and today >= due_on:
        return ActionStatus.LATE
    if due_on < today:
        return ActionStatus.OVERDUE
    if due_on == today:
        return ActionStatus.DUE
    return ActionStatus.UPCOMING


@dataclass(frozen=True, slots=True)
class Nudge:
    application_id: int | None
    code: str
    """"ask_decision_date", "get_card", "keep_options_open" or "reply_moment"."""
    message: str


@dataclass(frozen=True, slots=True)
class FollowUpChain:
    """Where the latest round's waiting stands (what :func:`resolved_chain` returns).

    The composer's "overdoing" check reads ``len(sent_on) == 2``.
    """

    interview_id: int
    round_number: int
    sent_on: tuple[date, ...]
    """Days the first and second follow-ups went out (or were done/skipped); at most two."""
    last_response_at: datetime | None
    """The latest inbound communication after the round ended, if any."""
    offer: bool
    """The application reached the Offer stage after the round: the wait is over for good."""


# --------------------------------------------------------------------------
# Small helpers

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ONE_HOUR = timedelta(hours=1)
_KIND_ORDER: dict[ActionKind, int] = {kind: i for i, kind in enumerate(ActionKind)}
_KIND_BY_VALUE: dict[str, ActionKind] = {kind.value: kind for kind in ActionKind}
# One action of each of these per round, so overrides for them are matched
# without the contact: a main contact changed after a skip must not bring
# the skipped follow-up back.
_CHAIN_KINDS = frozenset({ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP, ActionKind.MOVE_ON})

# (resolved_on, snoozed_to) per override key.
_OverrideIndex = dict[tuple[ActionKind, int | None, int | None], tuple[date | None, date | None]]


def format_day(d: date) -> str:
    """``Thu 19 Nov``: the date style of every reason and message.

    Same output as ``f"{d:%a} {d.day} {d:%b}"`` in the C locale, but from
    fixed tables: strftime follows the process locale, and it is slower.
    """
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def validate_round(starts_at: datetime | date, decision_on: date | None) -> None:
    """Refuse a decision date before the round itself (ETIQUETTE.md, "Round")."""
    if decision_on is None:
        return
    day = starts_at.date() if isinstance(starts_at, datetime) else starts_at
    if decision_on < day:
        raise ValueError(
            f"The decision date ({format_day(decision_on)} {decision_on.year}) is before "
            f"the interview ({format_day(day)} {day.year}): enter the day they said they "
            "would decide, on or after the interview."
        )


def _round_end(r: RoundFact) -> datetime:
    return r.ends_at if r.ends_at is not None else r.starts_at + _ONE_HOUR


def _round_order(r: RoundFact) -> tuple[datetime, int, int]:
    # Ties on the start (two rounds logged at the same time) fall back on
    # the round number, then the id, so "the latest round" is deterministic.
    return (r.starts_at, r.number, r.interview_id)


def _decision(r: RoundFact) -> date | None:
    # A decision date before the round is refused by the forms
    # (validate_round); if one slips through (an import), it is ignored
    # rather than scheduling a follow-up before the interview happened.
    d = r.decision_on
    if d is None or d < r.starts_at.date():
        return None
    return d


def _nth_after(cal: WorkCalendar, d: date, n: int) -> date:
    """The n-th business day after ``d``; for n <= 0 the first business day from ``d`` on.

    The settings allow 0 ("follow up the same day"); add_business_days(d, 0)
    would return ``d`` even on a Sunday, and due dates of follow-ups must be
    days one can actually write to an office.
    """
    if n > 0:
        return cal.add_business_days(d, n)
    return d if cal.is_business_day(d) else cal.next_business_day(d)


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a <= b else b


def _index_overrides(overrides: tuple[OverrideFact, ...]) -> _OverrideIndex:
    index: _OverrideIndex = {}
    for o in overrides:
        # The store hands kinds over as plain strings; unknown ones (a newer
        # version's) are skipped rather than crashing the whole refresh.
        kind = _KIND_BY_VALUE.get(o.kind)
        if kind is None:
            continue
        if kind in _CHAIN_KINDS:
            key = (kind, o.interview_id, None)
        elif kind is ActionKind.REFERENCES:
            key = (kind, None, None)
        else:
            key = (kind, o.interview_id, o.contact_id)
        resolved = _earliest(o.done_on, o.skipped_on)
        snoozed = o.snoozed_to
        previous = index.get(key)
        if previous is not None:
            # Two rows for one action (e.g. a follow-up override stored under
            # an old main contact): resolved wins, the last snooze wins.
            resolved = _earliest(previous[0], resolved)
            if snoozed is None:
                snoozed = previous[1]
        index[key] = (resolved, snoozed)
    return index


# --------------------------------------------------------------------------
# The follow-up chain of the latest round


def _chain(facts: AppFacts, latest: RoundFact,
           overrides: _OverrideIndex) -> tuple[FollowUpChain, list[datetime]]:
    """The chain's state, and the follow-ups as datetimes (to order them against responses)."""
    end = _round_end(latest)
    last_in: datetime | None = None
    sent_comms: list[datetime] = []
    for c in facts.communications:
        if c.at <= end:
            continue
        if c.direction == "in":
            if last_in is None or c.at > last_in:
                last_in = c.at
        elif c.direction == "out" and c.kind == "follow_up":
            sent_comms.append(c.at)
    sent_comms.sort()

    iid = latest.interview_id
    first_override = overrides.get((ActionKind.FOLLOW_UP, iid, None), (None, None))[0]
    second_override = overrides.get((ActionKind.SECOND_FOLLOW_UP, iid, None), (None, None))[0]

    # A done/skipped override counts as that follow-up sent on its day
    # (rule 4). If a logged follow-up went out on or before that day, the
    # override is the same event (or redundant) and the log wins; otherwise
    # every logged follow-up comes after it. Overrides are placed at the end
    # of their day: the user acted on what the log showed that day.
    sent: list[datetime] = []
    rest: list[datetime] = sent_comms
    if first_override is not None and (not rest or rest[0].date() > first_override):
        sent.append(datetime.combine(first_override, time.max))
    elif rest:
        sent.append(rest[0])
        rest = rest[1:]
    if sent:
        if second_override is not None and (not rest or rest[0].date() > second_override):
            # Never before the first: an override out of order still counts
            # as the second one.
            sent.append(max(datetime.combine(second_override, time.max), sent[0]))
        elif rest:
            sent.append(rest[0])
        # Anything further is a third follow-up: rule 1 ignores it.

    offer = facts.offer_since is not None and facts.offer_since > end
    return FollowUpChain(
        interview_id=iid,
        round_number=latest.number,
        sent_on=tuple(s.date() for s in sent),
        last_response_at=last_in,
        offer=offer,
    ), sent


def resolved_chain(facts: AppFacts) -> FollowUpChain | None:
    """The latest round's follow-ups sent and last response; None without rounds."""
    if not facts.rounds:
        return None
    latest = max(facts.rounds, key=_round_order)
    return _chain(facts, latest, _index_overrides(facts.overrides))[0]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _chain_step(chain: FollowUpChain, sent: list[datetime], latest: RoundFact,
                settings: CadenceSettings) -> tuple[ActionKind, date, str] | None:
    """The one pending step of the latest round's chain, if any: (kind, due, reason)."""
    if chain.offer:
        # An offer is the decision itself: even a decision date still ahead
        # (they decided early) must not bring back "any news?" notes.
        return None
    cal = settings.calendar
    decision = _decision(latest)
    last = chain.last_response_at
    if last is not None:
        # Rule 2: a response ends the waiting. Rule 5: unless the round's
        # decision date is later than that response (they gave a new date,
        # which the user recorded on the round): then the waiting resumes.
        if decision is None or decision <= last.date():
            return None
        if not any(s > last for s in sent):
            # Nothing sent since the response: the next follow-up in line is
            # due the business day after the new date, whatever the usual
            # spacing says (004: call back a day or two after their date).
            if len(sent) >= 2:
                return None  # rule 1; and no move-on: they did answer
            kind = ActionKind.FOLLOW_UP if not sent else ActionKind.SECOND_FOLLOW_UP
            return (kind, cal.next_business_day(decision),
                    f"the day after their new decision date, {format_day(decision)}")
        # A follow-up went out after the response: the chain goes on from it
        # by the usual rules below (the response came before it, so "no
        # response since" holds for everything that follows).

    if not sent:
        if decision is not None:
            return (ActionKind.FOLLOW_UP, cal.next_business_day(decision),
                    f"the day after their decision date, {format_day(decision)}")
        n = settings.first_follow_up_business_days
        day = latest.starts_at.date()
        return (ActionKind.FOLLOW_UP, _nth_after(cal, day, n),
                f"{_plural(n, 'business day')} since the interview on {format_day(day)}")

    s1 = sent[0].date()
    if len(sent) == 1:
        n = settings.second_follow_up_business_days
        due = _nth_after(cal, s1, n)
        reason = f"{_plural(n, 'business day')} since your first follow-up on {format_day(s1)}"
        # A decision date still ahead when the first note went out is a
        # promise worth waiting for: never chase before the day after it.
        if decision is not None and decision >= s1:
            after_decision = cal.next_business_day(decision)
            if after_decision >= due:
                due = after_decision
                reason += f" and the day after their decision date, {format_day(decision)}"
        return ActionKind.SECOND_FOLLOW_UP, due, reason

    s2 = sent[1].date()
    n = settings.move_on_business_days
    return (ActionKind.MOVE_ON, _nth_after(cal, s2, n),
            f"{_plural(n, 'business day')} since your second follow-up on {format_day(s2)}, "
            "with no word back")


def _add(out: list[Action], overrides: _OverrideIndex,
         lookup: tuple[ActionKind, int | None, int | None], application_id: int,
         kind: ActionKind, due_on: date, due_at: datetime | None, reason: str,
         interview_id: int | None = None, round_number: int | None = None,
         contact_id: int | None = None, contact_name: str | None = None,
         late_after: date | None = None) -> None:
    """Append one action after its override (rule 4), unless that resolved it."""
    snoozed = False
    if overrides:
        override = overrides.get(lookup)
        if override is not None:
            resolved_on, snoozed_to = override
            if resolved_on is not None:
                return
            # A snooze only postpones: one overtaken by a later computed due
            # date (a new decision date, say) is stale and ignored, so it
            # cannot drag an action back before its time.
            if snoozed_to is not None and snoozed_to > due_on:
                reason = f"snoozed to {format_day(snoozed_to)}; {reason}"
                due_on, due_at, snoozed = snoozed_to, None, True
    out.append(Action(application_id, kind, due_on, due_at, reason, interview_id,
                      round_number, contact_id, contact_name, late_after, snoozed))


def _thank_yous(facts: AppFacts, settings: CadenceSettings, overrides: _OverrideIndex,
                out: list[Action]) -> None:
    # One pass over the log: the latest outbound thank-you per contact, and
    # overall (for unaddressed notes). "Sent after R started" then only needs
    # the latest one.
    latest_to: dict[int | None, datetime] = {}
    latest_any: datetime | None = None
    for c in facts.communications:
        if c.direction == "out" and c.kind == "thank_you":
            at = c.at
            previous = latest_to.get(c.contact_id)
            if previous is None or at > previous:
                latest_to[c.contact_id] = at
            if latest_any is None or at > latest_any:
                latest_any = at

    cal = settings.calendar
    within = timedelta(hours=settings.thank_you_hours)
    hours = _plural(settings.thank_you_hours, "hour")
    app_id = facts.application_id
    kind = ActionKind.THANK_YOU
    for r in facts.rounds:
        start = r.starts_at
        # Which notes of this round are still owed; the dates and the reason
        # are only worked out when one is (most rounds are thanked already).
        if not r.interviewers:
            owed: list[tuple[int | None, str | None]] = (
                [(None, None)] if latest_any is None or latest_any < start else [])
        else:
            owed = []
            seen: set[int] = set()
            for person in r.interviewers:
                cid = person.contact_id
                if cid in seen:
                    continue  # listed twice on the round: still one note
                seen.add(cid)
                sent_at = latest_to.get(cid)
                if sent_at is None or sent_at < start:
                    owed.append((cid, person.name))
        if not owed:
            continue
        day = start.date()
        due_at = _round_end(r) + within
        due_on = due_at.date()
        late_after = cal.add_business_days(day, settings.late_business_days)
        reason = f"within {hours} of the interview on {format_day(day)}"
        iid = r.interview_id
        for cid, name in owed:
            _add(out, overrides, (kind, iid, cid), app_id, kind, due_on, due_at, reason,
                 iid, r.number, cid, name, late_after)


def _sort_key(a: Action) -> tuple[date, int, str, int, int]:
    # The brief's order (day, kind, name); round and contact id only make
    # ties deterministic.
    return (a.due_on, _KIND_ORDER[a.kind], (a.contact_name or "").casefold(),
            a.round_number or 0, a.contact_id or 0)


def pending_actions(facts: AppFacts, settings: CadenceSettings) -> list[Action]:
    """Every action pending for one application, by (due day, kind, contact name)."""
    if facts.closed or facts.no_contact:
        return []
    overrides = _index_overrides(facts.overrides) if facts.overrides else {}
    out: list[Action] = []
    app_id = facts.application_id

    if facts.rounds:
        _thank_yous(facts, settings, overrides, out)
        # Rule 3: a later round answers the earlier ones; only the latest waits.
        latest = max(facts.rounds, key=_round_order)
        chain, sent = _chain(facts, latest, overrides)
        step = _chain_step(chain, sent, latest, settings)
        if step is not None:
            kind, due_on, reason = step
            iid = latest.interview_id
            main = facts.main_contact
            # "Move on" is a decision, not a note to anyone.
            person = None if kind is ActionKind.MOVE_ON else main
            _add(out, overrides, (kind, iid, None), app_id, kind, due_on, None, reason,
                 iid, latest.number,
                 person.contact_id if person is not None else None,
                 person.name if person is not None else None)

    asked_on = facts.references_requested_on
    if asked_on is not None:
        kind = ActionKind.REFERENCES
        _add(out, overrides, (kind, None, None), app_id, kind, asked_on, None,
             f"they asked for your references on {format_day(asked_on)}")

    if len(out) > 1:
        out.sort(key=_sort_key)
    return out


# --------------------------------------------------------------------------
# Nudges: advice that is not a dated action

ASK_DECISION_DATE = "Ask when they expect to decide"
REPLY_MOMENT = ("Reply while you have their attention: mention good news about the company "
                "or ask about next steps")


def _missing(value: str | None) -> bool:
    return value is None or not value.strip()


def application_nudges(facts: AppFacts) -> list[Nudge]:
    """Advice for one open application: decision date, cards, a reply moment."""
    if facts.closed or facts.no_contact:
        return []
    app_id = facts.application_id
    nudges: list[Nudge] = []

    if facts.rounds:
        latest = max(facts.rounds, key=_round_order)
        if _decision(latest) is None:
            end = _round_end(latest)
            answered = facts.offer_since is not None and facts.offer_since > end
            if not answered:
                answered = any(c.direction == "in" and c.at > end for c in facts.communications)
            if not answered:
                nudges.append(Nudge(app_id, "ask_decision_date", ASK_DECISION_DATE))

        # One nudge per person, in the order they were met; a thank-you
        # needs the address, and the greeting wants the title.
        seen: set[int] = set()
        for r in sorted(facts.rounds, key=_round_order):
            for person in r.interviewers:
                if person.contact_id in seen:
                    continue
                seen.add(person.contact_id)
                if _missing(person.email) or _missing(person.title):
                    nudges.append(Nudge(app_id, "get_card",
                                        f"Get {person.name}'s card: name, title, email"))

    last_in: datetime | None = None
    last_out: datetime | None = None
    for c in facts.communications:
        if c.direction == "in":
            if last_in is None or c.at > last_in:
                last_in = c.at
        elif c.direction == "out" and (last_out is None or c.at > last_out):
            last_out = c.at
    # An outbound note logged at the very same minute counts as the reply.
    if last_in is not None and (last_out is None or last_in > last_out):
        nudges.append(Nudge(app_id, "reply_moment", REPLY_MOMENT))
    return nudges


def pipeline_nudges(open_applications: int) -> list[Nudge]:
    """Advice about the whole search: fewer than 3 open applications."""
    if open_applications >= 3:
        return []
    count = _plural(max(open_applications, 0), "open application")
    return [Nudge(None, "keep_options_open",
                  f"Keep your options open: {count}, so keep applying while you wait")]
