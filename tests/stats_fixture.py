"""A fixed database for Stats, every figure of it checked by hand in tests/test_stats.py.

Today is Sun 22 Nov 2026 (tests/conftest.py), America/New_York; weeks start
on Monday. Times without an offset are local. The periods:
90 days = 25 Aug – 22 Nov, 30 days = 24 Oct – 22 Nov, this year, everything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fixtures import make_db


def _history(*moves: tuple[str, str]) -> list[dict[str, str]]:
    return [{"stage": stage, "at": at} for stage, at in moves]


def _out(at: str, kind: str, contact: str | None = None) -> dict[str, Any]:
    return {"at": at, "direction": "out", "kind": kind, "contact": contact}


def _in(at: str, contact: str | None = None) -> dict[str, Any]:
    return {"at": at, "direction": "in", "kind": "response", "contact": contact}


STATS_DOC: dict[str, Any] = {
    "format": "afterview/1",
    "applications": [
        # Acme: Applied → Screen → Interview (3 and 5 days), two rounds.
        {"id": "acme", "company": "Acme", "role": "Backend Engineer", "stage": "Interview",
         "applied_on": "2026-11-02",
         "stage_history": _history(("Applied", "2026-11-02T09:00"),
                                   ("Screen", "2026-11-05T09:00"),
                                   ("Interview", "2026-11-10T09:00")),
         "contacts": [{"name": "Dana Lee", "email": "dana@acme.com", "main": True},
                      {"name": "Eli Park", "email": "eli@acme.com"}],
         "interviews": [
             # Fri 6 Nov, in Screen: thanked the same day; a reply Mon 9 Nov at
             # 23:30 local (already Tue 10 Nov in UTC): 1 business day.
             {"starts_at": "2026-11-06T10:00", "ends_at": "2026-11-06T11:00",
              "interviewers": ["Dana Lee"]},
             # Thu 12 Nov, in Interview: Dana thanked Fri (on time), Eli Tue 17
             # (late: the bound is Mon 16); the follow-up Thu 19 on its day; a
             # reply Fri 20: 6 business days after the round.
             {"starts_at": "2026-11-12T14:00", "ends_at": "2026-11-12T15:00",
              "interviewers": ["Dana Lee", "Eli Park"]}],
         "communications": [
             _out("2026-11-06T17:00", "thank_you", "Dana Lee"),
             _in("2026-11-09T23:30", "Dana Lee"),
             _out("2026-11-13T09:00", "thank_you", "Dana Lee"),
             _out("2026-11-17T10:00", "thank_you", "Eli Park"),
             _out("2026-11-19T09:00", "follow_up", "Dana Lee"),
             _in("2026-11-20T11:00", "Dana Lee")]},
        # Globex: Applied → Final round, skipping Screen and Interview.
        {"id": "globex", "company": "Globex", "role": "Data Analyst", "stage": "Final round",
         "applied_on": "2026-11-03",
         "stage_history": _history(("Applied", "2026-11-03T09:00"),
                                   ("Final round", "2026-11-09T09:00")),
         "contacts": [{"name": "Sam Ortiz", "main": True}],
         # Tue 10 Nov, nobody recorded: the unaddressed thank-you never went.
         # They said Fri 13 Nov; a reply Wed 11 Nov came BEFORE the follow-up of
         # Tue 17 Nov (later than its day, Mon 16), which so got no reply.
         "interviews": [{"starts_at": "2026-11-10T10:00",
                         "decision_expected_on": "2026-11-13"}],
         "communications": [_in("2026-11-11T09:00", "Sam Ortiz"),
                            _out("2026-11-17T09:00", "follow_up", "Sam Ortiz")]},
        # Initech: Applied → Screen → Closed (rejected) in September.
        {"id": "initech", "company": "Initech", "role": "Platform Engineer", "stage": "Closed",
         "outcome": "rejected", "applied_on": "2026-09-01",
         "stage_history": _history(("Applied", "2026-09-01T09:00"),
                                   ("Screen", "2026-09-08T09:00"),
                                   ("Closed", "2026-09-20T09:00")),
         "contacts": [{"name": "Bill Lumbergh", "main": True}],
         # Thu 10 Sep: the thank-you skipped; a follow-up Mon 14 Sep, early
         # (its day was Thu 17 Sep); no reply ever.
         "interviews": [{"starts_at": "2026-09-10T10:00", "ends_at": "2026-09-10T11:00",
                         "interviewers": ["Bill Lumbergh"]}],
         "communications": [_out("2026-09-14T09:00", "follow_up", "Bill Lumbergh")],
         "action_overrides": [{"kind": "thank_you", "round": 1, "contact": "Bill Lumbergh",
                               "skipped_on": "2026-09-11"}]},
        # Hooli: June, before the 90 days: Applied → Offer → Closed (declined).
        {"id": "hooli", "company": "Hooli", "role": "SRE", "stage": "Closed",
         "outcome": "declined", "applied_on": "2026-06-01",
         "stage_history": _history(("Applied", "2026-06-01T09:00"),
                                   ("Offer", "2026-06-20T09:00"),
                                   ("Closed", "2026-07-01T09:00"))},
        # Vandelay: applied last year, still in Applied; a round Fri 20 Nov whose
        # thank-you is still within its two business days (waiting), though
        # overdue by the clock (due Sat 21 Nov).
        {"id": "vandelay", "company": "Vandelay Industries", "role": "Importer",
         "stage": "Applied", "applied_on": "2025-12-01",
         "stage_history": _history(("Applied", "2025-12-01T09:00")),
         "contacts": [{"name": "Art Vandelay", "main": True}],
         "interviews": [{"starts_at": "2026-11-20T10:00", "ends_at": "2026-11-20T11:00",
                         "interviewers": ["Art Vandelay"]}]},
    ],
}


def make_stats_db(path: Path) -> Path:
    return make_db(path, STATS_DOC)
