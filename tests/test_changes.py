"""Store.watch(): writes by anyone but this store are heard, our own are not."""

from __future__ import annotations

import dataclasses
import inspect
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from storage.db.changes import COUNTER_KEY, ChangeWatch, WriteCount
from storage.db.engine import Database, open_database
from storage.db.store import Store
from storage.errors import ValidationError
from tests.conftest import run_cli


@pytest.fixture
def two(db_target: Path | str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database, as two processes would have."""
    first, second = open_database(db_target), open_database(db_target)
    yield Store(first), Store(second)
    first.close()
    second.close()


def counter(target: Path | str) -> int:
    """The change counter, read on a connection of its own."""
    db = open_database(target)
    try:
        with db.engine.connect() as conn:
            return int(conn.scalar(text("SELECT value FROM settings WHERE key = :key"),
                                   {"key": COUNTER_KEY}))
    finally:
        db.close()


def heard(watch: ChangeWatch, timeout: float = 10.0) -> bool:
    """Poll until the watch reports a change; False if it never does within
    ``timeout`` (a bound for a hung test, not a speed requirement). A server's
    notification reaches this process a moment after the other one commits."""
    deadline = time.monotonic() + timeout
    while not watch.poll():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_own_writes_are_not_reported_and_the_others_are(two: tuple[Store, Store]) -> None:
    a, b = two
    watch = a.watch()
    acme = a.add_application("Acme", "Backend Engineer")
    a.add_contact(acme.id, "Dana Lee")
    assert watch.poll() is False
    b.add_application("Globex", "Data Analyst")
    assert heard(watch)
    assert watch.poll() is False  # heard once
    b_watch = b.watch()
    a.update_settings(your_name="Alex")
    assert heard(b_watch)
    assert watch.poll() is False


def test_a_poll_with_nothing_changed_is_false(two: tuple[Store, Store]) -> None:
    a, b = two
    watch = a.watch()
    b.applications()
    b.agenda(None, None, date(2026, 11, 22))
    assert [watch.poll(), watch.poll()] == [False, False]


def test_every_write_bumps_the_counter_once_even_those_without_hooks(
        two: tuple[Store, Store], db_target: Path | str) -> None:
    a, b = two
    first, second = a.add_application("A", "r"), a.add_application("B", "r")
    watch = a.watch()
    before = counter(db_target)
    b.swap_positions(first.id, second.id)
    assert counter(db_target) == before + 1
    assert heard(watch)
    b.delete_application(first.id)
    assert counter(db_target) == before + 2
    assert heard(watch)


def test_a_refused_write_counts_nothing(two: tuple[Store, Store],
                                       db_target: Path | str) -> None:
    a, b = two
    watch = a.watch()
    before = counter(db_target)
    with pytest.raises(ValidationError):
        b.add_application("Acme", "r", stage="Nowhere")
    assert counter(db_target) == before
    assert watch.poll() is False


def test_a_commit_that_fails_after_counting_is_taken_back(two: tuple[Store, Store]) -> None:
    a, b = two
    watch = a.watch()

    def fail(session: Session) -> None:
        raise RuntimeError("the disk is full")

    # Registered after the counter's own listener, so it runs once the
    # increment was counted and makes the commit fail.
    event.listen(a.db.sessions, "before_commit", fail)
    try:
        with pytest.raises(RuntimeError):
            a.add_application("Acme", "r")
    finally:
        event.remove(a.db.sessions, "before_commit", fail)
    b.add_application("Globex", "r")
    assert heard(watch)


@pytest.mark.sqlite_only("only SQLite's data_version sees a write that skips the counter")
def test_a_raw_write_without_the_counter_is_reported(store: Store, db_path: Path) -> None:
    acme = store.add_application("Acme", "Backend Engineer")
    watch = store.watch()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE applications SET role = 'SRE' WHERE id = ?", (acme.id,))
    conn.commit()
    conn.close()
    assert watch.poll() is True
    assert watch.poll() is False


def test_the_cli_is_heard(store: Store, db_target: Path | str) -> None:
    """Another process writes (`afterview add`): this one's watch hears it
    (on PostgreSQL, through LISTEN/NOTIFY)."""
    watch = store.watch()
    code, _, err = run_cli("--db", str(db_target), "add", "Acme", "Backend Engineer")
    assert code == 0, err
    assert heard(watch)
    assert [a.company for a in store.applications()] == ["Acme"]


def test_the_counter_stays_out_of_the_export_and_config(store: Store,
                                                        db_target: Path | str) -> None:
    store.add_application("Acme", "r")
    assert counter(db_target) > 0
    code, out, _ = run_cli("--db", str(db_target), "export")
    assert code == 0 and COUNTER_KEY not in json.loads(out)["settings"]
    code, out, _ = run_cli("--db", str(db_target), "config")
    assert code == 0 and COUNTER_KEY not in out


def test_a_poll_with_nothing_heard_reads_nothing(two: tuple[Store, Store],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter is read only when the signal (SQLite's data_version, a
    PostgreSQL notification) says something may have changed: polls once a
    second on the app's thread cost no query while nothing happens."""
    a, b = two
    watch = a.watch()
    reads: list[str] = []
    for name in ("_read_server_counter", "_read_sqlite_counter"):
        real = getattr(ChangeWatch, name)

        def counted(*args: Any, _real: Any = real, _name: str = name) -> int:
            reads.append(_name)
            return int(_real(*args))

        static = isinstance(inspect.getattr_static(ChangeWatch, name), staticmethod)
        monkeypatch.setattr(ChangeWatch, name, staticmethod(counted) if static else counted)
    assert [watch.poll() for _ in range(5)] == [False] * 5
    assert reads == []
    b.add_application("Globex", "r")
    assert heard(watch)
    assert len(reads) >= 1


def test_polls_from_another_thread(two: tuple[Store, Store]) -> None:
    a, b = two
    watch = a.watch()
    b.add_application("Globex", "r")
    answers: list[bool] = []
    worker = threading.Thread(target=lambda: answers.append(heard(watch)))
    worker.start()
    worker.join()
    assert answers == [True]


def test_a_server_database_reads_the_counter_each_poll(two: tuple[Store, Store]) -> None:
    a, b = two
    # The same engine seen as a server URL: no file, so no data_version.
    server = Store(dataclasses.replace(a.db, path=None))
    watch = server.watch()
    server.add_application("Acme", "r")
    assert watch.poll() is False
    b.add_application("Globex", "r")
    assert heard(watch)
    assert watch.poll() is False


def test_a_vanished_file_polls_false_and_is_not_created(db_path: Path) -> None:
    db = open_database(db_path)
    Store(db)
    db.close()
    for path in db_path.parent.glob(f"{db_path.name}*"):
        path.unlink()
    gone = Database(engine=db.engine, sessions=db.sessions, url=db.url, path=db_path)
    watch = ChangeWatch(gone, WriteCount())
    assert [watch.poll(), watch.poll()] == [False, False]
    assert not db_path.exists()
    watch.close()
    assert watch.poll() is False

