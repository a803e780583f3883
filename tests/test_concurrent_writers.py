"""Four processes adding 50 applications each to one SQLite file at once:
200 applications stored, every command exits 0, no "database is locked".
The same on a PostgreSQL database (the ``backend`` fixture, tests/postgres_server.py).

Each process runs the real `afterview add` command (tui.cli.main, through
click) 50 times back to back; every run opens the database, writes one
transaction and closes it, as `afterview add` in a shell loop does, without
paying Python's start-up 200 times (about 0.4 s each on 2 cores). Back to
back, the four fight for the write lock more often than shell loops would.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db.engine import open_database

WRITERS = 4
ADDS = 50

#: One writer: waits for "go" on stdin (so the four start together), then
#: runs `afterview add` ADDS times and prints one JSON line per run: its exit
#: code, what it wrote to stderr, and the traceback of anything it raised.
WORKER = """
import json, sys, traceback
from click.testing import CliRunner
from tui.cli.main import main

db, writer, adds = sys.argv[1], sys.argv[2], int(sys.argv[3])
runner = CliRunner()
print("ready", flush=True)
sys.stdin.readline()
for i in range(adds):
    result = runner.invoke(main, [
        "--db", db, "add", f"Writer {writer} company {i}", "Engineer",
        "--interview", "2026-11-19T14:00", "--with", f"Dana {writer}-{i} <dana@example.com>",
        "--decision-by", "2026-11-25"])
    trace = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
    print(json.dumps([result.exit_code, result.stderr, trace]), flush=True)
"""


@pytest.mark.slow
def test_four_processes_add_fifty_applications_each(
        new_db_target: Callable[[str], Path | str]) -> None:
    db_path = new_db_target("afterview")
    open_database(db_path).close()  # the user's database, made by a first run
    writers = [subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(n), str(ADDS)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for n in range(WRITERS)]
    try:
        for proc in writers:  # every writer imported and waiting
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        for proc in writers:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=300) for proc in writers]
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    runs: list[tuple[int, str, str | None]] = []
    for proc, (out, err) in zip(writers, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err, err
        runs += [tuple(json.loads(line)) for line in out.splitlines()]  # type: ignore[misc]
    assert len(runs) == WRITERS * ADDS
    failed = [run for run in runs if run[0] != 0 or run[2] is not None]
    assert not failed, f"{len(failed)} of {len(runs)} adds failed; the first: {failed[0]}"
    said = "".join(err for _, err, _ in runs)
    assert "database is locked" not in said
    assert "Traceback" not in said

    if isinstance(db_path, Path):
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            companies = sorted(conn.scalars(text(
                "SELECT companies.name FROM applications JOIN companies "
                "ON companies.id = applications.company_id")))
            interviews = conn.scalar(text("SELECT count(*) FROM interviews"))
    finally:
        db.close()
    assert companies == sorted(f"Writer {w} company {i}"
                               for w in range(WRITERS) for i in range(ADDS))
    assert interviews == WRITERS * ADDS
