"""Fixed data shared by the CLI, screen and snapshot tests (today is Sun 22 Nov 2026)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

#: A database file, or a server database's URL (the PostgreSQL backend's).
Target = TypeVar("Target", Path, str)


def app(company: str, role: str, stage: str, **extra: Any) -> dict[str, Any]:
    # A dated history and application day: nothing on screen depends on the clock.
    return {"id": company.lower(), "company": company, "role": role, "stage": stage,
            "applied_on": "2026-11-02",
            "stage_history": [{"stage": stage, "at": "2026-11-02T09:00"}], **extra}


FIXED = {
    "format": "afterview/1",
    "applications": [
        # Interview Thu 19 Nov, no thank-you yet: overdue; first follow-up Thu 26 Nov.
        app("Acme", "Backend Engineer", "Interview",
            contacts=[{"name": "Dana Lee", "email": "dana@acme.com", "main": True}],
            interviews=[{"starts_at": "2026-11-19T14:00", "ends_at": "2026-11-19T15:00",
                         "interviewers": ["Dana Lee"]}]),
        # Decision date Fri 20 Nov: first follow-up Mon 23 Nov.
        app("Globex", "Data Analyst", "Screen",
            contacts=[{"name": "Sam Ortiz", "main": True}],
            interviews=[{"starts_at": "2026-11-16T10:00", "interviewers": ["Sam Ortiz"],
                         "decision_expected_on": "2026-11-20"}],
            communications=[{"at": "2026-11-16T17:00", "direction": "out",
                             "kind": "thank_you", "contact": "Sam Ortiz"}]),
        # First follow-up Tue 17 Nov: second follow-up Tue 24 Nov.
        app("Initech", "Platform Engineer", "Final round",
            contacts=[{"name": "Bill Lumbergh", "main": True}],
            interviews=[{"starts_at": "2026-11-10T10:00", "interviewers": ["Bill Lumbergh"]}],
            communications=[
                {"at": "2026-11-10T17:00", "direction": "out", "kind": "thank_you",
                 "contact": "Bill Lumbergh"},
                {"at": "2026-11-17T09:00", "direction": "out", "kind": "follow_up",
                 "contact": "Bill Lumbergh"}]),
        # References asked for today.
        app("Hooli", "SRE", "Offer", references_requested_on="2026-11-22"),
        # Nothing recorded yet: the second card of the Interview column.
        app("Vandelay Industries", "Importer", "Interview"),
        # Closed: nothing.
        app("Umbrella", "Chemist", "Closed", outcome="rejected",
            interviews=[{"starts_at": "2026-11-18T10:00"}]),
    ],
}


def make_db(path: Target, document: dict[str, Any]) -> Target:
    """A database file (or a server database's URL) holding ``document`` (an
    afterview/1 document)."""
    from storage.db.engine import open_database
    from storage.interchange.afterview_json import import_document

    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    import_document(db, document)
    db.close()
    return path


def rename_company(path: Path, company: str, new_name: str) -> None:
    """Give ``company``'s application another company name, straight in the file."""
    from storage.db.engine import open_database
    from storage.db.store import Store

    db = open_database(path)
    try:
        store = Store(db)
        found = next(a for a in store.applications() if a.company == company)
        store.update_application(found.id, company=new_name)
    finally:
        db.close()


def make_fixed_db(path: Target) -> Target:
    return make_db(path, FIXED)


#: The composer's data: one round with two interviewers and talking points,
#: one application two follow-ups into the wait (today is Sun 22 Nov 2026).
COMPOSE = {
    "format": "afterview/1",
    "settings": {"your_name": "Alex Rivera"},
    "applications": [
        # Interview Fri 20 Nov 14:00-15:00: both thank-yous due Sat 21 Nov 15:00 (late
        # after Tue 24 Nov); first follow-up the day after the decision date, Mon 30 Nov.
        app("Acme", "Backend Engineer", "Interview", company_domain="acme.com",
            contacts=[
                {"name": "Dana Lee", "title": "Engineering Manager", "email": "dana@acme.com",
                 "main": True},
                {"name": "Raj Patel", "title": "Staff Engineer", "email": "raj@acme.com"}],
            interviews=[{"starts_at": "2026-11-20T14:00", "ends_at": "2026-11-20T15:00",
                         "interviewers": ["Dana Lee", "Raj Patel"],
                         "talking_points": "Their move to Postgres; the on-call rotation",
                         "unfinished_business": "my Kafka experience",
                         "decision_expected_on": "2026-11-27"}]),
        # Two follow-ups sent already: a third is overdoing it.
        app("Initech", "Platform Engineer", "Final round",
            contacts=[{"name": "Bill Lumbergh", "email": "bill@initech.com", "main": True}],
            interviews=[{"starts_at": "2026-10-26T10:00", "interviewers": ["Bill Lumbergh"]}],
            communications=[
                {"at": "2026-10-26T17:00", "direction": "out", "kind": "thank_you",
                 "contact": "Bill Lumbergh"},
                {"at": "2026-11-02T09:00", "direction": "out", "kind": "follow_up",
                 "contact": "Bill Lumbergh", "channel": "phone"},
                {"at": "2026-11-09T09:00", "direction": "out", "kind": "follow_up",
                 "contact": "Bill Lumbergh", "channel": "phone"}]),
    ],
}


def make_compose_db(path: Target) -> Target:
    return make_db(path, COMPOSE)
