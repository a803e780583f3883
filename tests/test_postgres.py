"""The app and the command line on a PostgreSQL database (a throwaway server,
tests/postgres_server.py): the board opens and a move is saved, another
process's write reaches the running app, and what is SQLite-only says so in
one line. The storage suite itself runs on both backends (the ``backend``
fixture); these are what only a server database shows."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db.engine import open_database
from storage.db.store import Store
from storage.interchange.demo import demo_document
from tests.conftest import FROZEN_TODAY, run_app, run_cli, settle, wait_until
from tests.fixtures import make_fixed_db
from tests.helpers import column_cards, db_detail, go_to
from tests.postgres_server import Server
from tui.screens.today import TodayScreen

pytestmark = pytest.mark.postgres


async def test_the_board_opens_on_postgresql_and_a_move_is_saved(
        new_postgres_db: Callable[[], str]) -> None:
    url = make_fixed_db(new_postgres_db())
    async with run_app(url, show="board") as (app, pilot):
        assert column_cards(app, "Interview") == ["Acme", "Vandelay Industries"]
        assert column_cards(app, "Offer") == ["Hooli"]
        await go_to(app, pilot, "Acme")
        await pilot.press("shift+right")
        await settle(pilot)
        assert "Acme" in column_cards(app, "Final round")
    assert db_detail(url, "Acme").application.stage_name == "Final round"  # type: ignore[arg-type]


async def test_another_process_writing_reaches_the_running_app(
        new_postgres_db: Callable[[], str]) -> None:
    """`afterview add` in another terminal, on the same server database: the
    app's Today lists it without a key (LISTEN/NOTIFY, then the counter)."""
    url = make_fixed_db(new_postgres_db())
    async with run_app(url) as (app, pilot):
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert "Quillfeather" not in {item.company for item in today.items}
        code, _, err = run_cli("--db", url, "add", "Quillfeather", "Engineer",
                               "--interview", "2026-11-21 14:00", "--with", "Robin Vale")
        assert code == 0, err
        await wait_until(pilot, lambda: "Quillfeather" in {i.company for i in today.items},
                         "Today lists the application another process added")
        assert app.screen is today


def test_backup_of_a_server_database_points_to_pg_dump(
        new_postgres_db: Callable[[], str]) -> None:
    url = make_fixed_db(new_postgres_db())
    code, out, err = run_cli("--db", url, "backup")
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and "pg_dump" in err and "afterview export" in err, err
    assert "Traceback" not in err
    db = open_database(url)
    try:
        assert len(Store(db).applications()) == 6  # nothing changed
    finally:
        db.close()


def test_a_server_that_is_not_running_is_one_line(new_postgres_db: Callable[[], str],
                                                   tmp_path: object) -> None:
    url = new_postgres_db()
    gone = url.split("?")[0] + f"?host={tmp_path}&port=1"  # no server listens there
    code, out, err = run_cli("--db", gone, "today")
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith("afterview: cannot open the database"), err


# -- kill -9 during an import ----------------------------------------------------------

#: The hardening issue's file (tests/test_kill_import.py): about 20,000 rounds
#: and 40,000 messages.
KILL_APPLICATIONS = 5000


def content(url: str) -> dict[str, int]:
    """Row counts of the tables an import fills, read by a new connection."""
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            return {table: int(conn.scalar(text(f"SELECT count(*) FROM {table}")))
                    for table in ("applications", "contacts", "interviews", "communications",
                                  "pending_actions")}
    finally:
        db.close()


class Watch:
    """What a running import has done so far, seen from the server: whether it
    connected, how much its database grew (uncommitted rows take room too), and
    whether its applications are visible (committed)."""

    def __init__(self, server: Server, url: str, before: int) -> None:
        import psycopg

        self.name = url.split("?")[0].rsplit("/", 1)[1]
        self.admin = server.admin()
        self.here = psycopg.connect(host=server.socket_dir, port=server.port,
                                    user=server.user, dbname=self.name, autocommit=True)
        self.base = self.size()
        self.before = before

    def size(self) -> int:
        return int(self.admin.execute("SELECT pg_database_size(%s)",
                                      (self.name,)).fetchone()[0])

    def connections(self) -> int:
        """The import's connections (this watch's own left out)."""
        return int(self.admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            (self.name, self.here.info.backend_pid)).fetchone()[0])

    def committed(self) -> bool:
        count = self.here.execute("SELECT count(*) FROM applications").fetchone()[0]
        return bool(count > self.before)

    def close(self) -> None:
        self.here.close()
        self.admin.close()


def kill_when(url: str, source: Path, moment: Callable[[], bool]) -> int:
    """Run `afterview import` and kill -9 it once ``moment()`` holds; its exit code."""
    proc = subprocess.Popen([sys.executable, "-m", "tui", "--db", url, "import", str(source)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            if moment():
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)  # a poll interval, not a wait for an outcome
        return proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_kill_9_during_an_import_leaves_all_or_nothing(
        new_postgres_db: Callable[[], str], postgres_server: Server, tmp_path: Path) -> None:
    """As tests/test_kill_import.py does on SQLite: the import is one transaction,
    so the server rolls back whatever a killed client left unfinished."""
    source = tmp_path / "5000-applications.json"
    source.write_text(json.dumps(demo_document(FROZEN_TODAY, applications=KILL_APPLICATIONS)))
    whole = make_fixed_db(new_postgres_db())
    nothing = content(whole)
    watch = Watch(postgres_server, whole, nothing["applications"])
    try:
        started = time.monotonic()
        code, _, err = run_cli("--db", whole, "import", str(source))
        seconds = time.monotonic() - started
        assert code == 0, err
        growth = watch.size() - watch.base
    finally:
        watch.close()
    everything = content(whole)
    assert everything["applications"] == nothing["applications"] + KILL_APPLICATIONS

    # When to kill, and what the database must then hold.
    moments: list[tuple[str, Callable[[Watch], bool], str]] = [
        ("starting up", lambda w: True, "none"),
        ("connected", lambda w: w.connections() > 0, "none"),
        *[(f"writing ({share:.0%} of the growth)",
           lambda w, share=share: w.size() - w.base >= share * growth, "none")
          for share in (0.2, 0.5, 0.8)],
        ("committed", lambda w: w.committed(), "all"),
    ]
    outcomes = []
    for n, (what, moment, expected) in enumerate(moments):
        url = make_fixed_db(new_postgres_db())
        watch = Watch(postgres_server, url, nothing["applications"])
        said = f"kill {n + 1}, {what}, in a {seconds:.1f} s import"
        try:
            returncode = kill_when(url, source, lambda w=watch, m=moment: m(w))
            # Once committed, the command may finish before the signal lands.
            assert returncode == -signal.SIGKILL or (expected == "all" and returncode == 0), \
                f"{said}: the import ended first (exit {returncode})"
            # The killed client's backend notices the closed socket and rolls back.
            deadline = time.monotonic() + 60
            while watch.connections() and time.monotonic() < deadline:
                time.sleep(0.01)
        finally:
            watch.close()
        held = content(url)
        assert held == {"none": nothing, "all": everything}[expected], (
            f"{said}: expected {expected} of the import, the database holds {held}")
        outcomes.append(f"{what}: {expected}")
    print(f"kill -9 of a {seconds:.1f} s import:", *outcomes, sep="\n  ")


def test_a_lost_connection_pauses_the_watch_then_it_hears_again(
        new_postgres_db: Callable[[], str], postgres_server: Server,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The server drops every connection (a restart, a network cut): the next
    poll says nothing and the watch does not reconnect on every poll (each
    try can take seconds, on the app's thread) until SERVER_RETRY_SECONDS
    pass; then it reconnects, says something may have changed, and hears
    writes again."""
    from storage.db import changes

    url = new_postgres_db()
    mine, theirs = open_database(url), open_database(url)
    try:
        watch = Store(mine).watch()
        other = Store(theirs)
        now = [1000.0]
        monkeypatch.setattr(changes, "monotonic", lambda: now[0])
        tries: list[int] = []
        real = changes.ChangeWatch._baseline
        monkeypatch.setattr(changes.ChangeWatch, "_baseline",
                            lambda self: tries.append(1) or real(self))
        with postgres_server.admin() as admin:
            # With a timeout, each call returns once that backend has ended.
            admin.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()",
                          (url.split("?")[0].rsplit("/", 1)[1],))
        assert [watch.poll() for _ in range(3)] == [False, False, False]
        assert tries == []  # no reconnection during the pause
        now[0] += changes.SERVER_RETRY_SECONDS
        assert watch.poll() is True  # reconnected: what happened meanwhile is unknown
        assert tries == [1]
        other.add_application("Globex", "r")
        deadline = time.monotonic() + 10
        while not watch.poll() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert time.monotonic() < deadline, "the write after reconnecting was not heard"
    finally:
        mine.close()
        theirs.close()
