"""Shared fixtures: every test runs on a frozen day, a fixed time zone and
private data directories, so nothing depends on the machine or the date.

And the helpers every screen test drives the app with:

- ``run_app(db_path, show=...)``: the app running on a database, at rest, on a screen;
- ``settle(pilot)``: wait until the app is at rest (workers done, messages handled);
- ``wait_until(pilot, predicate, what)``: wait for a condition, failing with ``what``.

Screen-specific helpers (the board's cards, a card chosen through the palette) are
in tests/helpers.py. No test waits a fixed time for something it can wait *on*.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.app import AfterviewApp

# The test PostgreSQL server and the ``backend`` parametrisation of the storage suite.
pytest_plugins = ["tests.postgres_server"]


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # pyproject's addopts ask pytest-xdist for workers (--numprocesses, --dist).
    # With xdist left out (`pytest -p no:xdist`) those options would be unknown
    # and pytest would not start: take them and ignore them; one process runs all.
    if not pluginmanager.has_plugin("xdist"):
        for option in ("--numprocesses", "--dist"):
            parser.addoption(option, help="ignored: pytest-xdist is not loaded")


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown under -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): two workers a core. A screen test
    spends about half its time waiting on the app (the pilot's idle waits, the
    app's timers), so two share a core well: on 2 cores the suite took 1:45
    with 2 workers, 1:25 with 3, 1:17 with 4 (measured 2026-12-02, quiet machine).
    PYTEST_XDIST_AUTO_NUM_WORKERS or ``-n N`` still decide when given."""
    if config.option.numprocesses != "auto" or os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


FROZEN_TODAY = date(2026, 11, 22)  # a Sunday
FROZEN_TZ = "America/New_York"

# No timing thresholds in the suite: Hypothesis's 200 ms deadline per example
# fails on a busy machine, not on a slow rule. Its example database stays the
# default one under .hypothesis/: each test is run by one xdist worker, and the
# database writes a file atomically (a temporary file, then a rename).
settings.register_profile("afterview", deadline=None)
settings.load_profile("afterview")


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text field in every test has a steady cursor: a blinking one redraws
    twice a second (work a pause waits out) and is drawn or not depending on the
    moment a snapshot is taken."""
    for widget in (Input, TextArea):
        init = widget.__init__

        def steady_init(self: Any, *args: Any, _init: Any = init, **kwargs: Any) -> None:
            _init(self, *args, **kwargs)
            self.cursor_blink = False

        monkeypatch.setattr(widget, "__init__", steady_init)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AFTERVIEW_TODAY", FROZEN_TODAY.isoformat())
    monkeypatch.delenv("AFTERVIEW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", FROZEN_TZ)
    # The composer's editor key runs $VISUAL / $EDITOR: never the developer's
    # own under test (a test that needs one sets a fake).
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "afterview.db"


@pytest.fixture
def db_target(backend: str, db_path: Path,
              new_db_target: Callable[[str], Path | str]) -> Path | str:
    """The test's database: ``db_path`` on SQLite, a fresh PostgreSQL database
    when a storage test runs on ``backend`` postgres (tests/postgres_server.py)."""
    return db_path if backend == "sqlite" else new_db_target("db")


@pytest.fixture
def db(db_target: Path | str) -> Iterator[object]:
    from storage.db.engine import open_database

    database = open_database(db_target)
    yield database
    database.close()


@pytest.fixture
def store(db: object) -> object:
    from storage.db.store import Store

    return Store(db)  # type: ignore[arg-type]


@pytest.fixture
def fixed_db(tmp_path: Path, backend: str,
             new_db_target: Callable[[str], Path | str]) -> Path:
    """The fixed data of tests/fixtures.py (six applications, one per situation);
    a PostgreSQL URL instead of the file when a storage-suite test runs on it."""
    from tests.fixtures import make_fixed_db

    target = tmp_path / "fixed.db" if backend == "sqlite" else new_db_target("fixed")
    return make_fixed_db(target)  # type: ignore[return-value]


@pytest.fixture
def demo_db_path(tmp_path: Path) -> Path:
    from storage.interchange.demo import create_demo_database

    path = tmp_path / "demo" / "demo.db"
    path.parent.mkdir()
    create_demo_database(path, FROZEN_TODAY)
    return path


def run_cli(*args: str, env: dict[str, str] | None = None,
            input_text: str | None = None) -> tuple[int, str, str]:
    """Run the installed CLI in a subprocess, as a user would."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, input=input_text, timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


# -- driving the app ---------------------------------------------------------------


async def settle(app_or_pilot: Any, pilot: Pilot[Any] | None = None, *,
                 rounds: int = 50) -> None:
    """Wait until the app is at rest: pending messages handled, the screen
    refreshed and no worker running. A worker's result often starts another
    read (a write reads back its cards, the calendar reads ahead), so this goes
    round until a pause finds no worker left; it waits on work, not on time.

    ``settle(pilot)``; ``settle(app, pilot)`` is the older form, still accepted.
    A worker that fails or is cancelled is the app's to report (on the screen,
    which the test looks at), not settle's.
    """
    pilot = app_or_pilot if pilot is None else pilot
    app = pilot.app
    busy: list[Any] = []
    for _ in range(rounds):
        await pilot.pause()
        busy = [worker for worker in app.workers if not worker.is_finished]
        if not busy:
            return
        await asyncio.gather(*(worker.wait() for worker in busy), return_exceptions=True)
    raise AssertionError(f"the app never came to rest: workers {[w.name for w in busy]} "
                         f"still running after {rounds} rounds")


async def wait_until(pilot: Pilot[Any], predicate: Callable[[], object], what: str,
                     timeout: float = 15.0) -> None:
    """Let the app run until ``predicate()`` is true; fail saying ``what`` was
    awaited if it is not within ``timeout`` seconds (a bound for a hung test,
    not a speed requirement: the wait ends as soon as the condition holds)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; it never happened")
        await pilot.pause()


#: The key that shows each screen, as a user switches to it.
SCREEN_KEYS = {"today": "t", "board": "b", "calendar": "c"}


@asynccontextmanager
async def run_app(db_path: Path | str, *, show: str = "today",
                  size: tuple[int, int] = (130, 40), notifications: bool = True,
                  app: AfterviewApp | None = None,
                  ) -> AsyncIterator[tuple[AfterviewApp, Pilot[None]]]:
    """The app on ``db_path`` (or ``app`` itself), at rest on the screen ``show``
    (today, board or calendar), reached with its key as a user does: the app
    starts on Today."""
    from tui.app import AfterviewApp

    app = AfterviewApp(db_target=str(db_path)) if app is None else app
    async with app.run_test(size=size, notifications=notifications) as pilot:
        await settle(pilot)
        if show != "today":
            await pilot.press(SCREEN_KEYS[show])
            await settle(pilot)
        yield app, pilot
