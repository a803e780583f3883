"""`afterview config`: list the settings, set one, refuse bad values."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_config_sets_your_name_and_lists_it(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    code, out, err = run_cli("--db", db, "config", "your_name", "Alex Rivera")
    assert (code, out, err) == (0, 'your_name = "Alex Rivera"\n', "")
    code, out, _ = run_cli("--db", db, "config")
    assert code == 0
    assert 'your_name = "Alex Rivera"' in out.splitlines()
    assert "thank_you_hours = 24" in out.splitlines()
    assert run_cli("--db", db, "config", "your_name")[1] == '"Alex Rivera"\n'


def test_config_parses_json_values_and_keeps_text_text(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert run_cli("--db", db, "config", "workdays", "[0,1,2,3]")[1] == "workdays = [0, 1, 2, 3]\n"
    assert run_cli("--db", db, "config", "your_name", "2024")[1] == 'your_name = "2024"\n'


def test_config_refuses_bad_values_and_unknown_keys_and_changes_nothing(
        tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    code, out, err = run_cli("--db", db, "config", "thank_you_hours", "abc")
    assert code == 2 and out == ""
    assert err == "afterview: settings.thank_you_hours: a whole number from 0 to 336\n"
    code, _, err = run_cli("--db", db, "config", "nope", "1")
    assert code == 2 and "unknown setting 'nope'" in err
    assert run_cli("--db", db, "config", "thank_you_hours")[1] == "24\n"


def test_config_takes_the_settings_screens_new_keys_with_the_same_validation(
        tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert run_cli("--db", db, "config", "your_email", "alex@example.com")[1] == (
        'your_email = "alex@example.com"\n')
    code, _, err = run_cli("--db", db, "config", "your_email", "alex at example")
    assert code == 2 and "settings.your_email: an email address" in err
    code, out, _ = run_cli("--db", db, "config", "keymap", '{"app.board": "B"}')
    assert (code, out) == (0, 'keymap = {"app.board": "B"}\n')
    code, _, err = run_cli("--db", db, "config", "keymap",
                           '{"app.board": "x", "app.today": "x"}')
    assert code == 2 and "'x' is already the key of app.board" in err
    assert run_cli("--db", db, "config", "welcomed", "true")[1] == "welcomed = true\n"
    # Exported with the other settings (and so imported back).
    code, out, _ = run_cli("--db", db, "export")
    settings = json.loads(out)["settings"]
    assert settings["keymap"] == {"app.board": "B"}
    assert settings["your_email"] == "alex@example.com"
