"""Migrations produce exactly the models' schema, and know every revision."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db.engine import APPLICATION_ID, HEAD, MIGRATIONS_DIR, REVISIONS, open_database
from storage.db.models import Base


def test_migrations_produce_exactly_the_models(db_target: Path | str) -> None:
    db = open_database(db_target)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.close()


def test_revisions_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert scripts.get_current_head() == HEAD


def test_new_file_is_marked_as_afterviews(db_path: Path) -> None:
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    finally:
        conn.close()


def test_sqlite_pragmas(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 20_000
    finally:
        db.close()


def test_reopening_at_head_makes_no_backup(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    db.close()
    assert db.backup_made is None
    assert list(db_path.parent.glob("*.bak")) == []
