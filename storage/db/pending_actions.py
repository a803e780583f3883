"""From stored facts to due actions, and back out as an agenda.

The cadence (:mod:`storage.rules.cadence`) is pure; this module feeds it from the
database and keeps its answer in the ``pending_actions`` table:

* :func:`refresh` recomputes the actions of some applications, inside the
  transaction that changed their facts (the store calls it on every write);
* :func:`rebuild_all` recomputes everything (settings changed, a new
  cadence version, a fresh migration);
* :func:`agenda` answers "pending between two dates" with one indexed range
  query, and :func:`for_application` "pending for this one".

The cache never depends on "today": due dates follow from facts and settings
alone; the status (overdue, due, upcoming, late) is worked out when read.

Nor on the machine that computed it. Due days are counted in the database's
own time zone (:func:`database_zone`: the zone of the machine that first
built the cache, kept in the ``_cadence_zone`` row), so a laptop in Berlin and
a desktop in New York sharing one PostgreSQL database agree on every due day
and never rebuild each other's cache; ``due_at`` is stored in UTC and shown in
each machine's own zone (:func:`storage.rules.agenda_rows.items`).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session

from storage.db import settings_table
from storage.db.models import (
    ActionOverride,
    Application,
    Communication,
    Contact,
    CustomAction,
    Interview,
    PendingAction,
    Stage,
    StageChange,
    interview_interviewers,
)
from storage.db.settings_table import read_settings
from storage.fastpath import sql
from storage.rules import agenda_rows, cadence
from storage.rules.cadence import (
    ActionKind,
    AppFacts,
    CadenceSettings,
    CommFact,
    OverrideFact,
    PersonFact,
    RoundFact,
)
from storage.rules.records import AgendaItem
from storage.rules.settings import Settings, cadence_cache_marker

_CHUNK = 500
#: The internal settings row naming the zone the cache's due days are counted in.
ZONE_KEY = "_cadence_zone"


# -- the database's time zone -------------------------------------------------


def zone_named(name: str) -> tzinfo:
    """An IANA zone ("Europe/Berlin"), or a fixed offset written "UTC+05:30"."""
    if name.startswith("UTC") and len(name) == 9:
        sign = -1 if name[3] == "-" else 1
        hours, minutes = int(name[4:6]), int(name[7:9])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return ZoneInfo(name)


def machine_zone_name() -> str:
    """This machine's zone by its IANA name (TZ, /etc/timezone, /etc/localtime),
    or its current UTC offset when it has no name Python knows."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    localtime = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in localtime:
        candidates.append(localtime.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and not name.startswith(("/", ".")):
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError):
                continue
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def database_zone(s: Session) -> tzinfo:
    """The zone due days are counted in: the database's, once set (see the module)."""
    stored = settings_table.read_internal(s, ZONE_KEY)
    name = json.loads(stored) if stored else machine_zone_name()
    try:
        return zone_named(name)
    except (ZoneInfoNotFoundError, ValueError):  # a zone this machine's tzdata lacks
        return zone_named(machine_zone_name())


def cadence_settings(settings: Settings) -> CadenceSettings:
    return CadenceSettings(
        calendar=settings.calendar,
        thank_you_hours=settings.thank_you_hours,
        late_business_days=settings.late_business_days,
        first_follow_up_business_days=settings.first_follow_up_business_days,
        second_follow_up_business_days=settings.second_follow_up_business_days,
        move_on_business_days=settings.move_on_business_days,
    )


def _local(dt: datetime | None, zone: tzinfo) -> datetime | None:
    """Aware UTC from the database → naive wall time in ``zone`` for the cadence."""
    return None if dt is None else dt.astimezone(zone).replace(tzinfo=None)


class _UtcToLocal:
    """Naive UTC (as stored) → naive wall time in the database's zone, for bulk reads.

    A full rebuild converts about 85,000 datetimes; going through aware
    datetimes costs 0.4 s. The UTC offset only changes on an hour boundary, so
    caching it per UTC hour is exact (DST edges included) and 6× faster.
    """

    def __init__(self, zone: tzinfo) -> None:
        self._zone = zone
        self._offsets: dict[int, timedelta] = {}

    def __call__(self, dt: datetime | None) -> datetime | None:
        if dt is None:
            return None
        key = dt.toordinal() * 24 + dt.hour
        offset = self._offsets.get(key)
        if offset is None:
            aware = dt.replace(tzinfo=UTC).astimezone(self._zone)
            offset = self._offsets[key] = aware.utcoffset() or timedelta(0)
        return dt + offset


def _raw(column: Any) -> Any:
    """A UTCDateTime column read as the stored naive UTC (no per-row processing)."""
    return type_coerce(column, DateTime).label(column.key)


# -- loading facts ------------------------------------------------------------


def load_facts(s: Session, app_ids: Sequence[int] | None) -> dict[int, AppFacts]:
    """The cadence's facts for these applications (None: all), in a few batched queries.

    For all applications each table is read in one pass without an IN list,
    which halves the time of a full rebuild.
    """
    ids = None if app_ids is None else list(app_ids)
    if ids is not None and not ids:
        return {}
    zone = database_zone(s)

    def only(column: Any) -> list[Any]:
        return [] if ids is None else [column.in_(ids)]
    apps = s.execute(
        select(Application.id, Application.stage_id, Application.no_contact,
               Application.references_requested_on, Stage.role)
        .join(Stage, Stage.id == Application.stage_id)
        .where(*only(Application.id))
    ).all()
    offer_apps = {row.id: row.stage_id for row in apps if row.role == "offer"}
    offer_since: dict[int, datetime] = {}
    if offer_apps:
        for app_id, stage_id, at in s.execute(
            select(StageChange.application_id, StageChange.stage_id,
                   func.max(StageChange.changed_at))
            .where(StageChange.application_id.in_(list(offer_apps)))
            .group_by(StageChange.application_id, StageChange.stage_id)
        ):
            # max() keeps the column's type, so ``at`` comes back aware UTC.
            local = _local(at, zone)
            if offer_apps.get(app_id) == stage_id and local is not None:
                offer_since[app_id] = local

    people: dict[int, PersonFact] = {}
    main: dict[int, PersonFact] = {}
    for row in s.execute(
        select(Contact.id, Contact.application_id, Contact.name, Contact.email, Contact.title,
               Contact.is_main).where(*only(Contact.application_id))
    ):
        person = PersonFact(row.id, row.name, row.email, row.title)
        people[row.id] = person
        if row.is_main:
            main[row.application_id] = person

    interviewers: dict[int, list[PersonFact]] = defaultdict(list)
    to_local = _UtcToLocal(zone)
    rounds_rows = s.execute(
        select(Interview.id, Interview.application_id, _raw(Interview.starts_at),
               _raw(Interview.ends_at), Interview.decision_expected_on)
        .where(*only(Interview.application_id))
        .order_by(Interview.application_id, Interview.starts_at, Interview.id)
    ).all()
    if rounds_rows:
        for iid, cid in s.execute(
            select(interview_interviewers.c.interview_id, interview_interviewers.c.contact_id)
            .join(Interview, Interview.id == interview_interviewers.c.interview_id)
            .where(*only(Interview.application_id))
            .order_by(interview_interviewers.c.contact_id)
        ):
            if cid in people:
                interviewers[iid].append(people[cid])
    rounds: dict[int, list[RoundFact]] = defaultdict(list)
    for row in rounds_rows:
        listed = rounds[row.application_id]
        start = to_local(row.starts_at)
        assert start is not None
        listed.append(RoundFact(row.id, len(listed) + 1, start, to_local(row.ends_at),
                                row.decision_expected_on, tuple(interviewers.get(row.id, ()))))

    comms: dict[int, list[CommFact]] = defaultdict(list)
    for row in s.execute(
        select(Communication.application_id, _raw(Communication.at), Communication.direction,
               Communication.kind, Communication.contact_id)
        .where(*only(Communication.application_id))
    ):
        at = to_local(row.at)
        assert at is not None
        comms[row.application_id].append(CommFact(at, row.direction, row.kind, row.contact_id))

    overrides: dict[int, list[OverrideFact]] = defaultdict(list)
    for row in s.execute(
        select(ActionOverride.application_id, ActionOverride.kind, ActionOverride.interview_id,
               ActionOverride.contact_id, ActionOverride.snoozed_to, ActionOverride.skipped_on,
               ActionOverride.done_on).where(*only(ActionOverride.application_id))
    ):
        overrides[row.application_id].append(OverrideFact(
            row.kind, row.interview_id, row.contact_id,  # type: ignore[arg-type]
            row.snoozed_to, row.skipped_on, row.done_on))

    return {
        row.id: AppFacts(
            application_id=row.id, closed=row.role == "closed", no_contact=row.no_contact,
            offer_since=offer_since.get(row.id), main_contact=main.get(row.id),
            rounds=tuple(rounds.get(row.id, ())), communications=tuple(comms.get(row.id, ())),
            references_requested_on=row.references_requested_on,
            overrides=tuple(overrides.get(row.id, ())),
        )
        for row in apps
    }


# -- keeping the cache --------------------------------------------------------


def refresh(s: Session, app_ids: Iterable[int], settings: Settings | None = None) -> None:
    """Recompute the pending actions of these applications (in the caller's transaction)."""
    ids = sorted(set(app_ids))
    if not ids:
        return
    rules = cadence_settings(settings or read_settings(s))
    zone = database_zone(s)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        s.execute(delete(PendingAction).where(PendingAction.application_id.in_(chunk)))
        _store(s, load_facts(s, chunk), rules, chunk, zone)


def rebuild_all(s: Session, settings: Settings | None = None) -> None:
    """Recompute every application's actions and record what they were computed
    under (the first time, also the zone: this machine's)."""
    settings = settings or read_settings(s)
    if settings_table.read_internal(s, ZONE_KEY) is None:
        settings_table.write_internal(s, ZONE_KEY, json.dumps(machine_zone_name()))
    s.execute(delete(PendingAction))
    _store(s, load_facts(s, None), cadence_settings(settings), None, database_zone(s))
    _write_marker(s, cadence_cache_marker(settings))


def _utc(wall: datetime | None, zone: tzinfo) -> datetime | None:
    """A naive wall time in ``zone`` → naive UTC, as ``due_at`` is stored."""
    if wall is None:
        return None
    return wall.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _store(s: Session, facts: dict[int, AppFacts], rules: CadenceSettings,
           ids: Sequence[int] | None, zone: tzinfo) -> None:
    rows: list[dict[str, Any]] = []
    for app_facts in facts.values():
        for a in cadence.pending_actions(app_facts, rules):
            rows.append({
                "application_id": a.application_id, "kind": a.kind.value,
                "interview_id": a.interview_id, "round_number": a.round_number,
                "contact_id": a.contact_id, "contact_name": a.contact_name,
                "custom_action_id": None, "due_on": a.due_on, "due_at": _utc(a.due_at, zone),
                "late_after": a.late_after, "snoozed": a.snoozed, "reason": a.reason,
            })
    # Reminders set by hand are due whatever the stage: "reconnect in 3
    # months" is for closed applications.
    custom = select(CustomAction.id, CustomAction.application_id, CustomAction.title,
                    CustomAction.due_on).where(CustomAction.done_on.is_(None))
    if ids is not None:
        custom = custom.where(CustomAction.application_id.in_(ids))
    for row in s.execute(custom):
        rows.append({
            "application_id": row.application_id, "kind": ActionKind.CUSTOM.value,
            "interview_id": None, "round_number": None, "contact_id": None,
            "contact_name": None, "custom_action_id": row.id, "due_on": row.due_on,
            "due_at": None, "late_after": None, "snoozed": False, "reason": row.title,
        })
    if rows:
        s.execute(insert(PendingAction.__table__), rows)


def _write_marker(s: Session, marker: str) -> None:
    settings_table.write_internal(s, sql.CADENCE_CACHE_KEY, json.dumps(marker))


def is_current(s: Session, settings: Settings) -> bool:
    """Whether the cache was computed under these rules and settings. Not the
    machine's zone: it is counted in the database's, so another device in
    another zone finds it current."""
    if settings_table.read_internal(s, ZONE_KEY) is None:
        return False
    stored = settings_table.read_internal(s, sql.CADENCE_CACHE_KEY)
    return stored == json.dumps(cadence_cache_marker(settings))


# -- reading ------------------------------------------------------------------


_AGENDA_TYPES = {"due_on": Date, "due_at": DateTime, "late_after": Date, "snoozed": Boolean}


def _items(s: Session, conditions: Sequence[str], params: dict[str, Any], today: date,
           limit: int | None = None) -> list[AgendaItem]:
    """The agenda's rows under ``conditions`` (from :mod:`storage.fastpath.sql`, the
    text the first frame runs too)."""
    query = text(sql.agenda(*conditions, limit=limit)).columns(**_AGENDA_TYPES)
    binds = [bindparam(name, type_=Date) for name in ("start", "end", "day") if name in params]
    if "app_ids" in params:
        binds.append(bindparam("app_ids", expanding=True))
    return agenda_rows.items(s.execute(query.bindparams(*binds), params), today)


def agenda(s: Session, start: date | None, end: date | None, today: date) -> list[AgendaItem]:
    """Pending actions due from ``start`` to ``end`` (inclusive; None = open-ended)."""
    conditions, params = [], {}
    if start is not None:
        conditions.append(sql.DUE_FROM)
        params["start"] = start
    if end is not None:
        conditions.append(sql.DUE_UNTIL)
        params["end"] = end
    return _items(s, conditions, params, today)


def first_after(s: Session, day: date, today: date) -> AgendaItem | None:
    found = _items(s, [sql.DUE_AFTER], {"day": day}, today, limit=1)
    return found[0] if found else None


def for_application(s: Session, app_id: int, today: date) -> list[AgendaItem]:
    return _items(s, [sql.OF_APPLICATION], {"app_id": app_id}, today)


def next_per_application(s: Session, app_ids: Sequence[int] | None,
                         today: date) -> dict[int, AgendaItem]:
    """The earliest pending action of each application (the board's cards)."""
    conditions, params = [sql.EARLIEST_OF_ITS_APPLICATION], {}
    if app_ids is not None:
        conditions.append(sql.OF_APPLICATIONS)
        params["app_ids"] = list(app_ids)
    out: dict[int, AgendaItem] = {}
    for item in _items(s, conditions, params, today):
        out.setdefault(item.application_id, item)
    return out


def overdue_count(s: Session, today: date) -> int:
    return s.scalar(select(func.count()).select_from(PendingAction)
                    .where(PendingAction.due_on < today)) or 0
