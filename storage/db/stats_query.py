"""Stats' facts, grouped in SQL: a few hundred small rows, however large the database.

Every query groups in the database (GROUP BY over a subquery's plain
columns, so PostgreSQL sees the same expressions it selects) and returns the
rows of :mod:`storage.rules.stats`, which computes the figures. Only
SQLAlchemy Core expressions that both SQLite and PostgreSQL compile: times
become seconds with ``EXTRACT(epoch …)`` (``strftime('%s', …)`` on SQLite)
and days with integer division, so no dialect's date functions are needed.

Times are stored as naive UTC; a day on screen is a local day. The local
UTC offsets over the period (daylight saving included) go into the SQL as a
CASE on the time, so a round at 23:30 local time counts on its own day.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from storage.db.models import (
    ActionOverride,
    Application,
    Communication,
    Company,
    Interview,
    PendingAction,
    Stage,
    StageChange,
    interview_interviewers,
)
from storage.rules.records import StageRec
from storage.rules.stats import (
    ActivityRow,
    FollowUpRow,
    FollowUpTimingRow,
    FunnelRow,
    Period,
    RoundRow,
    StatsFacts,
    StayRow,
    ThankYouRow,
    funnel_stages,
)

DAY = 86400
EPOCH = date(1970, 1, 1)
#: How far back "everything" looks for daylight-saving changes; older times
#: take the oldest offset found.
ALL_YEARS = 30


def _seconds(column: Any) -> ColumnElement[int]:
    """Seconds since 1970 of a stored (naive UTC) time or a date."""
    return cast(extract("epoch", column), BigInteger)


def _offsets(first: date, last: date) -> list[tuple[int, int]]:
    """(from this UTC second on, the local offset in seconds), for first..last.

    Sampled every week, each change then found to the second by bisection:
    a few hundred calls to localtime for thirty years."""
    def offset(second: int) -> int:
        return time.localtime(second).tm_gmtoff

    start = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp()) - DAY
    stop = int(datetime(last.year, last.month, last.day, tzinfo=UTC).timestamp()) + 2 * DAY
    pieces = [(start, offset(start))]
    step = 7 * DAY
    at = start
    while at < stop:
        nxt = min(at + step, stop)
        if offset(nxt) != pieces[-1][1]:
            low, high = at, nxt  # offset(low) is the current one, offset(high) the new
            while high - low > 1:
                mid = (low + high) // 2
                if offset(mid) == pieces[-1][1]:
                    low = mid
                else:
                    high = mid
            pieces.append((high, offset(high)))
        at = nxt
    return pieces


class _Days:
    """Local day numbers (days since 1970-01-01) of stored times, in SQL."""

    def __init__(self, span: Period) -> None:
        first = span.start or date(span.end.year - ALL_YEARS, 1, 1)  # (29 Feb has no replace)
        self.pieces = _offsets(first, span.end)

    def of(self, column: Any) -> ColumnElement[int]:
        seconds = _seconds(column)
        if len(self.pieces) == 1:
            shifted = seconds + literal(self.pieces[0][1], Integer)
        else:
            # Newest first: most times are recent, and a WHEN is one comparison.
            shift = case(*((seconds >= literal(at, BigInteger), literal(off, Integer))
                           for at, off in reversed(self.pieces[1:])),
                         else_=literal(self.pieces[0][1], Integer))
            shifted = seconds + shift
        return shifted // DAY


def _layer(s: Session, statement: Select[Any], name: str) -> Any:
    """``statement`` as a FROM for the grouping query, computed once.

    The grouping query refers to a column several times (a local day is a
    CASE on it); SQLite would otherwise copy a correlated subquery into each
    reference and run it again (twenty seconds instead of one at 20,000
    rounds). MATERIALIZED is PostgreSQL 12's and SQLite 3.35's; an older
    SQLite gets a plain subquery: the same rows, slower."""
    dialect = s.get_bind().dialect
    if dialect.name == "postgresql" or (
            dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 35)):
        return statement.cte(name).prefix_with("MATERIALIZED")
    return statement.subquery(name)


def _date_day(column: Any) -> ColumnElement[int]:
    """The day number of a DATE column (already a local day)."""
    return _seconds(column) // DAY


@lru_cache(maxsize=4096)
def _day(number: int | None) -> date | None:
    # Cached: tens of thousands of rows name a few hundred days.
    return None if number is None else EPOCH + timedelta(days=int(number))


def _utc(day: date) -> datetime:
    """Local midnight at the start of ``day``, as stored (naive UTC)."""
    local = datetime(day.year, day.month, day.day).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


class _Window:
    """The period's bounds as SQL conditions on stored times and dates."""

    def __init__(self, span: Period) -> None:
        self.span = span
        self.start = None if span.start is None else _utc(span.start)
        self.end = _utc(span.end + timedelta(days=1))

    def times(self, column: Any) -> ColumnElement[bool]:
        # Typed literals: bound as naive UTC, the way the column stores them.
        cond = column < literal(self.end, DateTime)
        if self.start is not None:
            cond = and_(column >= literal(self.start, DateTime), cond)
        return cond

    def days(self, column: Any) -> ColumnElement[bool]:
        cond = column <= self.span.end
        if self.span.start is not None:
            cond = and_(column >= self.span.start, cond)
        return cond


def read_stats(s: Session, span: Period) -> StatsFacts:
    """The facts of ``span`` (see storage.rules.stats for what each counts)."""
    stages = tuple(StageRec(id_, name, position, role) for id_, name, position, role in
                   s.execute(select(Stage.id, Stage.name, Stage.position, Stage.role)
                             .order_by(Stage.position, Stage.id)))
    window, days = _Window(span), _Days(span)
    return StatsFacts(
        period=span, stages=stages,
        funnel=_funnel(s, window, stages),
        stays=_stays(s, window),
        rounds=_rounds(s, window, days),
        follow_ups=_follow_ups(s, window),
        activity=_activity(s, window, days),
        thank_yous=_thank_yous(s, window, days),
        follow_up_timing=_follow_up_timing(s, window, days),
        skipped=tuple((kind, n) for kind, n in s.execute(
            select(ActionOverride.kind, func.count())
            .where(ActionOverride.skipped_on.is_not(None),
                   window.days(ActionOverride.skipped_on))
            .group_by(ActionOverride.kind))),
        overdue=s.scalar(select(func.count()).select_from(PendingAction)
                         .where(PendingAction.due_on < span.end)) or 0,
    )


def _in_cohort(window: _Window) -> ColumnElement[bool]:
    """Added in the period: its application day, else the day the record was made."""
    return or_(and_(Application.applied_on.is_not(None), window.days(Application.applied_on)),
               and_(Application.applied_on.is_(None), window.times(Application.created_at)))


def _stage_rank(column: Any, stages: Sequence[StageRec]) -> ColumnElement[Any]:
    ranks = {stage.id: index for index, stage in enumerate(funnel_stages(stages))}
    if not ranks:
        return null()
    return case(ranks, value=column, else_=null())


def _funnel(s: Session, window: _Window, stages: Sequence[StageRec]) -> tuple[FunnelRow, ...]:
    closed = [st.id for st in stages if st.role == "closed"]
    history = (select(StageChange.application_id.label("app_id"),
                      func.max(_stage_rank(StageChange.stage_id, stages)).label("rank"))
               .group_by(StageChange.application_id).subquery())
    current = _stage_rank(Application.stage_id, stages)
    furthest = case((history.c.rank.is_(None), current), (current.is_(None), history.c.rank),
                    (history.c.rank > current, history.c.rank), else_=current)
    per_app = (select(furthest.label("furthest"),
                      Application.stage_id.in_(closed).label("closed"),
                      Application.outcome.label("outcome"))
               .select_from(Application)
               .outerjoin(history, history.c.app_id == Application.id)
               .where(_in_cohort(window)).subquery())
    rows = s.execute(select(per_app.c.furthest, per_app.c.closed, per_app.c.outcome,
                            func.count())
                     .group_by(per_app.c.furthest, per_app.c.closed, per_app.c.outcome))
    return tuple(FunnelRow(None if f is None else int(f), bool(c), o, n)
                 for f, c, o, n in rows)


def _stays(s: Session, window: _Window) -> tuple[StayRow, ...]:
    following = func.lead(StageChange.changed_at).over(
        partition_by=StageChange.application_id,
        order_by=(StageChange.changed_at, StageChange.id))
    stays = select(StageChange.stage_id, StageChange.changed_at.label("since"),
                   following.label("until")).subquery()
    per_stay = (select(stays.c.stage_id,
                       ((_seconds(stays.c.until) - _seconds(stays.c.since)) // DAY)
                       .label("days"))
                .where(stays.c.until.is_not(None), window.times(stays.c.until)).subquery())
    rows = s.execute(select(per_stay.c.stage_id, per_stay.c.days, func.count())
                     .group_by(per_stay.c.stage_id, per_stay.c.days))
    return tuple(StayRow(stage_id, int(d), n) for stage_id, d, n in rows)


def _stage_on(app_id: Any, at: Any) -> ColumnElement[Any]:
    """The stage the application was in at ``at``: its last move before then, else
    its first move on record (a round logged before any), else where it is now."""
    before = (select(StageChange.stage_id)
              .where(StageChange.application_id == app_id, StageChange.changed_at <= at)
              .order_by(StageChange.changed_at.desc(), StageChange.id.desc())
              .limit(1).scalar_subquery())
    first = (select(StageChange.stage_id).where(StageChange.application_id == app_id)
             .order_by(StageChange.changed_at, StageChange.id).limit(1).scalar_subquery())
    return func.coalesce(before, first, Application.stage_id)


def _rounds(s: Session, window: _Window, days: _Days) -> tuple[RoundRow, ...]:
    ended = func.coalesce(Interview.ends_at, Interview.starts_at)
    reply = (select(func.min(Communication.at))
             .where(Communication.application_id == Interview.application_id,
                    Communication.direction == "in", Communication.at >= ended)
             .scalar_subquery())
    per_round = _layer(s, select(_stage_on(Application.id, Interview.starts_at).label("stage_id"),
                        Company.name.label("company"),
                        Interview.starts_at.label("starts_at"), reply.label("reply"))
                 .select_from(Interview)
                 .join(Application, Application.id == Interview.application_id)
                 .join(Company, Company.id == Application.company_id)
                 .where(window.times(Interview.starts_at)), "rounds")
    # A round's day matters only with its reply (the days between): the
    # unanswered collapse into one row per stage and company.
    with_days = select(per_round.c.stage_id, per_round.c.company,
                       case((per_round.c.reply.is_(None), null()),
                            else_=days.of(per_round.c.starts_at)).label("day"),
                       days.of(per_round.c.reply).label("reply_day")).subquery()
    rows = s.execute(select(with_days.c.stage_id, with_days.c.company, with_days.c.day,
                            with_days.c.reply_day, func.count())
                     .group_by(with_days.c.stage_id, with_days.c.company, with_days.c.day,
                               with_days.c.reply_day))
    return tuple(RoundRow(stage_id, company, _day(d), _day(r), n)
                 for stage_id, company, d, r, n in rows)


def _follow_ups(s: Session, window: _Window) -> tuple[FollowUpRow, ...]:
    answer = aliased(Communication)
    replied = exists().where(answer.application_id == Communication.application_id,
                             answer.direction == "in", answer.at > Communication.at)
    per_note = (select(_stage_on(Application.id, Communication.at).label("stage_id"),
                       Company.name.label("company"),
                       case((replied, 1), else_=0).label("replied"))
                .select_from(Communication)
                .join(Application, Application.id == Communication.application_id)
                .join(Company, Company.id == Application.company_id)
                .where(Communication.direction == "out", Communication.kind == "follow_up",
                       window.times(Communication.at)).subquery())
    rows = s.execute(select(per_note.c.stage_id, per_note.c.company, per_note.c.replied,
                            func.count())
                     .group_by(per_note.c.stage_id, per_note.c.company, per_note.c.replied))
    return tuple(FollowUpRow(stage_id, company, bool(r), n) for stage_id, company, r, n in rows)


def _activity(s: Session, window: _Window, days: _Days) -> tuple[ActivityRow, ...]:
    out: list[ActivityRow] = []

    def grouped(series: Any, day: ColumnElement[int], source: Any,
                *where: ColumnElement[bool]) -> None:
        inner = select(series.label("series"), day.label("day")).select_from(source) \
            .where(*where).subquery()
        for name, number, n in s.execute(select(inner.c.series, inner.c.day, func.count())
                                         .group_by(inner.c.series, inner.c.day)):
            out.append(ActivityRow(name, _day(number) or EPOCH, n))

    added = case((Application.applied_on.is_not(None), _date_day(Application.applied_on)),
                 else_=days.of(Application.created_at))
    grouped(literal("added"), added, Application, _in_cohort(window))
    grouped(literal("interviews"), days.of(Interview.starts_at), Interview,
            window.times(Interview.starts_at))
    sent = case((Communication.direction == "in", literal("replies")),
                (Communication.kind.in_(("thank_you", "follow_up")), Communication.kind),
                else_=literal("other"))
    grouped(sent, days.of(Communication.at), Communication, window.times(Communication.at))
    return tuple(out)


def _thank_yous(s: Session, window: _Window, days: _Days) -> tuple[ThankYouRow, ...]:
    person = interview_interviewers.c.contact_id
    sent = (select(func.min(Communication.at))
            .where(Communication.application_id == Interview.application_id,
                   Communication.direction == "out", Communication.kind == "thank_you",
                   Communication.at >= Interview.starts_at,
                   or_(person.is_(None), Communication.contact_id == person))
            .scalar_subquery())
    owed = _layer(s, select(Interview.starts_at.label("starts_at"), sent.label("sent"),
                   ActionOverride.done_on.label("done_on"),
                   case((ActionOverride.skipped_on.is_not(None), 1), else_=0).label("skipped"))
            .select_from(Interview)
            .join(Application, Application.id == Interview.application_id)
            .outerjoin(interview_interviewers,
                       interview_interviewers.c.interview_id == Interview.id)
            .outerjoin(ActionOverride, and_(
                ActionOverride.application_id == Interview.application_id,
                ActionOverride.kind == "thank_you",
                ActionOverride.interview_id == Interview.id,
                ActionOverride.contact_id.is_not_distinct_from(person)))
            .where(Application.no_contact.is_(False), window.times(Interview.starts_at))
            , "thank_yous")
    with_days = select(days.of(owed.c.starts_at).label("day"),
                       days.of(owed.c.sent).label("sent_day"),
                       _date_day(owed.c.done_on).label("done_day"),
                       owed.c.skipped).subquery()
    rows = s.execute(select(with_days.c.day, with_days.c.sent_day, with_days.c.done_day,
                            with_days.c.skipped, func.count())
                     .group_by(with_days.c.day, with_days.c.sent_day, with_days.c.done_day,
                               with_days.c.skipped))
    out = []
    for day, sent_day, done_day, skipped, n in rows:
        done = [d for d in (sent_day, done_day) if d is not None]
        out.append(ThankYouRow(_day(day) or EPOCH, _day(min(done)) if done else None,
                               bool(skipped), n))
    return tuple(out)


def _follow_up_timing(s: Session, window: _Window, days: _Days
                      ) -> tuple[FollowUpTimingRow, ...]:
    later = aliased(Interview)
    next_round = (select(func.min(later.starts_at))
                  .where(later.application_id == Interview.application_id,
                         later.starts_at > Interview.starts_at).scalar_subquery())
    # First each round with when it ended and when the next began (once a
    # round: inside the follow-up's subquery it ran again for every message).
    rounds = _layer(s, select(Interview.application_id.label("app_id"),
                              Interview.starts_at.label("starts_at"),
                              func.coalesce(Interview.ends_at, Interview.starts_at)
                              .label("ended"),
                              Interview.decision_expected_on.label("decision"),
                              next_round.label("next_start"))
                    .select_from(Interview)
                    .join(Application, Application.id == Interview.application_id)
                    .where(Application.no_contact.is_(False),
                           window.times(Interview.starts_at)), "rounds_between")
    first = (select(func.min(Communication.at))
             .where(Communication.application_id == rounds.c.app_id,
                    Communication.direction == "out", Communication.kind == "follow_up",
                    Communication.at >= rounds.c.ended,
                    or_(rounds.c.next_start.is_(None),
                        Communication.at < rounds.c.next_start))
             .scalar_subquery())
    per_round = _layer(s, select(rounds.c.starts_at, rounds.c.decision,
                                 first.label("sent")), "first_follow_ups")
    with_days = (select(days.of(per_round.c.starts_at).label("day"),
                        _date_day(per_round.c.decision).label("decision_day"),
                        days.of(per_round.c.sent).label("sent_day"))
                 .where(per_round.c.sent.is_not(None)).subquery())
    rows = s.execute(select(with_days.c.day, with_days.c.decision_day, with_days.c.sent_day,
                            func.count())
                     .group_by(with_days.c.day, with_days.c.decision_day,
                               with_days.c.sent_day))
    return tuple(FollowUpTimingRow(_day(d) or EPOCH, _day(dec), _day(sent) or EPOCH, n)
                 for d, dec, sent, n in rows)
