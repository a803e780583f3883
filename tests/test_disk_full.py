"""A full disk: an import, a command's write and a write in the app each fail
with one line ("the disk is full: …; nothing was saved"), never a traceback
or SQLite's own words, and the database is intact and unchanged.

The disk is a small tmpfs, which needs root (and the right to mount):
skipped otherwise."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db.failures import DISK_FULL
from storage.interchange.demo import demo_document
from tests.conftest import FROZEN_TODAY, run_cli, settle, wait_until
from tests.helpers import notifications, running
from tui.screens.board import BoardScreen

FULL_LINE = f"afterview: {DISK_FULL}\n"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs",
                              str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _fill(folder: Path) -> None:
    """Take every free block left."""
    with (folder / "filler").open("wb", buffering=0) as fh:  # unbuffered: close cannot fail
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass


def _intact_and_unchanged(db: Path, before: bytes) -> None:
    assert db.read_bytes() == before
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_an_import_then_a_write_on_a_full_disk_are_one_line(small_disk: Path,
                                                            tmp_path: Path) -> None:
    db = small_disk / "afterview.db"
    code, _, err = run_cli("--db", str(db), "add", "Acme", "Engineer",
                           "--with", "Dana Lee <dana@acme.com>", "--interview", "2026-11-19 2pm")
    assert code == 0, err
    before = db.read_bytes()
    big = tmp_path / "big.json"  # ~300 applications: more than the disk has room for
    big.write_text(json.dumps(demo_document(FROZEN_TODAY, applications=300)))
    code, out, err = run_cli("--db", str(db), "import", str(big))
    assert (code, out, err) == (2, "", FULL_LINE)
    _intact_and_unchanged(db, before)

    _fill(small_disk)
    for args in (["add", "Beta", "Engineer"], ["config", "your_name", "Alex"]):
        code, out, err = run_cli("--db", str(db), *args)
        assert (code, out, err) == (2, "", FULL_LINE), args
        _intact_and_unchanged(db, before)


async def test_a_write_in_the_app_on_a_full_disk_is_one_plain_notification(
        small_disk: Path) -> None:
    db = small_disk / "afterview.db"
    code, _, err = run_cli("--db", str(db), "add", "Acme", "Engineer")
    assert code == 0, err
    async with running(db) as (app, pilot):
        _fill(small_disk)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Hooli", "tab", *"Engineer", "ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: any("disk is full" in n for n in notifications(app)),
                         "the disk-full notification")
        shown = " ".join(notifications(app))
        assert "free space and try again; nothing was saved" in shown
        assert "sqlite" not in shown.lower() and "INSERT" not in shown
        assert isinstance(app.screen, BoardScreen) or app.is_running
    (small_disk / "filler").unlink()
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM companies")] == ["Acme"]
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_a_database_error_never_carries_the_rows_it_was_writing(tmp_path: Path) -> None:
    """SQLAlchemy puts the bound parameters (the user's notes) into an error's
    text unless told not to; what reaches the user is one line without them."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db.engine import open_database
    from storage.db.failures import describe_failure

    db = open_database(tmp_path / "afterview.db")
    try:
        with pytest.raises(SQLAlchemyError) as caught, db.session(write=True) as s:
            s.execute(text("INSERT INTO applications (id, uid) VALUES (:id, :uid)"),
                      {"id": 1, "uid": "my private note about the salary"})
    finally:
        db.close()
    assert "salary" not in str(caught.value)
    line = describe_failure(caught.value)
    assert line is not None and "\n" not in line and "salary" not in line
