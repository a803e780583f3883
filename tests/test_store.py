"""The store API and every model relation, on a real SQLite file."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from storage.db.models import (
    ActionOverride,
    Application,
    Communication,
    Contact,
    Interview,
    Note,
    StageChange,
)
from storage.db.store import DEFAULT_STAGES, Store
from storage.errors import NotFoundError, ValidationError
from storage.rules.records import ApplicationRec

ROUND_START = datetime(2026, 11, 19, 14, 0)  # naive = local wall time


@pytest.fixture
def acme(store: Store) -> ApplicationRec:
    return store.add_application("Acme", "Backend Engineer", stage="Interview",
                                 applied_on=date(2026, 11, 1), company_domain="acme.com")


def test_new_database_has_the_default_stages(store: Store) -> None:
    stages = store.stages()
    assert [(s.name, s.role) for s in stages] == list(DEFAULT_STAGES)
    assert [s.name for s in stages if s.closed] == ["Closed"]
    assert [s.position for s in stages] == list(range(len(DEFAULT_STAGES)))


def test_records_are_frozen(acme: ApplicationRec) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        acme.role = "Other"  # type: ignore[misc]


def test_add_application_records_company_stage_and_history(store: Store,
                                                           acme: ApplicationRec) -> None:
    assert (acme.company, acme.company_domain, acme.stage_name) == ("Acme", "acme.com",
                                                                     "Interview")
    detail = store.detail(acme.id)
    assert [h.stage_name for h in detail.history] == ["Interview"]
    # The same company (any case) is reused, not duplicated.
    second = store.add_application("ACME", "Data Engineer")
    assert second.company == "Acme"
    assert second.stage_name == "Applied"


def test_missing_company_or_role_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="company: required"):
        store.add_application("  ", "Role")
    with pytest.raises(ValidationError, match="stage 'Nowhere' does not exist"):
        store.add_application("Acme", "Role", stage="Nowhere")


def test_new_cards_go_on_top_of_their_column(store: Store) -> None:
    first = store.add_application("A", "r")
    second = store.add_application("B", "r")
    order = [a.company for a in store.applications()]
    assert order == ["B", "A"]
    assert second.position < first.position


def test_move_to_stage_stores_history_and_outcome(store: Store, acme: ApplicationRec) -> None:
    stages = {s.name: s for s in store.stages()}
    store.move_to_stage(acme.id, stages["Final round"].id)
    closed = store.close_application(acme.id, "rejected", reconnect_on=date(2027, 2, 22))
    assert closed.stage_name == "Closed"
    assert closed.outcome == "rejected"
    detail = store.detail(acme.id)
    assert [h.stage_name for h in detail.history] == ["Interview", "Final round", "Closed"]
    assert [(c.title, c.due_on) for c in detail.custom_actions] == [
        ("Reconnect with Acme", date(2027, 2, 22))]
    with pytest.raises(ValidationError, match="outcome"):
        store.move_to_stage(acme.id, stages["Closed"].id, outcome="ghosted")


def test_swap_positions_reorders_a_column(store: Store) -> None:
    a = store.add_application("A", "r")
    b = store.add_application("B", "r")
    store.swap_positions(a.id, b.id)
    assert [x.company for x in store.applications()] == ["A", "B"]
    other = store.add_application("C", "r", stage="Offer")
    with pytest.raises(ValidationError, match="same column"):
        store.swap_positions(a.id, other.id)


def test_contacts_one_main(store: Store, acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee", title="EM", email="dana@acme.com")
    assert dana.is_main  # the first contact is the main one
    sam = store.add_contact(acme.id, "Sam Ortiz", main=True)
    contacts = {c.name: c for c in store.detail(acme.id).contacts}
    assert contacts["Sam Ortiz"].is_main and not contacts["Dana Lee"].is_main
    store.update_contact(dana.id, main=True, phone=" 555 ")
    contacts = {c.name: c for c in store.detail(acme.id).contacts}
    assert contacts["Dana Lee"].is_main and contacts["Dana Lee"].phone == "555"
    assert not contacts["Sam Ortiz"].is_main
    assert sam.id != dana.id
    with pytest.raises(ValidationError, match="not an address"):
        store.add_contact(acme.id, "X", email="not an email")


def test_round_with_interviewers(store: Store, acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee")
    sam = store.add_contact(acme.id, "Sam Ortiz")
    later = store.add_round(acme.id, datetime(2026, 11, 26, 10), interviewer_ids=[sam.id])
    first = store.add_round(acme.id, ROUND_START, interviewer_ids=[dana.id, sam.id],
                            talking_points=" Kafka migration ",
                            decision_expected_on=date(2026, 11, 27))
    # Numbers follow time, not entry order: the earlier round becomes round 1.
    assert later.number == 1 and first.number == 1
    assert [p.name for p in first.interviewers] == ["Dana Lee", "Sam Ortiz"]
    assert first.talking_points == "Kafka migration"
    # Stored as UTC, read back as the same instant.
    assert first.starts_at == ROUND_START.astimezone()
    assert first.starts_at.tzinfo is UTC
    rounds = store.detail(acme.id).rounds
    assert [(r.number, r.id) for r in rounds] == [(1, first.id), (2, later.id)]
    updated = store.update_round(first.id, interviewer_ids=[dana.id], kind="onsite")
    assert [p.name for p in updated.interviewers] == ["Dana Lee"] and updated.kind == "onsite"


def test_round_validation(store: Store, acme: ApplicationRec) -> None:
    with pytest.raises(ValidationError, match="decision date: it is before the interview"):
        store.add_round(acme.id, ROUND_START, decision_expected_on=date(2026, 11, 18))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        store.add_round(acme.id, ROUND_START, ends_at=datetime(2026, 11, 19, 13))
    other = store.add_application("Other", "r")
    stranger = store.add_contact(other.id, "Stranger")
    with pytest.raises(ValidationError, match="not a contact of this application"):
        store.add_round(acme.id, ROUND_START, interviewer_ids=[stranger.id])


def test_communications_inbound_is_a_response(store: Store, acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee")
    sent = store.log_communication(acme.id, at=datetime(2026, 11, 19, 18), direction="out",
                                   kind="thank_you", contact_id=dana.id, summary="thanks")
    heard = store.log_communication(acme.id, at=datetime(2026, 11, 20, 9), direction="in",
                                    kind="other", contact_id=dana.id)
    assert sent.contact_name == "Dana Lee"
    assert heard.kind == "response"
    assert [c.kind for c in store.detail(acme.id).communications] == ["thank_you", "response"]
    with pytest.raises(ValidationError, match="channel"):
        store.log_communication(acme.id, at=ROUND_START, direction="out", kind="other",
                                channel="pigeon")


def test_notes_drafts_update_in_place(store: Store, acme: ApplicationRec) -> None:
    draft = store.save_note(acme.id, kind="thank_you", body="Dear Dana")
    again = store.save_note(acme.id, kind="thank_you", body="Dear Dana, thank you",
                            subject="Thanks", note_id=draft.id)
    assert again.id == draft.id
    assert [n.body for n in store.drafts(acme.id)] == ["Dear Dana, thank you"]


def test_overrides_are_one_per_action(store: Store, acme: ApplicationRec) -> None:
    round_ = store.add_round(acme.id, ROUND_START)
    store.set_override(acme.id, "follow_up", interview_id=round_.id,
                       snoozed_to=date(2026, 12, 1))
    store.set_override(acme.id, "follow_up", interview_id=round_.id, done_on=date(2026, 12, 2))
    overrides = store.detail(acme.id).overrides
    assert len(overrides) == 1
    assert (overrides[0].snoozed_to, overrides[0].done_on) == (None, date(2026, 12, 2))
    with pytest.raises(ValidationError, match="one of"):
        store.set_override(acme.id, "follow_up", interview_id=round_.id)
    store.clear_override(overrides[0].id)
    assert store.detail(acme.id).overrides == ()


def test_settings_round_trip_and_validation(store: Store) -> None:
    assert store.settings().first_follow_up_business_days == 5
    new = store.update_settings(holidays=["2026-12-25"], first_follow_up_business_days=7)
    assert new.holidays == (date(2026, 12, 25),)
    assert store.settings() == new
    assert not new.calendar.is_business_day(date(2026, 12, 25))
    with pytest.raises(ValidationError, match=r"settings.workdays\[0\]"):
        store.update_settings(workdays=[9])
    with pytest.raises(ValidationError, match=r"settings\.colour: unknown setting"):
        store.update_settings(colour="red")


def test_deleting_an_application_cascades(store: Store, db: object,
                                          acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee")
    round_ = store.add_round(acme.id, ROUND_START, interviewer_ids=[dana.id])
    store.log_communication(acme.id, at=ROUND_START, direction="out", kind="other")
    store.save_note(acme.id, kind="blank", body="x")
    store.set_override(acme.id, "thank_you", interview_id=round_.id, contact_id=dana.id,
                       done_on=date(2026, 11, 20))
    store.delete_application(acme.id)
    with db.session() as s:  # type: ignore[attr-defined]
        for model in (Application, Contact, Interview, Communication, Note, ActionOverride,
                      StageChange):
            assert s.scalars(select(model)).all() == [], model.__name__
    with pytest.raises(NotFoundError):
        store.detail(acme.id)


def test_orm_relations_navigate_both_ways(store: Store, db: object,
                                          acme: ApplicationRec) -> None:
    dana = store.add_contact(acme.id, "Dana Lee")
    store.add_round(acme.id, ROUND_START, interviewer_ids=[dana.id])
    store.log_communication(acme.id, at=ROUND_START, direction="out", kind="thank_you",
                            contact_id=dana.id)
    with db.session() as s:  # type: ignore[attr-defined]
        app = s.get(Application, acme.id)
        assert app is not None
        assert app.company.applications == [app]
        assert app.stage.name == "Interview"
        assert app.interviews[0].interviewers[0].application is app
        assert app.communications[0].contact is app.contacts[0]
        assert app.stage_history[0].stage is app.stage


def test_counts(store: Store, acme: ApplicationRec) -> None:
    store.add_contact(acme.id, "Dana Lee")
    assert store.counts()["applications"] == 1
    assert store.counts()["contacts"] == 1
