"""Which note the composer opens on, read from the store (tui/composer/plan.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storage.db.engine import open_database
from storage.db.store import Store
from storage.rules.records import ActionRef
from tests.fixtures import make_compose_db, make_fixed_db
from tui.composer import plan

TODAY = date(2026, 11, 22)


def source_of(db_path: Path, company: str):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    try:
        store = Store(db)
        app = next(a for a in store.applications() if a.company == company)
        return store.compose_source(app.id, TODAY)
    finally:
        db.close()


def test_the_next_due_note_is_the_earliest_action_s(tmp_path: Path) -> None:
    source = source_of(make_compose_db(tmp_path / "c.db"), "Acme")
    chosen = plan.plan_note(source)
    assert (chosen.kind, chosen.channel) == ("thank_you", "email")
    assert chosen.action is not None and chosen.action.contact == "Dana Lee"
    assert plan.contact(source, chosen.contact_id).name == "Dana Lee"  # type: ignore[union-attr]


def test_a_given_action_or_contact_picks_that_note(tmp_path: Path) -> None:
    source = source_of(make_compose_db(tmp_path / "c.db"), "Acme")
    raj = next(c for c in source.detail.contacts if c.name == "Raj Patel")
    by_contact = plan.plan_note(source, contact_id=raj.id)
    assert (by_contact.kind, by_contact.contact_id) == ("thank_you", raj.id)
    follow_up = next(a for a in source.actions if a.kind == "follow_up")
    by_action = plan.plan_note(source, ActionRef.of(follow_up))
    assert by_action.kind == "follow_up" and by_action.action == follow_up
    facts = plan.note_facts(source, "thank_you", raj.id, by_contact.action)
    assert facts.variant == 1  # second interviewer of the round: other wording


def test_the_channel_follows_the_last_exchange_with_that_contact(tmp_path: Path) -> None:
    source = source_of(make_compose_db(tmp_path / "c.db"), "Initech")
    assert plan.plan_note(source, kind="follow_up").channel == "phone"
    assert source.follow_ups_sent == 2


def test_references_are_written_to_someone_outside_the_company(tmp_path: Path) -> None:
    source = source_of(make_fixed_db(tmp_path / "f.db"), "Hooli")
    chosen = plan.plan_note(source)
    assert (chosen.kind, chosen.contact_id) == ("reference_heads_up", None)


def test_an_application_with_nothing_due_gets_a_blank_note(tmp_path: Path) -> None:
    source = source_of(make_fixed_db(tmp_path / "f.db"), "Vandelay Industries")
    chosen = plan.plan_note(source)
    assert (chosen.kind, chosen.contact_id, chosen.action) == ("blank", None, None)


def test_the_action_a_note_answers_matches_its_kind_recipient_and_round(
        tmp_path: Path) -> None:
    source = source_of(make_compose_db(tmp_path / "c.db"), "Acme")
    dana = next(c for c in source.detail.contacts if c.name == "Dana Lee")
    raj = next(c for c in source.detail.contacts if c.name == "Raj Patel")
    opened = next(a for a in source.actions if a.kind == "thank_you" and a.contact_id == dana.id)
    # Opened for Dana's thank-you, but written to Raj: it answers Raj's.
    to_raj = plan.answered_action(source, "thank_you", raj.id, opened)
    assert to_raj is not None and to_raj.contact_id == raj.id
    # A call or a note to stay in touch is no thank-you.
    assert plan.answered_action(source, "stay_in_touch", dana.id, opened) is None
    answered = plan.answered_action(source, "call_script", dana.id, opened)
    assert answered is not None and answered.kind == "follow_up"
    assert plan.answered_action(source, "blank", dana.id, opened) is None
    assert plan.answered_action(source, "thank_you", None, opened) is None


def test_the_similar_check_reads_only_notes_to_other_people(tmp_path: Path) -> None:
    from datetime import datetime

    from tests.fixtures import app, make_db

    # Two applications at Acme, each with its own record of Dana; Raj only in one.
    people = [{"name": "Dana Lee", "email": "dana@acme.com", "main": True},
              {"name": "Raj Patel", "email": "raj@acme.com"}]
    rnd = [{"starts_at": "2026-11-20T14:00", "interviewers": ["Dana Lee", "Raj Patel"]}]
    path = make_db(tmp_path / "two.db", {"format": "afterview/1", "applications": [
        app("Acme", "Backend Engineer", "Interview", contacts=people, interviews=rnd),
        {**app("Acme", "Platform Engineer", "Interview", contacts=people, interviews=rnd),
         "id": "acme-2"}]})
    db = open_database(path)
    try:
        store = Store(db)
        first, second = sorted(store.applications(), key=lambda a: a.role)
        dana = next(c for c in store.detail(first.id).contacts if c.name == "Dana Lee")
        store.send_note(first.id, kind="thank_you", body="Dear Dana Lee, thank you.",
                        contact_id=dana.id, at=datetime(2026, 11, 20, 18))
        source = store.compose_source(second.id, TODAY)
    finally:
        db.close()
    by_name = {c.name: c.id for c in source.detail.contacts}

    def others(name: str) -> list[str]:
        ctx = plan.note_context(source, "thank_you", "email", by_name[name], None, None,
                                datetime(2026, 11, 20, 19), frozenset())
        return [o.to for o in ctx.other_notes]

    assert others("Dana Lee") == []  # the same person, under another application
    assert others("Raj Patel") == ["Dana Lee"]
