"""A throwaway PostgreSQL server for the tests, and the backend every storage
test runs on (SQLite and PostgreSQL).

The server is Debian's PostgreSQL 15 (``apt-get install postgresql``; its
``initdb`` and ``pg_ctl`` live in /usr/lib/postgresql/15/bin, not on PATH). It
is started once per test run, the first time a test needs it, in temporary
folders: a data folder (``fsync`` and the rest of durability off: the data is
thrown away) and a folder for its Unix socket; it listens on no TCP address.
A migrated ``afterview_template`` database is made once, and each test gets a
fresh database copied from it (``CREATE DATABASE … TEMPLATE``: about 20 ms,
and 10 ms to drop it after the test).

With pytest-xdist the workers share one server: the controller makes a state
folder and hands its path to every worker; the first worker that needs the
server starts it under a file lock and writes where it listens, the others
read that. The controller stops it at the end of the run, whatever happened
(a failure, ctrl-C): ``pytest_unconfigure`` runs in every case, and should the
controller itself be killed, a watchdog process stops the server. Measured on
2 cores (2026-12-02): initdb + start + template took 1.3 s, so one shared
server instead of one per worker saves about 1.3 s of CPU per extra worker
(four on 2 cores).

A test marked ``postgres`` is skipped, saying why, when no server can be
started; with ``CI=true`` that is a failure instead, so CI cannot pass without
having run them.

Root cannot run initdb or pg_ctl: as root, both run as the ``postgres`` user
(``runuser``), which owns the two folders.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_VERSION = "15"
TEMPLATE = "afterview_template"
SERVER_USER = "postgres"  # who runs the server when the tests run as root

#: The test modules of the storage layer: each of their tests that opens a
#: database through the ``backend`` fixtures runs once on SQLite and once on
#: PostgreSQL. A new storage test module joins by being named here.
STORAGE_SUITE = frozenset({
    "test_store.py", "test_store_editing.py", "test_store_notes.py", "test_actions.py",
    "test_interchange.py", "test_migrations.py", "test_settings.py", "test_changes.py",
    "test_one_transaction.py", "test_stage_roles.py", "test_time_zones.py",
    "test_postgres.py", "test_stats.py", "test_stats_query.py",
    # The hardening issue's concurrency tests: writers in other processes.
    "test_concurrent_writers.py", "test_app_and_cli.py",
})

_STATE_KEY = "afterview_postgres_state"  # workerinput key: the shared state folder
_OWNER_KEY = "afterview_postgres_owner"  # workerinput key: the controller's process id

#: Stops the server if the test run's controller dies without stopping it
#: (kill -9, a CI time-out): waits for that process to end, or for the data
#: folder to be gone (stopped as usual), looking once a second.
WATCHDOG = """
import os, shutil, subprocess, sys, time
owner, pg_ctl, data, sock, prefix = int(sys.argv[1]), *sys.argv[2:6]
def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True
while alive(owner) and os.path.isdir(data):
    time.sleep(1)
if os.path.isdir(data):
    subprocess.run(prefix.split() + [pg_ctl, "stop", "-D", data, "-m", "immediate", "-w"],
                   capture_output=True, timeout=60)
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(sock, ignore_errors=True)
"""


# -- finding and running the server -------------------------------------------------


def server_bin_dir() -> Path | None:
    """The folder of PostgreSQL 15's initdb and pg_ctl, or None."""
    candidates = [Path(f"/usr/lib/postgresql/{PG_VERSION}/bin")]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        listed = subprocess.run(["dpkg", "-L", f"postgresql-{PG_VERSION}"],
                                capture_output=True, text=True, timeout=30).stdout
        candidates += [Path(line).parent for line in listed.splitlines()
                       if line.endswith("/bin/initdb")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _private_dir(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, SERVER_USER, SERVER_USER)
    return folder


@dataclass(frozen=True)
class Server:
    """A running server: where its data and socket are, and who may connect."""

    bin_dir: str
    data_dir: str
    socket_dir: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return (f"postgresql+psycopg://{self.user}@/{database}"
                f"?host={self.socket_dir}&port={self.port}")

    def admin(self) -> Any:
        """An autocommit connection to the ``postgres`` database (CREATE/DROP DATABASE)."""
        import psycopg

        return psycopg.connect(host=self.socket_dir, port=self.port, user=self.user,
                               dbname="postgres", autocommit=True)

    def stop(self) -> None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(_as_server_user([f"{self.bin_dir}/pg_ctl", "stop", "-D",
                                            self.data_dir, "-m", "immediate", "-w"]),
                           capture_output=True, timeout=60)
        for folder in (self.data_dir, self.socket_dir):
            shutil.rmtree(folder, ignore_errors=True)


def start_server(owner: int | None = None) -> Server:
    """initdb, pg_ctl start, and the migrated template; RuntimeError saying why not.

    ``owner``: a process whose end stops the server too (see WATCHDOG)."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise RuntimeError(f"PostgreSQL {PG_VERSION} is not installed "
                           "(apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise RuntimeError("psycopg is not installed (pip install -e '.[test]')") from None
    user = SERVER_USER if os.geteuid() == 0 else getpass.getuser()
    data_dir, socket_dir = _private_dir("afterview-pgdata-"), _private_dir("afterview-pgsock-")
    server = Server(str(bin_dir), str(data_dir), str(socket_dir), _free_port(), user)

    def run(*command: str) -> None:
        done = subprocess.run(_as_server_user(list(command)), capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"{Path(command[0]).name} failed: {last[0]}")

    try:
        run(f"{bin_dir}/initdb", "-D", server.data_dir, "--auth=trust", "--no-sync",
            "-U", user, "--encoding=UTF8", "--locale=C")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{socket_dir}' "
                   f"-p {server.port} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        run(f"{bin_dir}/pg_ctl", "start", "-w", "-D", server.data_dir, "-o", options,
            "-l", f"{socket_dir}/server.log")
        if owner is not None:
            prefix = " ".join(_as_server_user([]))
            subprocess.Popen([sys.executable, "-c", WATCHDOG, str(owner), f"{bin_dir}/pg_ctl",
                              server.data_dir, server.socket_dir, prefix],
                             start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with server.admin() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        from storage.db.engine import open_database

        open_database(server.url(TEMPLATE)).close()  # migrated once, copied per test
    except BaseException:
        server.stop()
        raise
    return server


# -- one server for the whole run ----------------------------------------------------


def _state_dir(config: pytest.Config) -> Path:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and _STATE_KEY in workerinput:
        return Path(workerinput[_STATE_KEY])
    return Path(config.stash[_state_key])


def _owner(config: pytest.Config) -> int:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and _OWNER_KEY in workerinput:
        return int(workerinput[_OWNER_KEY])
    return os.getpid()


_state_key = pytest.StashKey[str]()
_server_key = pytest.StashKey[Server | str]()


def shared_server(config: pytest.Config) -> Server:
    """The run's server, started by whichever process asks first; RuntimeError
    (with the reason) when it cannot be started, remembered for every worker."""
    cached = config.stash.get(_server_key, None)
    if cached is None:
        state = _state_dir(config)
        with (state / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            found = state / "server.json"
            failed = state / "failed.txt"
            if found.exists():
                cached = Server(**json.loads(found.read_text()))
            elif failed.exists():
                cached = failed.read_text()
            else:
                try:
                    cached = start_server(owner=_owner(config))
                    found.write_text(json.dumps(cached.__dict__))
                except Exception as exc:
                    cached = str(exc)
                    failed.write_text(cached)
        config.stash[_server_key] = cached
    if isinstance(cached, str):
        raise RuntimeError(cached)
    return cached


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs the test PostgreSQL server (skipped without one; "
        "a failure when CI=true)")
    config.addinivalue_line(
        "markers", "sqlite_only(reason): a storage test that only means something on SQLite")
    if not hasattr(config, "workerinput"):  # the controller, or a run without xdist
        config.stash[_state_key] = tempfile.mkdtemp(prefix="afterview-pgstate-")


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown under -p no:xdist
def pytest_configure_node(node: Any) -> None:
    node.workerinput[_STATE_KEY] = node.config.stash[_state_key]
    node.workerinput[_OWNER_KEY] = os.getpid()


def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or _state_key not in config.stash:
        return
    state = Path(config.stash[_state_key])
    found = state / "server.json"
    if found.exists():
        Server(**json.loads(found.read_text())).stop()
    shutil.rmtree(state, ignore_errors=True)


# -- fixtures --------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    message = f"no PostgreSQL server for the tests: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs every PostgreSQL test: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Server:
    try:
        return shared_server(request.config)
    except RuntimeError as exc:
        reason = str(exc)
    _unavailable(reason)  # outside the except: the report shows the reason alone
    raise AssertionError("not reached: _unavailable skips or fails")


@pytest.fixture
def new_postgres_db(postgres_server: Server) -> Iterator[Callable[[], str]]:
    """Makes fresh migrated databases (copies of the template); dropped after the test."""
    made: list[str] = []

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        with postgres_server.admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        made.append(name)
        return postgres_server.url(name)

    yield make
    with postgres_server.admin() as conn:
        for name in made:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each storage test that opens its database through ``backend`` runs on both."""
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return
    if Path(str(metafunc.definition.fspath)).name not in STORAGE_SUITE:
        return
    metafunc.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)],
                         indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgres``: SQLite unless the test is parametrised above."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def new_db_target(backend: str, tmp_path: Path,
                  request: pytest.FixtureRequest) -> Callable[[str], Path | str]:
    """``new_db_target(name)``: a fresh database on the test's backend, to give
    ``open_database`` or ``--db``: a file under tmp_path, or a PostgreSQL URL."""
    if backend == "sqlite":
        def in_file(name: str) -> Path:
            return tmp_path / "data" / f"{name}.db"
        return in_file
    make: Callable[[], str] = request.getfixturevalue("new_postgres_db")
    return lambda _name: make()
