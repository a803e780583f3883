"""Where the database lives, what Afterview refuses to open, backups."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from storage.errors import UnwritableError
from tests.conftest import run_cli


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_database_is_private(tmp_path: Path) -> None:
    code, stdout, err = run_cli("export")
    assert code == 0, err
    data_dir = tmp_path / "xdg-data" / "afterview"
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "afterview.db") == 0o600
    assert '"format": "afterview/1"' in stdout


def test_db_option_and_env_var_choose_the_file(tmp_path: Path) -> None:
    by_flag, by_env = tmp_path / "flag.db", tmp_path / "env.db"
    assert run_cli("--db", str(by_flag), "export")[0] == 0
    assert run_cli("export", env={"AFTERVIEW_DB": str(by_env)})[0] == 0
    assert by_flag.exists() and by_env.exists()
    url = f"sqlite:///{tmp_path / 'url.db'}"
    assert run_cli("--db", url, "export")[0] == 0
    assert (tmp_path / "url.db").exists()


def refuse(path: Path) -> str:
    """The CLI and the app both refuse ``path`` in one line, exit 2, file unchanged.

    Returns the message, for the test to check its words.
    """
    before = path.read_bytes()
    messages = []
    for args in (("--db", str(path), "export"), ("--db", str(path))):
        code, stdout, err = run_cli(*args)
        assert code == 2, (args, err)
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err + stdout
        assert path.read_bytes() == before
        messages.append(err)
    assert not Path(f"{path}-wal").exists()
    assert messages[0] == messages[1]  # the same words from the command and the app
    return messages[0]


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my job search notes\n" * 20)
    message = refuse(path)
    assert "is not an SQLite database" in message and "nothing was changed" in message


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    assert "is an SQLite database of another program" in refuse(path)


def test_a_database_from_a_newer_afterview_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    os.remove(f"{path}-wal") if Path(f"{path}-wal").exists() else None
    os.remove(f"{path}-shm") if Path(f"{path}-shm").exists() else None
    message = refuse(path)
    assert "written by a newer Afterview" in message and "0999_from_the_future" in message


def test_an_unwritable_directory_is_refused_in_process(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores directory permissions, so the read-only mount is simulated
    # here; the next test uses real permissions as an unprivileged user.
    folder = tmp_path / "readonly"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == folder
                        else real_access(p, m))
    with pytest.raises(UnwritableError, match=r"cannot write in .*readonly"):
        open_database(folder / "afterview.db")
    assert list(folder.iterdir()) == []


def test_an_unwritable_directory_is_refused_for_real(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # Root writes through permission bits; procfs refuses even root.
        folder = Path("/proc/1")
    else:
        folder = tmp_path / "readonly"
        folder.mkdir(mode=0o555)
    code, stdout, err = run_cli("--db", str(folder / "afterview.db"), "export")
    assert code == 2
    assert f"cannot write in {folder}" in err
    assert "Traceback" not in err and stdout == ""
    assert not (folder / "afterview.db").exists()


def test_backup_while_a_writer_is_open(tmp_path: Path, demo_db_path: Path) -> None:
    writer = sqlite3.connect(demo_db_path, timeout=5)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE applications SET notes = 'uncommitted' WHERE id = 1")
    try:
        dest = tmp_path / "copy.db"
        code, stdout, err = run_cli("--db", str(demo_db_path), "backup", str(dest))
        assert code == 0, err
        assert f"backed up to {dest}" in stdout
    finally:
        writer.rollback()
        writer.close()
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM applications").fetchone()[0] >= 25
    assert copy.execute("SELECT notes FROM applications WHERE id = 1").fetchone()[0] != \
        "uncommitted"
    assert mode(dest) == 0o600
    # The copy opens as a normal Afterview database.
    db = open_database(dest)
    assert len(Store(db).applications()) >= 25
    db.close()
    code, _, err = run_cli("--db", str(demo_db_path), "backup", str(dest))
    assert code == 2 and "already exists" in err


def test_backup_defaults_to_beside_the_database(demo_db_path: Path) -> None:
    code, stdout, _ = run_cli("--db", str(demo_db_path), "backup")
    assert code == 0
    made = Path(stdout.strip().removeprefix("backed up to "))
    assert made.parent == demo_db_path.parent and made.exists()


def test_demo_never_touches_the_users_database(tmp_path: Path) -> None:
    code, stdout, err = run_cli("--demo", "export")
    assert code == 0, err
    assert len(__import__("json").loads(stdout)["applications"]) >= 25
    assert not (tmp_path / "xdg-data" / "afterview").exists()


def test_version_and_help() -> None:
    code, stdout, _ = run_cli("--version")
    assert code == 0 and "afterview, version" in stdout
    code, stdout, _ = run_cli("--help")
    for command in ("export", "import", "backup"):
        assert command in stdout
