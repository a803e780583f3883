"""The pending-actions query layer: fed from the database, always in step with it."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from storage.db import pending_actions as actions
from storage.db.engine import HEAD, MIGRATIONS_DIR, open_database
from storage.db.settings_table import read_settings
from storage.db.store import Store
from storage.interchange.afterview_json import import_document
from storage.interchange.demo import demo_document
from storage.rules import cadence
from storage.rules.records import ApplicationRec
from tests.conftest import FROZEN_TODAY

THU = datetime(2026, 11, 19, 14, 0)


def recomputed(store: Store, app_id: int) -> list[tuple[str, date, str | None]]:
    """What the pure cadence says right now, straight from the facts."""
    with store.db.session() as s:
        facts = actions.load_facts(s, [app_id])[app_id]
        settings = actions.cadence_settings(read_settings(s))
    return [(a.kind.value, a.due_on, a.contact_name)
            for a in cadence.pending_actions(facts, settings)]


def cached(store: Store, app_id: int) -> list[tuple[str, date, str | None]]:
    return [(i.kind, i.date, i.contact) for i in store.actions_for(app_id, FROZEN_TODAY)
            if i.kind != "custom"]


@pytest.fixture
def acme(store: Store) -> ApplicationRec:
    return store.add_application("Acme", "Backend Engineer", stage="Interview")


def test_every_write_keeps_the_cache_in_step(store: Store, acme: ApplicationRec) -> None:
    assert cached(store, acme.id) == []
    dana = store.add_contact(acme.id, "Dana Lee", email="dana@acme.com")
    sam = store.add_contact(acme.id, "Sam Ortiz")
    round_ = store.add_round(acme.id, THU, interviewer_ids=[dana.id, sam.id])
    assert cached(store, acme.id) == recomputed(store, acme.id) == [
        ("thank_you", date(2026, 11, 20), "Dana Lee"),
        ("thank_you", date(2026, 11, 20), "Sam Ortiz"),
        ("follow_up", date(2026, 11, 26), "Dana Lee"),
    ]
    store.log_communication(acme.id, at=THU + timedelta(hours=4), direction="out",
                            kind="thank_you", contact_id=dana.id)
    assert [c for c in cached(store, acme.id) if c[0] == "thank_you"] == [
        ("thank_you", date(2026, 11, 20), "Sam Ortiz")]
    store.update_round(round_.id, decision_expected_on=date(2026, 11, 27))
    assert ("follow_up", date(2026, 11, 30), "Dana Lee") in cached(store, acme.id)
    # A reply before their decision date leaves the wait for the decision on.
    store.log_communication(acme.id, at=datetime(2026, 11, 24, 9), direction="in",
                            kind="response", contact_id=dana.id)
    assert ("follow_up", date(2026, 11, 30), "Dana Lee") in cached(store, acme.id)
    # A reply after it ends the waiting; the thank-you still stands (rule 2).
    store.log_communication(acme.id, at=datetime(2026, 11, 30, 9), direction="in",
                            kind="response", contact_id=dana.id)
    assert [c[0] for c in cached(store, acme.id)] == ["thank_you"]
    assert cached(store, acme.id) == recomputed(store, acme.id)


def test_overrides_through_the_store(store: Store, acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee")
    round_ = store.add_round(acme.id, THU, interviewer_ids=[dana.id])
    store.set_override(acme.id, "thank_you", interview_id=round_.id, contact_id=dana.id,
                       done_on=date(2026, 11, 20))
    store.set_override(acme.id, "follow_up", interview_id=round_.id,
                       snoozed_to=date(2026, 12, 1))
    [item] = store.actions_for(acme.id, FROZEN_TODAY)
    assert (item.kind, item.date, item.snoozed) == ("follow_up", date(2026, 12, 1), True)
    # Skipping the follow-up goes on from the skip date: the second one is next.
    store.set_override(acme.id, "follow_up", interview_id=round_.id,
                       skipped_on=date(2026, 11, 23))
    [item] = store.actions_for(acme.id, FROZEN_TODAY)
    assert (item.kind, item.date) == ("second_follow_up", date(2026, 11, 30))


def test_closed_and_offer_and_no_contact(store: Store, acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee")
    store.add_round(acme.id, THU, interviewer_ids=[dana.id])
    stages = {s.name: s.id for s in store.stages()}
    store.move_to_stage(acme.id, stages["Offer"], when=datetime(2026, 11, 21, 12).astimezone())
    assert [c[0] for c in cached(store, acme.id)] == ["thank_you"]  # the offer answered
    store.update_application(acme.id, no_contact=True)
    assert cached(store, acme.id) == []
    store.update_application(acme.id, no_contact=False)
    store.close_application(acme.id, "rejected", reconnect_on=date(2027, 2, 22))
    items = store.actions_for(acme.id, FROZEN_TODAY)
    # Closed: nothing from the cadence, but the reconnect reminder stands.
    assert [(i.kind, i.date, i.title) for i in items] == [
        ("custom", date(2027, 2, 22), "Reconnect with Acme")]


def test_a_holiday_setting_moves_due_dates(store: Store, acme: ApplicationRec) -> None:
    store.add_round(acme.id, datetime(2026, 12, 17, 10),
                    decision_expected_on=date(2026, 12, 24))
    [follow_up] = [i for i in store.actions_for(acme.id, FROZEN_TODAY) if i.kind == "follow_up"]
    assert follow_up.date == date(2026, 12, 25)
    store.update_settings(holidays=["2026-12-25"])
    [follow_up] = [i for i in store.actions_for(acme.id, FROZEN_TODAY) if i.kind == "follow_up"]
    assert follow_up.date == date(2026, 12, 28)
    store.update_settings(first_follow_up_business_days=7)  # no effect: D governs
    assert [i.date for i in store.actions_for(acme.id, FROZEN_TODAY)
            if i.kind == "follow_up"] == [date(2026, 12, 28)]


def test_agenda_range_and_statuses(db: object) -> None:
    import_document(db, demo_document(FROZEN_TODAY))  # type: ignore[arg-type]
    store = Store(db)  # type: ignore[arg-type]
    everything = store.agenda(None, None, FROZEN_TODAY)
    month = store.agenda(date(2026, 11, 1), date(2026, 11, 30), FROZEN_TODAY)
    assert month == [i for i in everything if date(2026, 11, 1) <= i.date <= date(2026, 11, 30)]
    assert [i.date for i in everything] == sorted(i.date for i in everything)
    statuses = {i.status for i in everything}
    assert {"overdue", "upcoming", "late"} <= statuses
    for item in everything:
        if item.status == "overdue":
            assert item.date < FROZEN_TODAY
        if item.status == "upcoming":
            assert item.date > FROZEN_TODAY
    kinds = {i.kind for i in everything}
    assert {"thank_you", "follow_up", "second_follow_up", "move_on", "references",
            "custom"} <= kinds


def test_cache_equals_a_fresh_computation_on_demo_data(db: object) -> None:
    import_document(db, demo_document(FROZEN_TODAY, applications=60))  # type: ignore[arg-type]
    store = Store(db)  # type: ignore[arg-type]
    for app in store.applications():
        assert cached(store, app.id) == recomputed(store, app.id), app.company


def test_next_action_per_application_is_the_earliest(db: object) -> None:
    import_document(db, demo_document(FROZEN_TODAY))  # type: ignore[arg-type]
    store = Store(db)  # type: ignore[arg-type]
    nexts = store.next_actions(FROZEN_TODAY)
    for app_id, item in nexts.items():
        assert item.date == min(i.date for i in store.actions_for(app_id, FROZEN_TODAY))
    assert len(nexts) >= 10


def test_stale_cache_is_rebuilt_on_open(db_target: Path | str) -> None:
    db = open_database(db_target)
    store = Store(db)
    app = store.add_application("Acme", "r", stage="Interview")
    store.add_round(app.id, THU)
    with db.engine.begin() as conn:  # as an older Afterview would have left it
        conn.execute(text("DELETE FROM pending_actions"))
        conn.execute(text("UPDATE settings SET value = '\"0|old\"' "
                          "WHERE key = '_cadence_cache'"))
    db.close()
    db = open_database(db_target)
    assert [i.kind for i in Store(db).actions_for(app.id, FROZEN_TODAY)] == [
        "thank_you", "follow_up"]
    db.close()


def test_an_older_schema_is_backed_up_then_migrated(db_path: Path) -> None:
    """A database left at the first revision by an older Afterview."""
    db_path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{db_path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
        conn.exec_driver_sql("INSERT INTO stages (name, position, closed) "
                             "VALUES ('Interview', 0, 0)")
        conn.exec_driver_sql("INSERT INTO companies (name) VALUES ('Acme')")
        conn.exec_driver_sql(
            "INSERT INTO applications (uid, company_id, role, stage_id, position, no_contact,"
            " notes, created_at, updated_at) VALUES ('u1', 1, 'Engineer', 1, 0, 0, '',"
            " '2026-11-01 10:00:00', '2026-11-01 10:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO interviews (application_id, starts_at, kind, talking_points,"
            " unfinished_business) VALUES (1, '2026-11-19 19:00:00', 'video', '', '')")
    engine.dispose()
    before = db_path.read_bytes()

    db = open_database(db_path)
    try:
        assert db.backup_made is not None
        assert db.backup_made.name.startswith("afterview.db.") and \
            db.backup_made.suffix == ".bak"
        assert db.backup_made.read_bytes()[:16] == before[:16]
        old = sqlite3.connect(db.backup_made)
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            "0001_initial"
        assert old.execute("SELECT role FROM applications").fetchone()[0] == "Engineer"
        old.close()
        store = Store(db)
        [app] = store.applications()
        assert app.role == "Engineer"
        # The new cache table was filled from the old facts.
        assert [i.kind for i in store.actions_for(app.id, FROZEN_TODAY)] == [
            "thank_you", "follow_up"]
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    conn.close()
