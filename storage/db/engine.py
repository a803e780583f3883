"""Opening a database: vet the file, back it up, migrate it, hand out sessions.

Every way of opening goes through :func:`open_database`, which refuses what
it must not touch before writing a single byte:

* a file that is not an SQLite database, or an SQLite database of another
  program (told apart by ``PRAGMA application_id``);
* a database written by a newer Afterview (an Alembic revision we do not know);
* a directory we cannot write (SQLite needs it for its WAL and journal).

An existing file that needs a migration is first copied, with SQLite's backup
API, to ``<name>.<timestamp>.bak`` beside it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storage.errors import (
    DamagedDatabaseError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotADatabaseError,
    StorageError,
    UnwritableError,
)
from storage.paths import ensure_private_dir, resolve_target

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

#: Written into every Afterview SQLite file's header ("Aftv").
APPLICATION_ID = 0x41667476
#: Every migration revision this build knows, oldest first. A test checks it
#: against the Alembic scripts, so a new migration cannot forget to add itself.
REVISIONS: tuple[str, ...] = ("0001_initial", "0002_pending_actions", "0003_stage_roles",
                              "0004_mail_calendar")
HEAD = REVISIONS[-1]
#: How long a write waits for another process's write to finish. A write holds
#: the lock for milliseconds, but on a loaded machine the process holding it
#: can be off the CPU for seconds: at 5 s, 3 of 200 concurrent `add`s gave up
#: ("database is busy") with the load average at 15 on 2 cores.
BUSY_TIMEOUT_MS = 20_000
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True, slots=True)
class FileState:
    """What an existing SQLite file holds, read without writing to it."""

    exists: bool
    application_id: int = 0
    tables: frozenset[str] = frozenset()
    revision: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.tables


def inspect_file(path: Path) -> FileState:
    """Read an SQLite file's identity without changing it.

    Raises :class:`NotADatabaseError` for anything that is not SQLite.
    """
    if not path.exists():
        return FileState(exists=False)
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a directory, not a database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UnwritableError(f"cannot read {path}: {exc.strerror}") from None
    if not header:
        return FileState(exists=True)  # an empty file: SQLite treats it as a new database
    if header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not an SQLite database: give another path with --db "
            "(nothing was changed)"
        )
    try:
        # Read-only. With no WAL beside the file, "immutable" also keeps SQLite
        # from creating -wal/-shm files: inspecting writes nothing at all. With
        # a WAL (the database is in use), its newest pages must be read too.
        wal_in_use = Path(f"{path}-wal").exists()
        query = "mode=ro" if wal_in_use else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = frozenset(
                r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            )
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        from storage.db.failures import DISK_FULL, disk_full_at

        if disk_full_at(path.parent):  # SQLite could not even make its -shm file
            raise UnwritableError(DISK_FULL) from None
        raise NotADatabaseError(
            f"{path} is not a readable SQLite database ({exc}): give another path with --db"
        ) from None
    return FileState(True, app_id, tables, revision)


def check_intact(path: Path) -> None:
    """Refuse a damaged file: ``PRAGMA quick_check`` reads every page (about
    65 ms for 5,000 applications, 15 MB), so a command that reads or copies
    the whole database says so in one line instead of failing halfway or
    copying the damage. Read-only: nothing is written."""
    # As inspect_file: with no WAL beside it, "immutable" reads the file
    # without even making the -shm file a read-only open of WAL needs.
    query = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        rows = [("unreadable",)]
    if rows != [("ok",)]:
        raise DamagedDatabaseError(
            f"{path} is damaged (SQLite's check failed): restore a backup "
            "(the .bak files beside it are earlier copies); nothing was changed")


def check_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision not in REVISIONS:
        raise NewerSchemaError(
            f"{where} was written by a newer Afterview (schema {revision}): "
            "upgrade Afterview to open it (nothing was changed)"
        )


def vet_sqlite_file(path: Path) -> FileState:
    """Refuse a file Afterview must not open; return what it holds otherwise."""
    state = inspect_file(path)
    if state.exists and not state.is_empty and state.application_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            f"{path} is an SQLite database of another program: "
            "give Afterview its own file with --db (nothing was changed)"
        )
    check_revision(state.revision, str(path))
    if not state.is_empty and state.revision is None:
        # Afterview's mark but no schema version: not a file this Afterview
        # made (or a damaged one). Migrating it would add tables to it.
        raise ForeignDatabaseError(
            f"{path} has no schema version (its alembic_version table is missing or empty), "
            "so Afterview cannot tell what it holds: restore a backup or give another --db "
            "(nothing was changed)")
    directory = path.parent
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UnwritableError(
            f"cannot write in {directory}: Afterview needs it for the database and its "
            "journal; choose a writable place with --db"
        )
    if state.exists and not os.access(path, os.W_OK):
        raise UnwritableError(f"{path} is read-only: make it writable or choose another --db")
    return state


def backup_path_for(path: Path, when: datetime | None = None) -> Path:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{stamp}-{counter}.bak")
        counter += 1
    return candidate


def sqlite_copy(source: Path, dest: Path) -> None:
    """A consistent copy through SQLite's online backup API.

    Safe while another process reads or writes the source: the copy is one
    snapshot of committed data, never a torn file.
    """
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True,
                          timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            # The copy is a standalone file: no WAL beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _create_private_file(path: Path) -> None:
    # SQLite creates files with 0644; create it first so the data starts 0600.
    # Its -wal and -shm files copy this file's mode.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def preflight(target: str | os.PathLike[str] | None) -> None:
    """The file checks of :func:`open_database`, with sqlite3 only.

    Run before the app starts, so a bad file is refused in one line before
    the terminal switches screens, without importing SQLAlchemy (~0.2 s) on
    the first frame's path. Server URLs are checked when opened.
    """
    resolved = resolve_target(target)
    if isinstance(resolved, Path):
        path = resolved.absolute()
        try:
            ensure_private_dir(path.parent)
        except PermissionError:
            raise UnwritableError(f"cannot create {path.parent}: permission denied") from None
        vet_sqlite_file(path)


#: The engine whose next transaction is to begin with the write lock (see
#: Database.session); per thread and task, since writes run on worker threads.
_WRITE_INTENT: ContextVar[object | None] = ContextVar("afterview_write_intent", default=None)


@dataclass
class Database:
    """An open, migrated database and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    path: Path | None
    backup_made: Path | None = None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error.

        ``write``: on SQLite, take the write lock when the transaction begins
        (BEGIN IMMEDIATE, waiting up to the busy timeout for another writer)
        rather than at its first write: a read-then-write (add a word to the
        list, the next card position) cannot lose another process's commit
        made in between. On PostgreSQL, the same one writer at a time: a
        transaction-scoped advisory lock, taken first.
        """
        token = _WRITE_INTENT.set(self.engine if write else None)
        try:
            with self.sessions.begin() as session:
                if write and self.engine.dialect.name == "postgresql":
                    from sqlalchemy import text

                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                    {"key": APPLICATION_ID})
                yield session
        finally:
            _WRITE_INTENT.reset(token)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # An error's text must never carry the user's notes: no bound parameters.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # SQLAlchemy, not pysqlite, begins transactions (_begin below): pysqlite
        # would send BEGIN only before the first write, so what a transaction
        # read before it was not part of the transaction.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # WAL + NORMAL: a crash never corrupts and never loses a committed
        # transaction that reached the WAL's checkpoint; a power cut may lose
        # the last commits, which is the trade SQLite documents for WAL.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Only the session that asked: a session opened inside it reads.
        immediate = _WRITE_INTENT.get() is engine
        if immediate:
            _WRITE_INTENT.set(None)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def run_migrations(engine: Engine) -> None:
    """Bring the schema to HEAD with Alembic (imported only when needed: ~80 ms)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            tables = inspect(conn).get_table_names()
            if tables:
                raise ForeignDatabaseError(
                    f"{engine.url.render_as_string(hide_password=True)} holds tables that are "
                    "not Afterview's: give Afterview its own database"
                )
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


#: The package to install for a URL's driver, by SQLAlchemy dialect name.
DRIVER_PACKAGES = {"postgresql": "'afterview[postgres]' (psycopg 3)",
                   "mysql": "a MySQL driver, e.g. mysqlclient"}


def _server_engine(resolved: str) -> Engine:
    """An engine for a database URL, or one line saying what is wrong with it."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(resolved)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StorageError(f"not a database URL: {resolved.split('@')[-1]}") from None
    if url.drivername in ("postgresql", "postgres"):
        # A plain postgresql:// means the driver of afterview[postgres] (psycopg
        # 3), not SQLAlchemy's default psycopg2.
        url = url.set(drivername="postgresql+psycopg")
    try:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except NoSuchModuleError:
        raise StorageError(
            f"not a kind of database Afterview can open: {url.drivername}:// "
            "(give a file path, or a postgresql:// URL)") from None
    except ImportError as exc:
        backend = url.get_backend_name()
        package = DRIVER_PACKAGES.get(backend, f"the Python module {exc.name}")
        raise StorageError(
            f"the {backend} driver is not installed: pip install {package}") from None


def open_database(target: str | os.PathLike[str] | None = None, *,
                  migrate: bool = True) -> Database:
    """Open (creating and migrating as needed) the database the user chose."""
    from sqlalchemy.exc import OperationalError, SQLAlchemyError
    from sqlalchemy.orm import sessionmaker

    resolved = resolve_target(target)
    backup_made: Path | None = None
    try:
        if isinstance(resolved, Path):
            path = resolved.absolute()
            # The default data dir, or a --db path's missing folder, starts 0700.
            try:
                ensure_private_dir(path.parent)
            except PermissionError:
                raise UnwritableError(
                    f"cannot create {path.parent}: permission denied") from None
            state = vet_sqlite_file(path)
            if not state.exists:
                _create_private_file(path)
            elif migrate and not state.is_empty and state.revision != HEAD:
                backup_made = backup_path_for(path)
                sqlite_copy(path, backup_made)
            engine = _sqlite_engine(path)
            url = str(engine.url)
            needs_migration = state.revision != HEAD
        else:
            path = None
            engine = _server_engine(resolved)
            url = resolved
            revision = _current_revision(engine)
            check_revision(revision, engine.url.render_as_string(True))
            needs_migration = revision != HEAD
        if migrate and needs_migration:
            run_migrations(engine)
    except StorageError:
        raise
    except OperationalError as exc:
        # One line: a server's refusal comes with a second line of advice.
        reason = (str(exc.orig).strip().splitlines() or ["no reason given"])[0]
        raise UnwritableError(f"cannot open the database: {reason}") from None
    except PermissionError as exc:
        raise UnwritableError(f"cannot write {exc.filename}: permission denied") from None
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot open the database: {exc}") from None
    sessions = sessionmaker(engine, expire_on_commit=False)
    from storage.db.changes import count_writes

    count_writes(sessions)
    return Database(engine=engine, sessions=sessions, url=url, path=path,
                    backup_made=backup_made)
