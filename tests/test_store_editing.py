"""The store's edits and deletes (issue 12, bug 2): each is one transaction that
recomputes what is due, and a failure half-way leaves nothing written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from storage.db import pending_actions
from storage.db.engine import open_database
from storage.db.store import Store
from storage.errors import ValidationError
from storage.interchange.afterview_json import export_document
from storage.rules.records import NewContact
from tests.fixtures import make_fixed_db

TODAY = date(2026, 11, 22)


@pytest.fixture
def fixed(new_db_target: Callable[[str], Path | str]) -> Iterator[Store]:
    db = open_database(make_fixed_db(new_db_target("fixed")))
    yield Store(db)
    db.close()


def app_id(store: Store, company: str) -> int:
    return next(a.id for a in store.applications() if a.company == company)


def due(store: Store, company: str) -> list[str]:
    return [item.title for item in store.actions_for(app_id(store, company), TODAY)]


def test_update_round_adds_a_typed_interviewer_and_their_thank_you(fixed: Store) -> None:
    acme = app_id(fixed, "Acme")
    [round_] = fixed.detail(acme).rounds
    fixed.update_round(round_.id, new_interviewers=[NewContact("Kim Park", email="k@acme.com")])
    assert "Thank-you note to Kim Park" in due(fixed, "Acme")
    detail = fixed.detail(acme)
    assert [p.name for p in detail.rounds[0].interviewers] == ["Dana Lee", "Kim Park"]
    assert [(c.name, c.is_main) for c in detail.contacts] == [("Dana Lee", True),
                                                              ("Kim Park", False)]


def test_update_round_refuses_an_unknown_kind_and_writes_nothing(fixed: Store) -> None:
    before = export_document(fixed.db)
    [round_] = fixed.detail(app_id(fixed, "Acme")).rounds
    with pytest.raises(ValidationError):
        fixed.update_round(round_.id, kind="séance", new_interviewers=[NewContact("Kim")])
    assert export_document(fixed.db) == before


def test_delete_round_takes_its_actions(fixed: Store) -> None:
    [round_] = fixed.detail(app_id(fixed, "Acme")).rounds
    fixed.delete_round(round_.id)
    assert due(fixed, "Acme") == []


def test_delete_the_main_contact_makes_the_next_one_main(fixed: Store) -> None:
    acme = app_id(fixed, "Acme")
    fixed.add_contact(acme, "Kim Park")
    dana = fixed.detail(acme).main_contact
    assert dana is not None and dana.name == "Dana Lee"
    fixed.delete_contact(dana.id)
    detail = fixed.detail(acme)
    assert [(c.name, c.is_main) for c in detail.contacts] == [("Kim Park", True)]
    assert detail.rounds[0].interviewers == ()
    assert not any("Dana Lee" in title for title in due(fixed, "Acme"))


def test_delete_a_contact_keeps_the_messages_to_them(fixed: Store) -> None:
    globex = app_id(fixed, "Globex")
    [sam] = fixed.detail(globex).contacts
    fixed.delete_contact(sam.id)
    [comm] = fixed.detail(globex).communications
    assert comm.kind == "thank_you" and comm.contact_id is None


def test_update_communication_follows_its_kind(fixed: Store) -> None:
    globex = app_id(fixed, "Globex")
    [comm] = fixed.detail(globex).communications
    assert "Thank-you note to Sam Ortiz" not in due(fixed, "Globex")
    fixed.update_communication(comm.id, at=comm.at, kind="response", channel="phone",
                               contact_id=comm.contact_id, summary="  They called  ")
    [changed] = fixed.detail(globex).communications
    assert (changed.direction, changed.kind, changed.channel, changed.summary) == (
        "in", "response", "phone", "They called")
    # The thank-you it was is gone: one is due again.
    assert "Thank-you note to Sam Ortiz" in due(fixed, "Globex")


def test_delete_communication_makes_what_it_answered_due(fixed: Store) -> None:
    globex = app_id(fixed, "Globex")
    [comm] = fixed.detail(globex).communications
    fixed.delete_communication(comm.id)
    assert fixed.detail(globex).communications == ()
    assert "Thank-you note to Sam Ortiz" in due(fixed, "Globex")


def test_update_and_delete_a_reminder(fixed: Store) -> None:
    umbrella = app_id(fixed, "Umbrella")
    reminder = fixed.add_custom_action(umbrella, "Reconnect", date(2026, 11, 25))
    fixed.update_custom_action(reminder.id, title="Ask about referrals", due_on=date(2026, 12, 1))
    [item] = fixed.actions_for(umbrella, TODAY)
    assert (item.reason, item.date) == ("Ask about referrals", date(2026, 12, 1))
    with pytest.raises(ValidationError):
        fixed.update_custom_action(reminder.id, title="  ", due_on=date(2026, 12, 1))
    fixed.delete_custom_action(reminder.id)
    assert fixed.actions_for(umbrella, TODAY) == []


class Injected(RuntimeError):
    pass


WRITES: dict[str, Callable[[Store], Any]] = {
    "update_round": lambda s: s.update_round(
        s.detail(app_id(s, "Acme")).rounds[0].id, new_interviewers=[NewContact("Kim")],
        starts_at=datetime(2026, 11, 19, 15)),
    "delete_round": lambda s: s.delete_round(s.detail(app_id(s, "Acme")).rounds[0].id),
    "delete_contact": lambda s: s.delete_contact(s.detail(app_id(s, "Acme")).contacts[0].id),
    "update_communication": lambda s: s.update_communication(
        s.detail(app_id(s, "Globex")).communications[0].id, at=datetime(2026, 11, 16, 18),
        kind="follow_up", channel="email", contact_id=None, summary="x"),
    "delete_communication": lambda s: s.delete_communication(
        s.detail(app_id(s, "Globex")).communications[0].id),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_each_edit_fails_whole(fixed: Store, monkeypatch: pytest.MonkeyPatch,
                               name: str) -> None:
    before = export_document(fixed.db)
    real = pending_actions.refresh

    def refresh_then_fail(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)  # the due actions recomputed, then the failure
        raise Injected(name)

    monkeypatch.setattr(pending_actions, "refresh", refresh_then_fail)
    with pytest.raises(Injected):
        WRITES[name](fixed)
    monkeypatch.undo()
    assert export_document(fixed.db) == before


def test_renaming_a_contact_to_another_contacts_name_is_refused(fixed: Store) -> None:
    acme = app_id(fixed, "Acme")
    kim = fixed.add_contact(acme, "Kim Park")
    with pytest.raises(ValidationError, match="already a contact"):
        fixed.update_contact(kim.id, name="dana lee")
    fixed.update_contact(kim.id, name="Kim Park-Lee")  # a new name is fine
    assert [c.name for c in fixed.detail(acme).contacts] == ["Dana Lee", "Kim Park-Lee"]
