"""`afterview stats`: the Stats figures for a shell, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.stats_fixture import make_stats_db


def test_stats_json_by_period(tmp_path: Path) -> None:
    db = make_stats_db(tmp_path / "stats.db")
    code, out, err = run_cli("--db", str(db), "stats", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["period"]["name"] == "90d" and data["applications"] == 3
    assert [(s["stage"], s["reached"]) for s in data["funnel"]] == [
        ("Applied", 3), ("Screen", 3), ("Interview", 2), ("Final round", 1), ("Offer", 0),
        ("Hired", 0)]
    assert [(r["name"], r["rounds"], r["rounds_replied"]) for r in
            data["responses"]["by_company"]] == [
        ("Acme", 2, 2), ("Globex", 1, 1), ("Initech", 1, 0), ("Vandelay Industries", 1, 0)]
    assert data["discipline"]["overdue"] == 2
    code, out, _ = run_cli("--db", str(db), "stats", "--period", "year", "--json")
    assert code == 0 and json.loads(out)["applications"] == 4
    assert json.loads(out)["outcomes"] == {"declined": 1, "rejected": 1}


def test_stats_as_text(tmp_path: Path) -> None:
    db = make_stats_db(tmp_path / "stats.db")
    code, out, err = run_cli("--db", str(db), "stats", "--period", "30d")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Stats, last 30 days (24 Oct 2026 to 22 Nov 2026): 2 applications added"
    assert "  Interview        2  100%  → 100%" in lines
    assert any(line.split() == ["Acme", "2", "100%", "1", "100%", "3.5"] for line in lines)
    assert "  thank-yous: 2 on time, 1 late, 1 never, 0 skipped, 1 still to come" in lines


def test_stats_refuses_an_unknown_period_and_a_bad_file(tmp_path: Path) -> None:
    db = make_stats_db(tmp_path / "stats.db")
    code, _, err = run_cli("--db", str(db), "stats", "--period", "week")
    assert code == 2 and "'week' is not one of" in err
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    code, out, err = run_cli("--db", str(junk), "stats")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("afterview: ") and len(err.strip().splitlines()) == 1


def test_stats_on_an_empty_database(tmp_path: Path) -> None:
    code, out, err = run_cli("--db", str(tmp_path / "new.db"), "stats", "--period", "all",
                             "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["applications"] == 0 and data["weeks"] == []
    assert data["responses"] == {"by_stage": [], "by_company": []}


def test_the_command_offers_the_rules_periods_without_loading_them() -> None:
    import subprocess
    import sys

    from storage.rules import stats as rules
    from tui.cli import stats as command

    assert (command.PERIODS, command.DEFAULT_PERIOD) == (rules.PERIODS, rules.DEFAULT_PERIOD)
    code = "import sys, tui.cli.main; print('storage.rules.stats' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True, timeout=120).stdout.strip()
    assert loaded == "False"
