"""Two devices in two time zones share one database (PostgreSQL, or a synced
SQLite file): neither rebuilds the other's pending actions, both get the same
due days, and a due time means the same instant on both."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.db import pending_actions as actions
from storage.db.engine import open_database
from storage.db.models import PendingAction
from storage.db.store import Store
from tests.conftest import FROZEN_TODAY, FROZEN_TZ

BERLIN = "Europe/Berlin"  # six hours ahead of New York in November


def move_to(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """This process now runs in ``zone`` (as a device in another place would)."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()


@pytest.fixture
def device(db_target: Path | str) -> Iterator[Callable[[], Store]]:
    """``device()``: a store of its own on the shared database, opened in
    whatever zone the process is in at that moment (closed after the test)."""
    opened: list[Any] = []

    def open_one() -> Store:
        db = open_database(db_target)
        opened.append(db)
        return Store(db)

    yield open_one
    for db in opened:
        db.close()


def stored(store: Store) -> list[tuple[str, int, date, datetime | None]]:
    """The cache's rows as stored: kind, application, due day, due time."""
    with store.db.session() as s:
        rows = s.execute(select(PendingAction.kind, PendingAction.application_id,
                                PendingAction.due_on, PendingAction.due_at)
                         .order_by(PendingAction.application_id, PendingAction.kind,
                                   PendingAction.due_on)).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def add_interview(store: Store, company: str, starts: datetime) -> int:
    """An application, its interviewer and an hour-long round starting at
    ``starts`` (a wall time in the process's zone, as typed on that device)."""
    app = store.add_application(company, "Engineer", stage="Interview")
    dana = store.add_contact(app.id, "Dana Lee", email=f"dana@{company.lower()}.com")
    store.add_round(app.id, starts, interviewer_ids=[dana.id])
    return app.id


def test_a_device_in_another_zone_rebuilds_nothing_and_reads_the_same_instants(
        device: Callable[[], Store], monkeypatch: pytest.MonkeyPatch) -> None:
    new_york = device()  # the conftest's zone: America/New_York
    acme = add_interview(new_york, "Acme", datetime(2026, 11, 19, 14, 0))
    thank_you = next(i for i in new_york.actions_for(acme, FROZEN_TODAY)
                     if i.kind == "thank_you")
    # 24 hours after the round ended at 15:00 New York time, stored in UTC.
    assert (thank_you.date, thank_you.due_at) == (date(2026, 11, 20), datetime(2026, 11, 20, 15))
    assert ("thank_you", acme, date(2026, 11, 20), datetime(2026, 11, 20, 20)) in \
        stored(new_york)
    before = stored(new_york)

    move_to(BERLIN, monkeypatch)
    rebuilt: list[int] = []
    real_rebuild = actions.rebuild_all
    monkeypatch.setattr(actions, "rebuild_all",
                        lambda *a, **k: rebuilt.append(1) or real_rebuild(*a, **k))
    berlin = device()
    assert rebuilt == []  # the cache New York built is current here too
    assert stored(berlin) == before
    seen = next(i for i in berlin.actions_for(acme, FROZEN_TODAY) if i.kind == "thank_you")
    # The same instant, in Berlin's wall time.
    assert (seen.date, seen.due_at) == (date(2026, 11, 20), datetime(2026, 11, 20, 21))


def test_due_days_are_the_same_whichever_device_wrote(
        device: Callable[[], Store], monkeypatch: pytest.MonkeyPatch) -> None:
    new_york = device()
    add_interview(new_york, "Acme", datetime(2026, 11, 19, 14, 0))

    move_to(BERLIN, monkeypatch)
    berlin = device()
    # 03:00 on Friday in Berlin is 21:00 on Thursday in New York: the thank-you
    # (24 h after the round ends) is due on Friday in the database's zone,
    # where Berlin's own clock would have said Saturday.
    late = add_interview(berlin, "Globex", datetime(2026, 11, 20, 3, 0))
    assert [(i.date, i.due_at) for i in berlin.actions_for(late, FROZEN_TODAY)
            if i.kind == "thank_you"] == [(date(2026, 11, 20), datetime(2026, 11, 21, 4))]
    written_in_berlin = stored(berlin)

    move_to(FROZEN_TZ, monkeypatch)
    with new_york.db.session(write=True) as s:
        actions.rebuild_all(s)  # worked out again from the facts, in New York
    assert stored(new_york) == written_in_berlin


def test_the_first_device_names_the_zone(device: Callable[[], Store]) -> None:
    store = device()
    with store.db.session() as s:
        assert actions.settings_table.read_internal(s, actions.ZONE_KEY) == f'"{FROZEN_TZ}"'


def test_a_zone_without_a_name_is_kept_as_its_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    assert actions.machine_zone_name() == FROZEN_TZ
    move_to("Asia/Kolkata", monkeypatch)
    assert actions.machine_zone_name() == "Asia/Kolkata"
    fixed = actions.zone_named("UTC+05:30")
    assert fixed.utcoffset(None) == timedelta(hours=5, minutes=30)
    assert actions.zone_named("UTC-03:00").utcoffset(None) == timedelta(hours=-3)
