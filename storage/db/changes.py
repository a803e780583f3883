"""Hearing writes made by someone else: another process, a second store, the CLI.

Every transaction that changes a row also adds one to a database-wide change
counter (the ``_changes`` row of the settings table; the leading "_" keeps it
out of :class:`~storage.rules.settings.Settings` and so out of the export), in
the same transaction. :func:`count_writes` installs that on a session factory
once, in :func:`storage.db.engine.open_database`, so no write path can forget it.

Each :class:`~storage.db.store.Store` also counts the increments it made
itself (:class:`WriteCount`). A :class:`ChangeWatch` compares the two: when
the counter moved by more than this store's own count, someone else wrote.

For SQLite, a poll is one ``PRAGMA data_version`` on a connection of its own
(the number moves only when *another* connection commits), and the counter is
read only when it moved: a poll a second costs nothing measurable.

For PostgreSQL the same signal is a notification: each counted write also
sends ``NOTIFY afterview_changes`` in its transaction (delivered only if it
commits), and a watch LISTENs on a connection of its own. A poll reads what
the server already sent, without a round trip (it runs on the app's thread
once a second), and reads the counter only when something arrived: another
device's write is heard within a poll.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from time import monotonic
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Text, cast, event, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from storage.db.models import Setting, utcnow

if TYPE_CHECKING:
    from storage.db.engine import Database

COUNTER_KEY = "_changes"
#: The PostgreSQL notification channel every counted write notifies.
CHANNEL = "afterview_changes"
#: After a server database failed a poll, polls wait this long before trying it again.
SERVER_RETRY_SECONDS = 10.0

# session.info keys: the SQLite row-change total when the transaction began,
# whether a statement wrote (other dialects), the store whose session it is,
# and the store whose count already includes this transaction's increment.
_TOTAL_AT_BEGIN = "afterview.total_changes_at_begin"
_WROTE = "afterview.wrote"
_WRITER = "afterview.writer"
_COUNTED = "afterview.counted"


class WriteCount:
    """How many counter increments one store made: bumped on worker threads,
    read by a watch on the UI's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def add(self, n: int) -> None:
        with self._lock:
            self._value += n

    @property
    def value(self) -> int:
        with self._lock:
            return self._value


def claim(session: Session, writer: WriteCount) -> None:
    """Credit ``session``'s increment (if it writes) to ``writer``."""
    session.info[_WRITER] = writer


# -- counting every write ------------------------------------------------------


def count_writes(sessions: sessionmaker[Session]) -> None:
    """Make every transaction of ``sessions`` that changes a row bump the counter
    in the same transaction. Idempotent."""
    if event.contains(sessions, "before_commit", _before_commit):
        return
    event.listen(sessions, "after_begin", _after_begin)
    event.listen(sessions, "after_flush", _mark_written)
    event.listen(sessions, "do_orm_execute", _mark_if_dml)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_commit", _after_commit)
    event.listen(sessions, "after_rollback", _after_rollback)


def _dbapi(connection: Connection) -> Any:
    return connection.connection.dbapi_connection


def _after_begin(session: Session, _tx: SessionTransaction, connection: Connection) -> None:
    # SQLite counts every row any statement changed (ORM, Core or raw SQL),
    # which is exact; a flush of objects marked dirty but unchanged changes none.
    total = getattr(_dbapi(connection), "total_changes", None)
    session.info[_TOTAL_AT_BEGIN] = total


def _mark_written(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


def _mark_if_dml(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _wrote(session: Session) -> bool:
    if _TOTAL_AT_BEGIN not in session.info:
        return False  # no statement ran: nothing can have changed
    start = session.info[_TOTAL_AT_BEGIN]
    if start is None:
        return bool(session.info.get(_WROTE))
    return bool(_dbapi(session.connection()).total_changes != start)


def _before_commit(session: Session) -> None:
    # before_commit runs ahead of the commit's own final flush: flush now so
    # pending ORM changes are seen (and written) before deciding.
    session.flush()
    if not _wrote(session):
        return
    _bump(session)
    writer = session.info.get(_WRITER)
    if isinstance(writer, WriteCount):
        # Counted before the commit lands, so a watch polling in between sees
        # our count ahead of the counter (no alarm), never behind it.
        writer.add(1)
        session.info[_COUNTED] = writer


def _bump(session: Session) -> None:
    table = Setting.__table__
    bumped = cast(cast(table.c.value, Integer) + 1, Text)
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as upsert
        else:
            from sqlalchemy.dialects.postgresql import insert as upsert
        stmt = upsert(table).values(key=COUNTER_KEY, value="1")
        session.execute(stmt.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"value": bumped, "updated_at": utcnow()},
        ))
        if dialect == "postgresql":
            # Sent when (and only if) the transaction commits: the watches of
            # other processes and devices hear it (ChangeWatch._notified).
            session.execute(text(f"NOTIFY {CHANNEL}"))
        return
    result = session.execute(update(table).where(table.c.key == COUNTER_KEY)
                             .values(value=bumped))
    if not result.rowcount:  # type: ignore[attr-defined]
        session.execute(insert(table).values(key=COUNTER_KEY, value="1"))


def _forget(session: Session) -> None:
    for key in (_TOTAL_AT_BEGIN, _WROTE):
        session.info.pop(key, None)


def _after_commit(session: Session) -> None:
    session.info.pop(_COUNTED, None)
    _forget(session)


def _after_rollback(session: Session) -> None:
    writer = session.info.pop(_COUNTED, None)
    if isinstance(writer, WriteCount):
        writer.add(-1)  # the increment never landed
    _forget(session)


def _parse(value: object) -> int:
    try:
        return int(json.loads(str(value)))
    except (TypeError, ValueError):
        return 0


# -- watching ------------------------------------------------------------------


class ChangeWatch:
    """Tells whether anyone but one store changed the database since the last poll.

    Made by :meth:`storage.db.store.Store.watch`. :meth:`poll` may be called
    from any thread (one at a time is enforced) and never raises.
    """

    def __init__(self, db: Database, own: WriteCount) -> None:
        self._db = db
        self._own = own
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._listener: Any = None  # PostgreSQL: a psycopg connection that LISTENs
        self._version: int | None = None
        self._counter: int | None = None
        self._own_seen = 0
        self._closed = False
        self._retry_at = 0.0  # a server that failed is tried again from then on
        with self._lock:
            try:
                self._baseline()
            except Exception:  # the first good poll sets the baseline
                self._drop()

    def poll(self) -> bool:
        """True when another writer changed the database since the previous poll."""
        with self._lock:
            if self._closed or monotonic() < self._retry_at:
                return False
            try:
                return self._poll()
            except Exception:  # locked, vanished, anything: try again next poll
                self._drop()
                if self._db.path is None:
                    # Reconnecting to a server that is down or unreachable can
                    # take seconds, and polls run on the app's thread.
                    self._retry_at = monotonic() + SERVER_RETRY_SECONDS
                return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    # -- inside the lock --

    def _baseline(self) -> None:
        self._own_seen = self._own.value
        if self._db.path is not None:
            conn = self._connection()
            self._version = self._data_version(conn)
            self._counter = self._read_sqlite_counter(conn)
        else:
            if self._db.engine.dialect.name == "postgresql":
                self._listen()  # before reading the counter: no write falls between
            self._counter = self._read_server_counter()

    def _poll(self) -> bool:
        if self._counter is None:
            self._baseline()
            return True  # we could not tell what happened before: say it may have
        moved: bool | None = None  # did data_version move? None: not known
        if self._db.path is not None:
            fresh = self._conn is None
            conn = self._connection()
            version = self._data_version(conn)
            if not fresh and version == self._version:
                return False
            moved = not fresh
            self._version = version
            own = self._own.value
            counter = self._read_sqlite_counter(conn)
        else:
            if self._listener is not None and not self._notified():
                return False
            own = self._own.value
            counter = self._read_server_counter()
        counter_delta = counter - self._counter
        own_delta = own - self._own_seen
        self._counter = counter
        if counter_delta < own_delta:
            # Some of our increments are counted but not committed yet: carry
            # them to the next poll.
            self._own_seen += counter_delta
            return False
        self._own_seen = own
        if counter_delta > own_delta:
            return True
        # The counter moved by exactly our own increments. If it did not move
        # and we wrote nothing, yet the file changed, a tool wrote rows
        # without the counter.
        return bool(moved) and own_delta == 0

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            assert self._db.path is not None
            # mode=rw: never create a file that vanished. Autocommit, so each
            # read sees the latest commit. Short timeout: a poll must not stall.
            self._conn = sqlite3.connect(
                f"{self._db.path.resolve().as_uri()}?mode=rw", uri=True, timeout=0.2,
                isolation_level=None, check_same_thread=False)
        return self._conn

    @staticmethod
    def _data_version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])

    @staticmethod
    def _read_sqlite_counter(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT value FROM settings WHERE key = ?",
                           (COUNTER_KEY,)).fetchone()
        return 0 if row is None else _parse(row[0])

    def _listen(self) -> None:
        # A connection of the engine's own making (its URL, its driver), taken
        # out of the pool for good: LISTEN lasts as long as the connection.
        raw = self._db.engine.raw_connection()
        listener = raw.driver_connection
        raw.detach()
        assert listener is not None
        listener.rollback()  # idle, so autocommit can be set
        listener.autocommit = True
        listener.execute(f"LISTEN {CHANNEL}")
        self._listener = listener

    def _notified(self) -> bool:
        """Whether a notification arrived since the last look (what the server
        already sent: timeout 0 reads the socket without waiting)."""
        return any(True for _ in self._listener.notifies(timeout=0))

    def _read_server_counter(self) -> int:
        with self._db.engine.connect() as conn:
            value = conn.scalar(select(Setting.value).where(Setting.key == COUNTER_KEY))
        return 0 if value is None else _parse(value)

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        if self._listener is not None:
            with contextlib.suppress(Exception):  # the connection may be gone already
                self._listener.close()
            self._listener = None
            self._counter = None  # what was sent meanwhile is lost: the next poll says so
