"""Private files stay private under any umask: the data folder 0700, the
database 0600, and every backup and export (the .eml of a note included)
0600, even when the umask is 000."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from tests.conftest import settle, wait_until
from tests.fixtures import make_compose_db
from tests.helpers import running
from tests.test_composer import open_on
from tui.cli.export_formats import FORMATS
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import ExportForm


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def run_open(*args: str) -> tuple[int, str]:
    """The CLI with umask 000 (set in the child before it starts)."""
    proc = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True,
                          text=True, timeout=120, preexec_fn=lambda: os.umask(0))
    return proc.returncode, proc.stderr


def test_the_data_folder_database_backups_and_exports_are_private(tmp_path: Path) -> None:
    home_data = tmp_path / "xdg-data" / "afterview"  # the default place (conftest's XDG)
    code, err = run_open("add", "Acme", "Engineer", "--with", "Dana Lee <dana@acme.com>")
    assert code == 0, err
    assert mode(home_data) == 0o700
    assert mode(home_data / "afterview.db") == 0o600
    backups = tmp_path / "backups"
    backups.mkdir()
    code, err = run_open("backup", str(backups))
    assert code == 0, err
    (made,) = backups.iterdir()
    assert mode(made) == 0o600
    for fmt in FORMATS:
        target = tmp_path / f"export.{fmt}"
        code, err = run_open("export", "--format", fmt, "-o", str(target))
        assert code == 0, (fmt, err)
        assert mode(target) == 0o600, fmt
        code, err = run_open("export", "--format", fmt, "-o", str(target), "--force")
        assert code == 0 and mode(target) == 0o600, (fmt, err)


def _name_with_a_line_break(db: Path) -> None:
    """A contact stored before names were checked (or by another tool)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE contacts SET name = 'Dana\r\nBcc: all@example.com Lee' "
                     "WHERE name = 'Dana Lee'")
        assert conn.total_changes == 1
    conn.close()


async def test_a_note_exported_as_eml_is_private_and_survives_a_name_with_a_line_break(
        tmp_path: Path, permissive_umask: None) -> None:
    db = make_compose_db(tmp_path / "compose.db")
    _name_with_a_line_break(db)
    downloads = tmp_path / "home" / "Downloads"
    assert not downloads.exists()
    async with running(db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportForm), "the export form")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ComposerScreen),
                         "back in the composer")
        assert app.is_running
    (eml,) = downloads.glob("*.eml")
    assert mode(downloads) == 0o700
    assert mode(eml) == 0o600
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["Bcc"] is None  # the name's line break did not make a header
    assert str(message["To"]).endswith("<dana@acme.com>")
