"""Shared fixtures: every test runs on a frozen day, a fixed time zone and
private data directories, so nothing depends on the machine or the date."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

FROZEN_TODAY = date(2026, 11, 22)  # a Sunday
FROZEN_TZ = "America/New_York"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AFTERVIEW_TODAY", FROZEN_TODAY.isoformat())
    monkeypatch.delenv("AFTERVIEW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", FROZEN_TZ)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "afterview.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    from storage.db.engine import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def store(db: object) -> object:
    from storage.db.store import Store

    return Store(db)  # type: ignore[arg-type]


@pytest.fixture
def fixed_db(tmp_path: Path) -> Path:
    """The fixed data of tests/fixtures.py (six applications, one per situation)."""
    from tests.fixtures import make_fixed_db

    return make_fixed_db(tmp_path / "fixed.db")


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
