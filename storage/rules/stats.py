"""Stats: how the search is going, computed from small aggregated rows.

Pure: no database, no widgets. :mod:`storage.db.stats_query` groups the
stored facts in SQL (a few hundred rows however many applications there are)
and hands them here as the plain rows below; everything that needs the
user's calendar (business days, the first day of the week) happens here.

Definitions (what each figure counts):

- The period's **cohort**: the applications added in it (``applied_on``, or
  the day the record was made when that is empty).
- **Funnel**: a cohort application *reached* a stage when its stage history
  (or its current stage) holds that stage or a later one, in role order
  (open stages by position, then offer stages): a card moved from Applied
  straight to Interview passed Screen. A card closed as hired reached every
  stage and the last step, "Hired". Closed stages are not funnel steps; the
  outcomes of the cohort's closed cards are counted apart.
- **Responses**: a round got a reply when an inbound message was logged for
  the application after the round ended; a follow-up did when one came after
  it was sent (a reply logged before the follow-up does not answer it). The
  median counts business days from the round's day to the first reply. Rows
  are grouped by the stage the application was in on the round's (or the
  follow-up's) day, and by company. Rounds and follow-ups of the period.
- **Activity per week**: applications added, rounds held, notes sent by kind
  (thank-you, follow-up, other), replies received, in weeks starting on the
  user's first day of the week.
- **Discipline**: each thank-you a round called for (one per interviewer, one
  unaddressed note when none is recorded) is *on time* when sent (or marked
  done) by the end of the ``late_business_days``-th business day after the
  round, *late* after that, *skipped*, or *never* once that bound has passed
  with nothing sent; *waiting* ones are still within it. A round's first
  follow-up is *early*, *on its day* or *later* than the day the cadence set
  for it. Skipped actions by kind; the actions overdue today.
- **Time in stage**: whole days (24 h) between entering a stage and the next
  stage change, for the stays that ended in the period; the median per stage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from storage.rules.business_days import WorkCalendar
from storage.rules.records import OUTCOMES, StageRec

#: The periods, in the order the screen's key steps through them.
PERIODS: tuple[str, ...] = ("90d", "30d", "year", "all")
PERIOD_LABELS: dict[str, str] = {"90d": "last 90 days", "30d": "last 30 days",
                                 "year": "this year", "all": "everything"}
DEFAULT_PERIOD = "90d"
#: Where a role comes in the funnel: applications move from open to offer.
ROLE_ORDER: dict[str, int] = {"open": 0, "offer": 1, "closed": 2}
#: The notes counted by kind (communications' kinds, outbound).
SENT_KINDS: tuple[str, ...] = ("thank_you", "follow_up", "other")
HIRED = "Hired"
#: Pending actions' kinds as the figures name them (skipped actions).
ACTION_KIND_NAMES: dict[str, str] = {
    "thank_you": "thank-you", "follow_up": "follow-up", "second_follow_up": "second follow-up",
    "move_on": "move on", "references": "references", "custom": "reminder"}


@dataclass(frozen=True, slots=True)
class Period:
    """``start`` to ``end`` (today), both days included; ``start`` None: everything."""

    key: str
    start: date | None
    end: date

    @property
    def label(self) -> str:
        return PERIOD_LABELS[self.key]


def period(key: str, today: date) -> Period:
    """The period named ``key`` (one of PERIODS) ending ``today``."""
    if key == "90d":
        return Period(key, today - timedelta(days=89), today)
    if key == "30d":
        return Period(key, today - timedelta(days=29), today)
    if key == "year":
        return Period(key, date(today.year, 1, 1), today)
    if key == "all":
        return Period(key, None, today)
    raise ValueError(f"period: one of {', '.join(PERIODS)}, not {key!r}")


def next_period(key: str) -> str:
    return PERIODS[(PERIODS.index(key) + 1) % len(PERIODS)]


def funnel_stages(stages: Iterable[StageRec]) -> list[StageRec]:
    """The stages a card can reach on its way, in role order then board order."""
    return sorted((s for s in stages if s.role != "closed"),
                  key=lambda s: (ROLE_ORDER.get(s.role, 0), s.position))


# -- the rows the database hands in -------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunnelRow:
    """``count`` cohort applications whose furthest funnel stage is ``furthest``
    (an index into :func:`funnel_stages`; None: only closed stages on record)."""

    furthest: int | None
    closed: bool
    outcome: str | None
    count: int


@dataclass(frozen=True, slots=True)
class StayRow:
    """``count`` stays of ``days`` whole days in the stage ``stage_id``."""

    stage_id: int
    days: int
    count: int


@dataclass(frozen=True, slots=True)
class RoundRow:
    """``count`` rounds held on ``day`` at ``company`` in the stage ``stage_id``,
    first answered on ``reply_day``; both None for rounds with no reply yet
    (their day does not matter)."""

    stage_id: int
    company: str
    day: date | None
    reply_day: date | None
    count: int


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    stage_id: int
    company: str
    replied: bool
    count: int


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """``count`` events of ``series`` on ``day``: "added", "interviews", "replies",
    or a kind of note sent (SENT_KINDS)."""

    series: str
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class ThankYouRow:
    """``count`` thank-yous owed for rounds on ``round_day``: first sent (or marked
    done) on ``sent_day``, or skipped."""

    round_day: date
    sent_day: date | None
    skipped: bool
    count: int


@dataclass(frozen=True, slots=True)
class FollowUpTimingRow:
    """``count`` first follow-ups of rounds on ``round_day`` (with the decision date
    they gave), sent on ``sent_day``."""

    round_day: date
    decision_day: date | None
    sent_day: date
    count: int


@dataclass(frozen=True)
class StatsFacts:
    """Everything the figures are computed from, already aggregated."""

    period: Period
    stages: tuple[StageRec, ...]
    funnel: tuple[FunnelRow, ...] = ()
    stays: tuple[StayRow, ...] = ()
    rounds: tuple[RoundRow, ...] = ()
    follow_ups: tuple[FollowUpRow, ...] = ()
    activity: tuple[ActivityRow, ...] = ()
    thank_yous: tuple[ThankYouRow, ...] = ()
    follow_up_timing: tuple[FollowUpTimingRow, ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()
    overdue: int = 0


# -- the figures ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunnelStep:
    name: str
    stage_id: int | None
    """None for the last step, "Hired"."""
    reached: int
    share: float | None
    """Of the applications in the first step; None when there are none."""
    conversion: float | None
    """From the step before (None for the first, or after an empty step)."""


@dataclass(frozen=True, slots=True)
class ResponseRate:
    """Replies for one stage or one company."""

    name: str
    stage_id: int | None
    rounds: int
    rounds_replied: int
    follow_ups: int
    follow_ups_replied: int
    median_days: float | None
    """Median business days from a round to its first reply (replied rounds)."""

    @property
    def round_rate(self) -> float | None:
        return self.rounds_replied / self.rounds if self.rounds else None

    @property
    def follow_up_rate(self) -> float | None:
        return self.follow_ups_replied / self.follow_ups if self.follow_ups else None


@dataclass(frozen=True, slots=True)
class Week:
    start: date
    added: int = 0
    interviews: int = 0
    sent: tuple[tuple[str, int], ...] = tuple((k, 0) for k in SENT_KINDS)
    replies: int = 0

    @property
    def notes(self) -> int:
        return sum(n for _, n in self.sent)


@dataclass(frozen=True, slots=True)
class Discipline:
    thank_you_on_time: int = 0
    thank_you_late: int = 0
    thank_you_never: int = 0
    thank_you_skipped: int = 0
    thank_you_waiting: int = 0
    follow_up_early: int = 0
    follow_up_on_day: int = 0
    follow_up_later: int = 0
    skipped: tuple[tuple[str, int], ...] = ()
    """Actions skipped in the period, by kind (most first)."""
    overdue: int = 0


@dataclass(frozen=True, slots=True)
class StageTime:
    name: str
    stage_id: int
    stays: int
    median_days: float | None


@dataclass(frozen=True)
class StatsReport:
    period: Period
    applications: int
    funnel: tuple[FunnelStep, ...]
    by_stage: tuple[ResponseRate, ...]
    by_company: tuple[ResponseRate, ...]
    weeks: tuple[Week, ...]
    discipline: Discipline
    time_in_stage: tuple[StageTime, ...]
    outcomes: tuple[tuple[str, int], ...]
    """Closed cohort applications by outcome (OUTCOMES order, then "no outcome")."""

    def to_json(self) -> dict[str, Any]:
        """JSON-ready (``afterview stats --json``); rates as fractions, days as numbers."""
        def rate(r: ResponseRate) -> dict[str, Any]:
            return {"name": r.name, "rounds": r.rounds, "rounds_replied": r.rounds_replied,
                    "round_reply_rate": _round(r.round_rate), "follow_ups": r.follow_ups,
                    "follow_ups_replied": r.follow_ups_replied,
                    "follow_up_reply_rate": _round(r.follow_up_rate),
                    "median_business_days_to_reply": r.median_days}

        d = self.discipline
        return {
            "period": {"name": self.period.key, "label": self.period.label,
                       "from": self.period.start.isoformat() if self.period.start else None,
                       "to": self.period.end.isoformat()},
            "applications": self.applications,
            "funnel": [{"stage": s.name, "reached": s.reached, "share": _round(s.share),
                        "conversion": _round(s.conversion)} for s in self.funnel],
            "responses": {"by_stage": [rate(r) for r in self.by_stage],
                          "by_company": [rate(r) for r in self.by_company]},
            "weeks": [{"week": w.start.isoformat(), "added": w.added,
                       "interviews": w.interviews, "sent": dict(w.sent), "replies": w.replies}
                      for w in self.weeks],
            "discipline": {
                "thank_yous": {"on_time": d.thank_you_on_time, "late": d.thank_you_late,
                               "never": d.thank_you_never, "skipped": d.thank_you_skipped,
                               "waiting": d.thank_you_waiting},
                "follow_ups": {"early": d.follow_up_early, "on_day": d.follow_up_on_day,
                               "later": d.follow_up_later},
                "skipped": dict(d.skipped), "overdue": d.overdue},
            "time_in_stage": [{"stage": t.name, "stays": t.stays, "median_days": t.median_days}
                              for t in self.time_in_stage],
            "outcomes": dict(self.outcomes),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def median(histogram: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many}; None when empty."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    ordered = sorted((v, n) for v, n in histogram.items() if n > 0)

    def nth(index: int) -> int:  # 0-based
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def week_start(day: date, first_weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def compute(facts: StatsFacts, calendar: WorkCalendar, *, first_weekday: int = 0,
            late_business_days: int = 2, first_follow_up_business_days: int = 5) -> StatsReport:
    """Every figure of the Stats screen from the aggregated ``facts``."""
    stages = funnel_stages(facts.stages)
    names = {s.id: s.name for s in facts.stages}
    funnel, applications, outcomes = _funnel(facts.funnel, stages)
    by_stage, by_company = _responses(facts, calendar, names)
    return StatsReport(
        period=facts.period, applications=applications, funnel=funnel,
        by_stage=by_stage, by_company=by_company,
        weeks=_weeks(facts.activity, facts.period, first_weekday),
        discipline=_discipline(facts, calendar, late_business_days,
                               first_follow_up_business_days),
        time_in_stage=_time_in_stage(facts.stays, facts.stages),
        outcomes=outcomes)


def _funnel(rows: Sequence[FunnelRow], stages: Sequence[StageRec]
            ) -> tuple[tuple[FunnelStep, ...], int, tuple[tuple[str, int], ...]]:
    last = len(stages)  # a hired card reached every stage, and "Hired"
    reached = [0] * (last + 1)
    outcomes: dict[str, int] = defaultdict(int)
    total = 0
    for row in rows:
        total += row.count
        furthest = max(row.furthest or 0, 0)
        if row.closed:
            outcomes[row.outcome or "no outcome"] += row.count
            if row.outcome == "hired":
                furthest = last
        for step in range(min(furthest, last) + 1):
            reached[step] += row.count
    steps: list[FunnelStep] = []
    labels = [(s.name, s.id) for s in stages] + [(HIRED, None)]
    for index, (name, stage_id) in enumerate(labels):
        count = reached[index]
        before = reached[index - 1] if index else None
        steps.append(FunnelStep(
            name, stage_id, count, count / total if total else None,
            count / before if before else None))
    order = [*OUTCOMES, "no outcome"]
    ordered = tuple((o, outcomes[o]) for o in order if outcomes.get(o))
    return tuple(steps), total, ordered


def _counter(calendar: WorkCalendar, days: Sequence[date]) -> Callable[[date, date], int]:
    """``calendar.business_days_between`` for days within ``days``' range, in
    constant time: a running count of business days over the range, made once
    (thousands of rounds span a few hundred days)."""
    if not days:
        return calendar.business_days_between
    first, last = min(days), max(days)
    running: dict[date, int] = {}
    count, day = 0, first
    while day <= last:
        count += calendar.is_business_day(day)
        running[day] = count
        day += timedelta(days=1)

    def between(start: date, end: date) -> int:
        if end <= start:
            return 0
        return running[end] - running[start]

    return between


def _responses(facts: StatsFacts, calendar: WorkCalendar, names: Mapping[int, str]
               ) -> tuple[tuple[ResponseRate, ...], tuple[ResponseRate, ...]]:
    # [rounds, replied, follow-ups, replied, {business days: rounds}] per key
    def blank() -> list[Any]:
        return [0, 0, 0, 0, defaultdict(int)]

    stage: dict[int, list[Any]] = defaultdict(blank)
    company: dict[str, list[Any]] = defaultdict(blank)
    between = _counter(calendar, [d for r in facts.rounds
                                  for d in (r.day, r.reply_day) if d is not None])
    for r in facts.rounds:
        days = (None if r.reply_day is None or r.day is None
                else between(r.day, r.reply_day))
        for acc in (stage[r.stage_id], company[r.company]):
            acc[0] += r.count
            if days is not None:
                acc[1] += r.count
                acc[4][days] += r.count
    for f in facts.follow_ups:
        for acc in (stage[f.stage_id], company[f.company]):
            acc[2] += f.count
            if f.replied:
                acc[3] += f.count

    def rate(name: str, stage_id: int | None, acc: list[Any]) -> ResponseRate:
        return ResponseRate(name, stage_id, acc[0], acc[1], acc[2], acc[3], median(acc[4]))

    order = {s.id: (ROLE_ORDER.get(s.role, 0), s.position) for s in facts.stages}
    by_stage = tuple(rate(names.get(sid, "?"), sid, acc) for sid, acc in
                     sorted(stage.items(), key=lambda kv: order.get(kv[0], (9, 0))))
    by_company = tuple(rate(name, None, acc) for name, acc in
                       sorted(company.items(), key=lambda kv: kv[0].casefold()))
    return by_stage, by_company


def _weeks(rows: Sequence[ActivityRow], span: Period, first_weekday: int
           ) -> tuple[Week, ...]:
    if span.start is None and not rows:
        return ()
    first = span.start if span.start is not None else min(r.day for r in rows)
    start, last = week_start(first, first_weekday), week_start(span.end, first_weekday)
    counts: dict[date, dict[str, int]] = {}
    day = start
    while day <= last:
        counts[day] = defaultdict(int)
        day += timedelta(days=7)
    for row in rows:
        week = week_start(row.day, first_weekday)
        if week in counts:
            counts[week][row.series] += row.count
    return tuple(Week(week, c["added"], c["interviews"],
                      tuple((k, c[k]) for k in SENT_KINDS), c["replies"])
                 for week, c in counts.items())


def _discipline(facts: StatsFacts, calendar: WorkCalendar, late_days: int,
                follow_up_days: int) -> Discipline:
    today = facts.period.end
    on_time = late = never = skipped = waiting = 0
    bounds: dict[date, date] = {}
    for t in facts.thank_yous:
        bound = bounds.get(t.round_day)
        if bound is None:
            bound = bounds[t.round_day] = calendar.add_business_days(t.round_day, late_days)
        if t.sent_day is not None:
            if t.sent_day <= bound:
                on_time += t.count
            else:
                late += t.count
        elif t.skipped:
            skipped += t.count
        elif bound < today:
            never += t.count
        else:
            waiting += t.count
    early = on_day = later = 0
    for f in facts.follow_up_timing:
        due = (calendar.next_business_day(f.decision_day) if f.decision_day is not None
               else calendar.add_business_days(f.round_day, follow_up_days))
        if f.sent_day < due:
            early += f.count
        elif f.sent_day == due:
            on_day += f.count
        else:
            later += f.count
    kinds = tuple(sorted(facts.skipped, key=lambda kv: (-kv[1], kv[0])))
    return Discipline(on_time, late, never, skipped, waiting, early, on_day, later, kinds,
                      facts.overdue)


def _time_in_stage(rows: Sequence[StayRow], stages: Sequence[StageRec]
                   ) -> tuple[StageTime, ...]:
    by_stage: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_stage[row.stage_id][row.days] += row.count
    ordered = sorted(stages, key=lambda s: (ROLE_ORDER.get(s.role, 0), s.position))
    return tuple(StageTime(s.name, s.id, sum(by_stage[s.id].values()), median(by_stage[s.id]))
                 for s in ordered if s.id in by_stage)


def percent(value: float | None) -> str:
    """"62%", or "–" when there is nothing to divide."""
    return "–" if value is None else f"{round(value * 100)}%"
