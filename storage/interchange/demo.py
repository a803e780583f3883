"""Demo data: a believable job search, dated relative to today.

:func:`demo_document` builds an ``afterview/1`` document, so demo databases go
through the same validated import as a user's file. With the default size it
is a hand-shaped pipeline of about 25 applications that shows every point of
the cadence; with ``applications=5000`` it adds seeded random ones for
benchmarks (about 4 rounds and 8 messages each).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from storage.rules.business_days import WorkCalendar

_CAL = WorkCalendar()

COMPANIES = [
    ("Northwind Analytics", "northwind.io"), ("Bluefin Robotics", "bluefin.dev"),
    ("Lumen Health", "lumenhealth.com"), ("Cobalt Ledger", "cobaltledger.com"),
    ("Juniper Maps", "junipermaps.com"), ("Harbor Logistics", "harborlog.com"),
    ("Quill & Ink", "quillink.co"), ("Meridian Energy", "meridian-energy.com"),
    ("Tessellate", "tessellate.ai"), ("Foxglove Games", "foxglove.games"),
    ("Atlas Civic", "atlascivic.org"), ("Sable Security", "sablesec.com"),
    ("Orchard Foods", "orchardfoods.com"), ("Pinecone Learning", "pinecone.education"),
    ("Kestrel Aerospace", "kestrel.aero"), ("Riverbend Bank", "riverbend.bank"),
    ("Mosaic Media", "mosaicmedia.tv"), ("Granite Cloud", "granitecloud.net"),
    ("Wildflower Retail", "wildflower.shop"), ("Polaris Bio", "polarisbio.com"),
    ("Cinder Studio", "cinder.studio"), ("Tidewater Ports", "tidewater.com"),
    ("Aurora Transit", "auroratransit.org"), ("Beacon Insurance", "beaconins.com"),
    ("Driftwood Labs", "driftwoodlabs.io"),
]
ROLES = [
    "Backend Engineer", "Data Analyst", "Product Designer", "Site Reliability Engineer",
    "Frontend Engineer", "Engineering Manager", "Technical Writer", "Data Engineer",
    "Platform Engineer", "Security Engineer", "QA Lead", "Mobile Developer",
]
FIRST = ["Dana", "Priya", "Marcus", "Elena", "Kenji", "Amara", "Tomás", "Ingrid", "Samir",
         "Grace", "Oluwaseun", "Hannah", "Mateo", "Yuki", "Fatima", "Colin", "Aisha", "Lars"]
LAST = ["Lee", "Raman", "Okafor", "Novak", "Sato", "Diallo", "Herrera", "Berg", "Haddad",
        "Park", "Adeyemi", "Schmidt", "Rossi", "Tanaka", "Khan", "Murphy", "Nilsen", "Cruz"]
TITLES = ["Engineering Manager", "Recruiter", "Senior Engineer", "Head of Data",
          "Design Lead", "VP Engineering", "Talent Partner", "Staff Engineer"]
TOPICS = [
    "migrating the billing service to event sourcing", "their on-call rotation and SLOs",
    "the design system rollout", "a dashboard for hospital bed occupancy",
    "reducing cold-start time of the mobile app", "the Kafka to Postgres ingestion path",
    "mentoring two junior engineers", "how they run blameless postmortems",
    "the route-planning algorithm for last-mile delivery", "accessibility audits",
    "their move from monolith to services", "pairing on a flaky integration test",
]


def _at(d: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(d, time(hour, minute)).isoformat(timespec="minutes")


@dataclass
class _Builder:
    """Collects applications for the document, with helpers that keep dates coherent."""

    today: date
    rng: random.Random
    apps: list[dict[str, Any]] = field(default_factory=list)
    used_companies: int = 0

    def bdays(self, n: int) -> date:
        """n business days before (n > 0) or after (n < 0) today."""
        return _CAL.add_business_days(self.today, -n)

    def person(self, domain: str, title: bool = True, email: bool = True,
               main: bool = False) -> dict[str, Any]:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        return {"name": f"{first} {last}",
                "title": self.rng.choice(TITLES) if title else None,
                "email": f"{first.lower()}.{last.lower()}@{domain}".replace("á", "a")
                if email else None,
                "phone": None, "main": main}

    def app(self, stage: str, *, applied_days_ago: int = 20, people: int = 1,
            company: tuple[str, str] | None = None, role: str | None = None,
            **extra: Any) -> dict[str, Any]:
        if company is None:
            company = COMPANIES[self.used_companies % len(COMPANIES)]
            self.used_companies += 1
        name, domain = company
        contacts: list[dict[str, Any]] = []
        for i in range(people):
            contact = self.person(domain, main=i == 0)
            while any(c["name"] == contact["name"] for c in contacts):
                contact = self.person(domain, main=i == 0)
            contacts.append(contact)
        app = {
            "company": name, "company_domain": domain,
            "role": role or self.rng.choice(ROLES), "stage": stage,
            "applied_on": (self.today - timedelta(days=applied_days_ago)).isoformat(),
            "no_contact": False, "references_requested_on": None, "notes": "",
            "contacts": contacts, "interviews": [], "communications": [],
            "notes_written": [], "action_overrides": [],
            # Dated from the application, not the clock: demos and snapshots repeat.
            "stage_history": [{"stage": stage, "at": _at(
                self.today - timedelta(days=applied_days_ago), 9)}],
            **extra,
        }
        self.apps.append(app)
        return app

    def round(self, app: dict[str, Any], day: date, *, hour: int = 10,
              who: list[int] | None = None, decision: date | None = None,
              kind: str = "video") -> None:
        people = [app["contacts"][i]["name"] for i in (who if who is not None else [0])]
        app["interviews"].append({
            "starts_at": _at(day, hour), "ends_at": _at(day, hour + 1), "kind": kind,
            "interviewers": people,
            "talking_points": self.rng.choice(TOPICS) + "; " + self.rng.choice(TOPICS),
            "unfinished_business": "",
            "decision_expected_on": decision.isoformat() if decision else None,
        })

    def sent(self, app: dict[str, Any], day: date, kind: str, contact: int | None = 0,
             hour: int = 17, channel: str = "email") -> None:
        app["communications"].append({
            "at": _at(day, hour), "direction": "out", "kind": kind, "channel": channel,
            "contact": app["contacts"][contact]["name"] if contact is not None else None,
            "summary": {"thank_you": "Thank-you note", "follow_up": "Follow-up"}.get(kind, ""),
        })

    def heard(self, app: dict[str, Any], day: date, summary: str, contact: int = 0) -> None:
        app["communications"].append({
            "at": _at(day, 11), "direction": "in", "kind": "response", "channel": "email",
            "contact": app["contacts"][contact]["name"], "summary": summary,
        })


def _showcase(b: _Builder) -> None:
    """The hand-shaped pipeline: every point of the cadence appears once or more."""
    t = b.today
    # Applied, nothing heard yet.
    for days in (2, 5, 9, 14):
        b.app("Applied", applied_days_ago=days, people=0)
    # Interview yesterday with two interviewers: two thank-yous due today.
    a = b.app("Interview", people=2)
    b.round(a, b.bdays(1), hour=14, who=[0, 1], decision=_CAL.add_business_days(t, 6))
    # Interview three business days ago, no thank-you: late.
    a = b.app("Interview")
    b.round(a, b.bdays(3), who=[0])
    # Screen two days ago, thank-you sent: the follow-up is upcoming.
    a = b.app("Screen")
    b.round(a, b.bdays(2), kind="phone")
    b.sent(a, b.bdays(2), "thank_you")
    # Six business days since the interview, no word: first follow-up overdue.
    a = b.app("Interview", people=2)
    b.round(a, b.bdays(6), who=[0, 1])
    b.sent(a, b.bdays(6), "thank_you", 0)
    b.sent(a, b.bdays(5), "thank_you", 1, hour=9)
    # Decision date was yesterday: first follow-up due today.
    a = b.app("Final round", people=3)
    b.round(a, b.bdays(12), who=[0])
    b.round(a, b.bdays(4), who=[1, 2], decision=b.bdays(1), kind="onsite")
    for i in range(3):
        b.sent(a, b.bdays(12 if i == 0 else 4), "thank_you", i)
    # First follow-up six business days ago: second follow-up due.
    a = b.app("Interview")
    b.round(a, b.bdays(12))
    b.sent(a, b.bdays(12), "thank_you")
    b.sent(a, b.bdays(6), "follow_up")
    # Second follow-up eleven business days ago: time to move on.
    a = b.app("Screen")
    b.round(a, b.bdays(25), kind="phone")
    b.sent(a, b.bdays(25), "thank_you")
    b.sent(a, b.bdays(19), "follow_up")
    b.sent(a, b.bdays(11), "follow_up")
    # They replied: waiting is over, the reply is the moment to answer.
    a = b.app("Interview", people=2)
    b.round(a, b.bdays(5), who=[0, 1])
    b.sent(a, b.bdays(5), "thank_you", 0)
    b.sent(a, b.bdays(5), "thank_you", 1)
    b.heard(a, b.bdays(1), "Thanks! The team is still meeting candidates; more soon.")
    # Employer asked not to be contacted.
    a = b.app("Interview", no_contact=True,
              notes="Recruiter asked candidates not to follow up; they call everyone back.")
    b.round(a, b.bdays(3))
    # Rejected, with a reminder to reconnect.
    a = b.app("Closed", outcome="rejected",
              custom_actions=[{"title": "Reconnect and ask about referrals",
                               "due_on": (t + timedelta(days=75)).isoformat(),
                               "done_on": None}])
    b.round(a, b.bdays(20))
    b.sent(a, b.bdays(20), "thank_you")
    b.heard(a, b.bdays(14), "We went with another candidate. Keep in touch.")
    # An offer, references requested.
    a = b.app("Offer", people=2, references_requested_on=b.bdays(1).isoformat())
    b.round(a, b.bdays(15), who=[0])
    b.round(a, b.bdays(8), who=[0, 1], kind="onsite")
    b.sent(a, b.bdays(15), "thank_you", 0)
    b.sent(a, b.bdays(8), "thank_you", 0)
    b.sent(a, b.bdays(8), "thank_you", 1)
    b.heard(a, b.bdays(2), "Offer letter attached; could you send two references?")
    # Interview today, a draft thank-you already started.
    a = b.app("Interview", people=2)
    b.round(a, t, hour=9, who=[0, 1])
    name = a["contacts"][0]["name"]
    a["notes_written"].append({
        "kind": "thank_you", "contact": name, "channel": "email",
        "subject": f"Thank you — {a['role']} interview",
        "body": f"Dear {name.split()[0]},\n\nThank you for your time today.", "status": "draft",
        "sent_at": None,
    })
    # A snoozed follow-up, and an interviewer without a card.
    a = b.app("Screen")
    a["contacts"][0]["email"] = None
    b.round(a, b.bdays(7), kind="phone")
    b.sent(a, b.bdays(7), "thank_you")
    a["action_overrides"].append({"kind": "follow_up", "contact": None, "round": 1,
                                  "snoozed_to": (t + timedelta(days=3)).isoformat()})
    # Final round next week, nothing due yet.
    a = b.app("Final round", people=2)
    b.round(a, b.bdays(10), who=[0])
    b.sent(a, b.bdays(10), "thank_you")
    b.heard(a, b.bdays(8), "Great news: we'd like you back for a final round.")
    b.round(a, _CAL.add_business_days(t, 3), who=[0, 1], kind="onsite")
    # Withdrew, and one hired long ago for the funnel.
    a = b.app("Closed", outcome="withdrew", applied_days_ago=60)
    b.round(a, b.bdays(35), kind="phone")
    a = b.app("Closed", outcome="declined", applied_days_ago=45)
    b.round(a, b.bdays(28))
    b.sent(a, b.bdays(28), "thank_you")
    # A follow-up by phone that got a new decision date: the next step waits for it.
    a = b.app("Interview")
    b.round(a, b.bdays(9), decision=b.bdays(4))
    b.sent(a, b.bdays(9), "thank_you")
    b.sent(a, b.bdays(3), "follow_up", channel="phone")
    a["interviews"][0]["decision_expected_on"] = _CAL.add_business_days(t, 2).isoformat()
    # Moved on after two follow-ups, with the network kept warm.
    a = b.app("Closed", outcome="moved on", applied_days_ago=70)
    b.round(a, b.bdays(45))
    b.sent(a, b.bdays(45), "thank_you")
    b.sent(a, b.bdays(39), "follow_up")
    b.sent(a, b.bdays(33), "follow_up")
    # A fresh application with a recruiter's screen booked for tomorrow.
    a = b.app("Screen", applied_days_ago=4)
    b.round(a, _CAL.add_business_days(t, 1), hour=11, kind="phone")
    # A couple more in early stages.
    for days in (6, 11):
        a = b.app("Screen", applied_days_ago=days + 10)
        b.round(a, b.bdays(days), kind="phone", decision=b.bdays(days - 4))
        b.sent(a, b.bdays(days), "thank_you")


def _random_app(b: _Builder, index: int) -> None:
    """One seeded random application for large benchmark databases."""
    rng = b.rng
    stage = rng.choices(["Applied", "Screen", "Interview", "Final round", "Offer", "Closed"],
                        weights=[25, 15, 25, 10, 5, 20])[0]
    company = COMPANIES[index % len(COMPANIES)]
    a = b.app(stage, applied_days_ago=rng.randint(5, 200), people=rng.randint(1, 4),
              company=(f"{company[0]} {index // len(COMPANIES) + 1}", company[1]))
    if stage == "Closed":
        a["outcome"] = rng.choice(["rejected", "withdrew", "moved on", "declined"])
    # About 4 rounds and 8 messages an application: PRODUCT.md's benchmark shape.
    n_rounds = rng.choice([3, 4, 5, 6, 6]) if stage != "Applied" else rng.choice([1, 2, 3])
    start = rng.randint(n_rounds * 4, 120)
    for k in range(n_rounds):
        day = b.bdays(max(start - k * rng.randint(3, 8), 0))
        who = sorted(rng.sample(range(len(a["contacts"])), rng.randint(1, len(a["contacts"]))))
        decision = _CAL.add_business_days(day, rng.randint(3, 10)) if rng.random() < 0.5 else None
        b.round(a, day, who=who, decision=decision, hour=rng.randint(9, 15))
        for w in who:
            if rng.random() < 0.8:
                b.sent(a, day, "thank_you", w, hour=18)
    last = date.fromisoformat(a["interviews"][-1]["starts_at"][:10])
    for k in range(max(0, 8 - len(a["communications"]))):
        day = last + timedelta(days=rng.randint(1, 20) + k)
        if rng.random() < 0.5:
            b.sent(a, day, rng.choice(["follow_up", "other"]), rng.randrange(len(a["contacts"])))
        else:
            b.heard(a, day, "Thanks for your note.", rng.randrange(len(a["contacts"])))


def demo_document(today: date, *, applications: int = 0, seed: int = 7) -> dict[str, Any]:
    """The demo pipeline; ``applications`` larger than the showcase adds random ones."""
    b = _Builder(today=today, rng=random.Random(seed))
    _showcase(b)
    for i in range(max(0, applications - len(b.apps))):
        _random_app(b, i)
    return {
        "format": "afterview/1",
        "settings": {"holidays": [], "your_name": "Alex Rivera"},
        "stages": [{"name": name, "role": role} for name, role in (
            ("Applied", "open"), ("Screen", "open"), ("Interview", "open"),
            ("Final round", "open"), ("Offer", "offer"), ("Closed", "closed"))],
        "applications": b.apps,
    }


def create_demo_database(path: Path, today: date, *, applications: int = 0,
                         seed: int = 7) -> None:
    """Create a database at ``path`` holding the demo document."""
    from storage.db.engine import open_database
    from storage.interchange.afterview_json import import_document

    db = open_database(path)
    try:
        import_document(db, demo_document(today, applications=applications, seed=seed))
    finally:
        db.close()
