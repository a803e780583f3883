"""Bad input to every command: exit code 2 and one line on stderr that says
what to do, never a traceback, and the database unchanged, byte for byte.
And what the commands print never writes a control character raw to the
terminal, whatever the database holds."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from storage.rules.settings import Settings
from tests.conftest import run_cli

ESC = "\x1b]0;pwned\x07"
#: Anything a terminal would act on: C0 and C1 controls (but line breaks),
#: DEL, bidirectional overrides, lone surrogates (written as U+FFFD by Python's
#: error handler at worst, which is harmless, but never raw here).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "afterview.db"
    code, _, err = run_cli("--db", str(path), "add", "Acme", "Backend Engineer",
                           "--interview", "2026-11-19T14:00", "--with", "Dana Lee <dana@acme.com>")
    assert code == 0, err
    return path


def run(*args: str | bytes) -> tuple[int, str, str]:
    """The CLI in a subprocess; bytes arguments go to it as they are (b"\\xff"
    reaches Python as a lone surrogate, as a badly encoded argument does)."""
    proc = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True,
                          env=os.environ.copy(), timeout=120)
    # Strict decoding: the output must be UTF-8, with no surrogate in it.
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def _files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir()) if p.is_file()}


def assert_one_line_refusal(code: int, out: str, err: str) -> None:
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "Error:" not in err, err
    assert err.startswith("afterview: ") and err.count("\n") == 1, err
    assert not RAW.search(err), err


BAD = [
    ["add", "Acme", "Eng", "--interview", "9999-12-31T23:00"],
    ["add", "Acme", "Eng", "--interview", "0001-01-01T00:00"],
    ["add", "Acme", "Eng", "--interview", "thu 2pm", "--decision-by", "9999-12-31"],
    ["add", "Acme", "Eng", "--interview", "1899-12-31 2pm"],
    ["add", "Acme", "Eng", "--interview", "+100000w"],
    ["add", f"Acme{ESC}", "Eng"],
    ["add", "Acme", "Eng\r\nInjected"],
    ["add", "Acme", "Eng", "--with", "Dana <dana@@acme..com>"],
    ["add", "Acme", "Eng", "--with", "Dana <dana@acme.com>, Sam <sam@acme.com>"],
    ["add", "Acme", "Eng", "--with", f"Dana{ESC}"],
    ["add", "Acme", "Eng", "--stage", f"No{ESC}such"],
    ["add", "Acme", "x" * 5000],
    ["add", "Acme", "Eng", "--with", b"Dana\xff"],
    ["add", b"Acme\xed\xa0\x80", "Eng"],
    ["today", "--on", "9999-12-25"],
    ["today", "--on", "0001-01-01"],
    ["today", "--on", ESC],
    ["agenda", "--from", "0001-01-01"],
    ["agenda", "--to", "9999-12-31"],
    ["agenda", "--from", "2026-12-10", "--to", "2026-12-01"],
    ["export", "-o", "/proc/afterview-export.json"],
    ["export", "-o", "/nonexistent-folder/x.json"],
    ["export", "-o", "/"],
    ["backup", "/proc/b.db"],
    ["backup", "nosuch-folder/"],
    ["backup", "/nonexistent-folder/b.db"],
    ["import", "/nonexistent-folder/x.json"],
    ["config", "nosuch", "1"],
]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(map(str, a))[:60] for a in BAD])
def test_a_bad_command_is_one_line_and_changes_nothing(args: list[str | bytes], db: Path,
                                                       tmp_path: Path) -> None:
    before = _files(db)
    code, out, err = run("--db", str(db), *args)
    assert_one_line_refusal(code, out, err)
    assert _files(db) == before
    assert not Path("nosuch-folder").exists()


#: A value each setting refuses; every setting must be here.
BAD_SETTINGS = {
    "workdays": "[7]", "holidays": '["9999-12-31"]', "first_day_of_week": "9",
    "theme": "no-such-theme", "word_list": json.dumps(["fine", "bad\u001bword"]),
    "your_name": f"Alex{ESC}", "your_email": "alex@example.com,sam@example.com",
    "keymap": json.dumps({"app.board": "\u001b"}), "welcomed": "maybe",
    "thank_you_hours": "100000", "late_business_days": "1" + "0" * 5000,
    "first_follow_up_business_days": "[" * 5000 + "]" * 5000,
    "second_follow_up_business_days": "1.5", "move_on_business_days": b"\xff",
    "reconnect_months": "true", "send_command": f"msmtp -t{ESC}",
}


def test_every_setting_has_a_bad_value_below() -> None:
    assert set(BAD_SETTINGS) == set(Settings().to_mapping())


@pytest.mark.parametrize(("key", "value"), sorted(BAD_SETTINGS.items()), ids=sorted(BAD_SETTINGS))
def test_config_refuses_a_bad_value_for_every_key(key: str, value: str | bytes,
                                                  db: Path) -> None:
    before = _files(db)
    code, out, err = run("--db", str(db), "config", key, value)
    assert_one_line_refusal(code, out, err)
    assert _files(db) == before


def test_export_to_an_existing_file_needs_force_and_dash_is_standard_output(
        db: Path, tmp_path: Path) -> None:
    target = tmp_path / "jobs.json"
    target.write_text("keep me")
    code, out, err = run_cli("--db", str(db), "export", "-o", str(target))
    assert_one_line_refusal(code, out, err)
    assert "--force" in err and target.read_text() == "keep me"
    assert run_cli("--db", str(db), "export", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text())["format"] == "afterview/1"
    code, out, _ = run_cli("--db", str(db), "export", "-o", "-")
    assert code == 0 and json.loads(out)["format"] == "afterview/1"
    assert not Path("-").exists()


def _plant(db: Path) -> None:
    """Data written before the checks existed (or by another tool): a company,
    a role and a contact holding control characters."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE companies SET name = ?", (f"Acme{ESC}\u202e\x9b2J",))
        conn.execute("UPDATE applications SET role = ?", ("Eng\r\nrm -rf",))
        conn.execute("UPDATE contacts SET name = ?", (f"Dana{ESC}",))
    conn.close()


@pytest.mark.parametrize("args", [
    ["today"], ["today", "--json"], ["agenda", "--from", "2026-11-01"],
    ["agenda", "--from", "2026-11-01", "--json"], ["export"], ["export", "-o", "-"],
    ["add", "Acme\u200dCorp", "Eng", "--with", "Sam"],
], ids=lambda a: " ".join(a))
def test_nothing_stored_is_written_raw_to_the_terminal(args: list[str], db: Path) -> None:
    _plant(db)
    code, out, err = run_cli("--db", str(db), *args)
    assert code == 0, err
    assert not RAW.search(out) and not RAW.search(err), (out, err)
    if args[0] == "today" and "--json" not in args:
        assert "Acme\\x1b]0;pwned\\x07" in out  # shown, escaped
    if "--json" in args or args[0] == "export":
        # Still JSON, and the same value: the escapes are JSON's own.
        assert any(ESC in text for text in _strings(json.loads(out)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []
