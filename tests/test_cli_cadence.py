"""`afterview today`, `agenda` and `add` on fixed data, with today frozen to Sun 22 Nov 2026."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import FROZEN_TODAY, run_cli


def test_today_lists_overdue_today_and_the_next_seven_days(fixed_db: Path) -> None:
    code, out, err = run_cli("--db", str(fixed_db), "today")
    assert code == 0, err
    assert out.splitlines() == [
        "Overdue (1)",
        "  Fri 20 Nov  Thank-you note to Dana Lee · Acme, Backend Engineer — "
        "within 24 hours of the interview on Thu 19 Nov",
        "Today, Sun 22 Nov",
        "  Tell your references to expect a call · Hooli, SRE — "
        "they asked for your references on Sun 22 Nov",
        "Next 7 days",
        "  Mon 23 Nov  First follow-up to Sam Ortiz · Globex, Data Analyst — "
        "the day after their decision date, Fri 20 Nov",
        "  Tue 24 Nov  Second follow-up to Bill Lumbergh · Initech, Platform Engineer — "
        "5 business days since your first follow-up on Tue 17 Nov",
        "  Thu 26 Nov  First follow-up to Dana Lee · Acme, Backend Engineer — "
        "5 business days since the interview on Thu 19 Nov",
    ]


def test_today_on_another_day_marks_a_late_thank_you(fixed_db: Path) -> None:
    code, out, _ = run_cli("--db", str(fixed_db), "today", "--on", "2026-11-24")
    assert code == 0
    assert ("  Fri 20 Nov  Thank-you note to Dana Lee · Acme, Backend Engineer — within 24 "
            "hours of the interview on Thu 19 Nov (late: send it anyway)") in out.splitlines()
    assert "Today, Tue 24 Nov" in out


def test_today_json(fixed_db: Path) -> None:
    code, out, _ = run_cli("--db", str(fixed_db), "today", "--json")
    assert code == 0
    items = json.loads(out)
    assert [(i["date"], i["kind"], i["status"], i["company"]) for i in items] == [
        ("2026-11-20", "thank_you", "overdue", "Acme"),
        ("2026-11-22", "references", "due", "Hooli"),
        ("2026-11-23", "follow_up", "upcoming", "Globex"),
        ("2026-11-24", "second_follow_up", "upcoming", "Initech"),
        ("2026-11-26", "follow_up", "upcoming", "Acme"),
    ]


def test_an_empty_day_says_what_comes_next(tmp_path: Path) -> None:
    path = tmp_path / "quiet.db"
    db = open_database(path)
    store = Store(db)
    a = store.add_application("Acme", "r")
    from datetime import date

    store.add_custom_action(a.id, "Ask Dana for coffee", date(2026, 12, 15))
    db.close()
    code, out, _ = run_cli("--db", str(path), "today")
    assert code == 0
    assert "  Nothing due today." in out.splitlines()
    assert "Next: Tue 15 Dec — Ask Dana for coffee · Acme" in out


def test_agenda_json_has_the_specified_fields(fixed_db: Path) -> None:
    code, out, err = run_cli("--db", str(fixed_db), "agenda", "--from", "2026-11-01",
                             "--to", "2026-11-30", "--json")
    assert code == 0, err
    items = json.loads(out)
    assert items[0] == {
        "date": "2026-11-20", "due_at": "2026-11-20T15:00", "kind": "thank_you",
        "status": "overdue", "company": "Acme", "role": "Backend Engineer",
        "contact": "Dana Lee", "application_id": items[0]["application_id"],
        "reason": "within 24 hours of the interview on Thu 19 Nov", "round": 1,
        "snoozed": False,
    }
    assert [i["kind"] for i in items] == ["thank_you", "references", "follow_up",
                                          "second_follow_up", "follow_up"]
    assert all(i["company"] != "Umbrella" for i in items)


def test_agenda_default_range_starts_today(fixed_db: Path) -> None:
    code, out, _ = run_cli("--db", str(fixed_db), "agenda")
    assert code == 0
    assert out.splitlines()[0] == "4 pending from Sun 22 Nov to Tue 22 Dec"


def test_add_creates_and_reports_what_it_set_in_motion(tmp_path: Path) -> None:
    path = tmp_path / "add.db"
    code, out, err = run_cli("--db", str(path), "add", "Acme", "Backend Engineer",
                             "--interview", "thu 2pm", "--with", "Dana Lee <dana@acme.com>",
                             "--with", "Sam Ortiz", "--decision-by", "dec 2")
    assert code == 0, err
    assert out.splitlines() == [
        "Added Acme · Backend Engineer in Screen (#1)",
        "  contact: Dana Lee <dana@acme.com>",
        "  contact: Sam Ortiz",
        "  interview: Thu 26 Nov 2026 14:00, decision expected Wed 2 Dec",
        "Set in motion:",
        "  Fri 27 Nov  Thank-you note to Dana Lee · Acme, Backend Engineer — "
        "within 24 hours of the interview on Thu 26 Nov",
        "  Fri 27 Nov  Thank-you note to Sam Ortiz · Acme, Backend Engineer — "
        "within 24 hours of the interview on Thu 26 Nov",
        "  Thu 3 Dec   First follow-up to Dana Lee · Acme, Backend Engineer — "
        "the day after their decision date, Wed 2 Dec",
    ]
    db = open_database(path)
    detail = Store(db).detail(1)
    db.close()
    assert [c.name for c in detail.contacts] == ["Dana Lee", "Sam Ortiz"]
    assert detail.main_contact is not None and detail.main_contact.email == "dana@acme.com"
    assert len(detail.rounds) == 1 and len(detail.rounds[0].interviewers) == 2


def test_add_without_an_interview_sets_nothing_in_motion(tmp_path: Path) -> None:
    code, out, _ = run_cli("--db", str(tmp_path / "a.db"), "add", "Globex", "Analyst")
    assert code == 0
    assert "Added Globex · Analyst in Applied" in out
    assert "Nothing is due yet" in out


@pytest.mark.parametrize(("args", "bad"), [
    (("today", "--on", "someday"), "someday"),
    (("agenda", "--from", "13/45"), "13/45"),
    (("agenda", "--to", "nov 31"), "nov 31"),
    (("add", "Acme", "Role", "--interview", "whenever"), "whenever"),
    (("add", "Acme", "Role", "--interview", "nov 19", "--decision-by", "5/6"), "5/6"),
])
def test_bad_dates_exit_2_with_the_parsers_message(tmp_path: Path, args: tuple[str, ...],
                                                   bad: str) -> None:
    from storage.rules.dates import DateParseError, parse_date, parse_datetime

    parser = parse_datetime if args[-2] == "--interview" else parse_date
    with pytest.raises(DateParseError) as expected:
        parser(bad, FROZEN_TODAY)
    code, out, err = run_cli("--db", str(tmp_path / "x.db"), *args)
    assert code == 2
    assert err == f"afterview: {expected.value}\n"
    assert out == ""


def test_add_refuses_a_decision_date_before_the_interview(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    code, _, err = run_cli("--db", str(path), "add", "Acme", "Role", "--interview",
                           "nov 19 2pm", "--decision-by", "nov 10")
    assert code == 2
    assert "is before the interview" in err
    db = open_database(path)
    assert Store(db).applications() == []
    db.close()


def test_agenda_refuses_an_inverted_range(fixed_db: Path) -> None:
    code, _, err = run_cli("--db", str(fixed_db), "agenda", "--from", "dec 5", "--to", "dec 1")
    assert code == 2 and "is before --from" in err
