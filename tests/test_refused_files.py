"""A file Afterview refuses is never changed: no table added, no .bak made,
however often it is tried. A damaged file (a bad page under a valid header) is
one line from every command that reads it, and is never backed up silently."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storage.interchange.demo import demo_document
from tests.conftest import FROZEN_TODAY, run_cli


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _one_line(code: int, err: str) -> None:
    assert code == 2, err
    assert err.startswith("afterview: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "sqlalchemy" not in err.lower(), err


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A database of 60 demo applications, closed and checkpointed."""
    source = tmp_path / "demo.json"
    source.write_text(json.dumps(demo_document(FROZEN_TODAY, applications=60)))
    db = tmp_path / "data" / "afterview.db"
    code, _, err = run_cli("--db", str(db), "import", str(source))
    assert code == 0, err
    return db


COMMANDS = [["today"], ["agenda"], ["import", "{json}"], ["export"], ["backup"],
            ["add", "Acme", "Engineer"], ["config", "your_name", "Alex"]]


def test_a_database_without_its_schema_version_is_refused_and_never_changed(
        made: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(made)
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    source = tmp_path / "one.json"
    source.write_text(json.dumps({"format": "afterview/1", "applications": []}))
    before = _listing(made.parent)
    for _attempt in range(2):
        for command in COMMANDS:
            args = [a.replace("{json}", str(source)) for a in command]
            code, _, err = run_cli("--db", str(made), *args)
            _one_line(code, err)
            assert "no schema version" in err
            assert _listing(made.parent) == before, f"{command} changed the folder"


def _damage(db: Path, table: str) -> None:
    """Overwrite the first page of ``table`` with garbage; the file's header
    (page 1) stays valid."""
    conn = sqlite3.connect(db)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                        (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert page > 1
    with db.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xa5" * size)


#: The commands that read the whole record, or the due actions, or copy it.
READERS = COMMANDS[:5]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_damaged_database_is_one_line_from_every_reader(made: Path, tmp_path: Path,
                                                           command: list[str]) -> None:
    _damage(made, "pending_actions")
    source = tmp_path / "one.json"
    source.write_text(json.dumps({"format": "afterview/1", "applications": []}))
    before = _listing(made.parent)
    args = [a.replace("{json}", str(source)) for a in command]
    code, _, err = run_cli("--db", str(made), *args)
    _one_line(code, err)
    assert "damaged" in err, err
    assert _listing(made.parent) == before, "no backup, no journal, nothing new"


def test_a_damaged_page_that_today_never_reads_still_stops_a_backup(made: Path,
                                                                    tmp_path: Path) -> None:
    _damage(made, "notes")
    dest = tmp_path / "copies"
    dest.mkdir()
    code, _, err = run_cli("--db", str(made), "backup", str(dest))
    _one_line(code, err)
    assert "damaged" in err and list(dest.iterdir()) == []
