"""Stages have roles (open, offer, closed): the rules read the role, never the name."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from storage.db import pending_actions as actions
from storage.db.engine import MIGRATIONS_DIR, open_database
from storage.db.store import Store
from storage.errors import ValidationError
from storage.interchange.afterview_json import export_document, import_document
from storage.interchange.demo import demo_document
from storage.rules.records import AgendaItem, StageRec
from storage.rules.stages import default_stage
from tests.conftest import FROZEN_TODAY, run_cli

ROUND = datetime(2026, 11, 12, 14, 0)


def stage_id(store: Store, name: str) -> int:
    return next(s.id for s in store.stages() if s.name == name)


def due(store: Store) -> list[AgendaItem]:
    """What is due, worked out again from the facts (not the cached answer)."""
    with store.db.session() as s:
        actions.rebuild_all(s)
    return store.agenda(None, None, FROZEN_TODAY)


@pytest.fixture
def offered(store: Store) -> Store:
    """One application waiting after a round, one that got its offer after the same round."""
    for company in ("Waiting", "Offered"):
        app = store.add_application(company, "Engineer", stage="Interview")
        dana = store.add_contact(app.id, "Dana Lee", email=f"dana@{company.lower()}.com")
        store.add_round(app.id, ROUND, interviewer_ids=[dana.id])
    offered_id = next(a.id for a in store.applications() if a.company == "Offered")
    store.move_to_stage(offered_id, stage_id(store, "Offer"), when=datetime(2026, 11, 16, 9))
    return store


def test_the_offer_role_ends_the_wait(offered: Store) -> None:
    kinds = {(i.company, i.kind) for i in due(offered)}
    assert ("Waiting", "follow_up") in kinds
    assert ("Offered", "follow_up") not in kinds


def test_renaming_the_offer_stage_changes_nothing_that_is_due(offered: Store) -> None:
    before = due(offered)
    renamed = offered.rename_stage(stage_id(offered, "Offer"), "Offer stage")
    assert (renamed.name, renamed.role) == ("Offer stage", "offer")
    assert due(offered) == before


def test_the_role_not_the_name_decides(offered: Store) -> None:
    offer = stage_id(offered, "Offer")
    offered.set_stage_role(offer, "open")
    assert ("Offered", "follow_up") in {(i.company, i.kind) for i in due(offered)}
    offered.set_stage_role(offer, "closed")
    assert "Offered" not in {i.company for i in due(offered)}
    # The cache followed at once, without a rebuild.
    assert "Offered" not in {i.company for i in offered.agenda(None, None, FROZEN_TODAY)}


def test_closed_follows_the_role(store: Store) -> None:
    screen = stage_id(store, "Screen")
    assert store.set_stage_role(screen, "closed").closed
    with store.db.engine.connect() as conn:
        rows = {name: closed for name, closed in conn.execute(
            text("SELECT name, closed FROM stages WHERE role = 'closed'"))}
    assert rows == {"Screen": True, "Closed": True}
    with pytest.raises(ValidationError):
        store.set_stage_role(screen, "won")


def test_a_stage_cannot_take_another_stages_name(store: Store) -> None:
    with pytest.raises(ValidationError, match="already a stage"):
        store.rename_stage(stage_id(store, "Offer"), "closed")


def test_the_export_carries_roles(store: Store) -> None:
    stages = export_document(store.db)["stages"]
    assert stages[4] == {"name": "Offer", "role": "offer"}
    assert [s["role"] for s in stages] == ["open"] * 4 + ["offer", "closed"]


def rename_in_document(doc: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for stage in doc["stages"]:
        if stage["name"] == old:
            stage["name"] = new
    for app in doc["applications"]:
        if app["stage"] == old:
            app["stage"] = new
        for change in app["stage_history"]:
            if change["stage"] == old:
                change["stage"] = new
    return doc


def test_a_renamed_offer_stage_in_a_file_keeps_what_is_due(offered: Store,
        new_db_target: Callable[[str], Path | str]) -> None:
    doc = rename_in_document(export_document(offered.db), "Offer", "Offer stage")
    db = open_database(new_db_target("renamed"))
    try:
        import_document(db, doc)
        other = Store(db)
        assert [(i.company, i.kind, i.date) for i in due(other)] == \
            [(i.company, i.kind, i.date) for i in due(offered)]
        assert {a.company: a.stage_name for a in other.applications()} == {
            "Waiting": "Interview", "Offered": "Offer stage"}
    finally:
        db.close()


def test_a_file_without_roles_reads_closed_and_the_name_offer(db: Any) -> None:
    doc = demo_document(FROZEN_TODAY)
    doc["stages"] = [{"name": "Applied", "closed": False}, {"name": "Screen"},
                     {"name": "Interview"}, {"name": "Final round"}, {"name": "OFFER"},
                     {"name": "Closed", "closed": True}, {"name": "Withdrawn", "closed": True}]
    for app in doc["applications"]:
        app["stage"] = "OFFER" if app["stage"] == "Offer" else app["stage"]
        for change in app.get("stage_history", ()):
            change["stage"] = "OFFER" if change["stage"] == "Offer" else change["stage"]
    import_document(db, doc)
    roles = {s.name: s.role for s in Store(db).stages()}
    assert roles == {"Applied": "open", "Screen": "open", "Interview": "open",
                     "Final round": "open", "Offer": "offer", "Closed": "closed",
                     "Withdrawn": "closed"}


def test_a_role_and_a_closed_flag_that_disagree_are_refused(db: Any) -> None:
    doc = {"format": "afterview/1",
           "stages": [{"name": "Done", "role": "open", "closed": True},
                      {"name": "Won", "role": "victory"}]}
    with pytest.raises(ValidationError) as refused:
        import_document(db, doc)
    assert "stages[0].closed: contradicts role 'open'" in str(refused.value)
    assert "stages[1].role" in str(refused.value)


def test_migration_0003_gives_existing_stages_their_roles(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{db_path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_pending_actions")
        conn.exec_driver_sql(
            "INSERT INTO stages (name, position, closed) VALUES ('Applied', 0, 0), "
            "('offer', 1, 0), ('Hired', 2, 1), ('Offer made', 3, 0)")
        conn.exec_driver_sql("INSERT INTO companies (name) VALUES ('Acme')")
        conn.exec_driver_sql(
            "INSERT INTO applications (uid, company_id, role, stage_id, position, no_contact,"
            " notes, created_at, updated_at) VALUES ('u1', 1, 'Engineer', 2, 0, 0, '',"
            " '2026-11-01 10:00:00', '2026-11-01 10:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO stage_changes (application_id, stage_id, changed_at)"
            " VALUES (1, 2, '2026-11-16 14:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO interviews (application_id, starts_at, kind, talking_points,"
            " unfinished_business) VALUES (1, '2026-11-12 19:00:00', 'video', '', '')")
    engine.dispose()

    db = open_database(db_path)
    try:
        assert db.backup_made is not None
        store = Store(db)
        assert [(s.name, s.role, s.closed) for s in store.stages()] == [
            ("Applied", "open", False), ("offer", "offer", False), ("Hired", "closed", True),
            ("Offer made", "open", False)]
        # In the offer stage since after the round: a thank-you, no follow-up.
        assert [i.kind for i in store.actions_for(1, FROZEN_TODAY)] == ["thank_you"]
    finally:
        db.close()


def test_migration_0003_downgrades_in_place(demo_db_path: Path) -> None:
    # A copy-and-rename of the stages table would break the foreign keys to it.
    db = open_database(demo_db_path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002_pending_actions")
    db.close()
    conn = sqlite3.connect(demo_db_path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(stages)")]
    conn.close()
    assert "role" not in columns
    db = open_database(demo_db_path)  # and up again
    try:
        assert [s.role for s in Store(db).stages()] == ["open"] * 4 + ["offer", "closed"]
    finally:
        db.close()


def test_the_fast_path_reads_roles(demo_db_path: Path) -> None:
    from storage.db.engine import HEAD
    from storage.fastpath.quickread import read_board

    board = read_board(demo_db_path, FROZEN_TODAY, HEAD)
    assert board is not None
    assert [s.role for s in board.stages] == ["open"] * 4 + ["offer", "closed"]


STAGES = [StageRec(1, "Applied", 0, "open"), StageRec(2, "Phone screen", 1, "open"),
          StageRec(3, "Onsite", 2, "open"), StageRec(4, "Yes!", 3, "offer"),
          StageRec(5, "Done", 4, "closed")]


def test_a_new_application_starts_in_the_first_open_stage() -> None:
    closed_first = [StageRec(9, "Archive", -1, "closed"), *STAGES]
    assert default_stage(closed_first) == STAGES[0]
    assert default_stage(closed_first, interviewed=True) == STAGES[1]
    assert default_stage(STAGES[:1], interviewed=True) == STAGES[0]
    assert default_stage(STAGES[3:]) is None


def test_cli_add_with_an_interview_picks_the_stage_by_role_and_position(
        store: Store, db_target: Path | str) -> None:
    store.rename_stage(stage_id(store, "Screen"), "Phone screen")
    code, out, err = run_cli("--db", str(db_target), "add", "Acme", "Engineer",
                             "--interview", "thu 2pm")
    assert code == 0, err
    assert out.splitlines()[0] == "Added Acme · Engineer in Phone screen (#1)"
    code, out, err = run_cli("--db", str(db_target), "add", "Globex", "Engineer")
    assert code == 0, err
    assert out.splitlines()[0] == "Added Globex · Engineer in Applied (#2)"
