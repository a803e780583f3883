"""The store's note writes: send_note, log_call, add_words (one transaction each)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from storage.errors import ValidationError
from storage.rules.records import ActionRef
from tests.fixtures import make_compose_db

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def acme(new_db_target):  # type: ignore[no-untyped-def]
    db = open_database(make_compose_db(new_db_target("c")))
    store = Store(db)
    app = next(a for a in store.applications() if a.company == "Acme")
    yield store, app.id
    db.close()


def test_send_note_turns_the_draft_into_a_sent_note_and_logs_it(acme) -> None:  # type: ignore[no-untyped-def]
    store, app_id = acme
    dana = store.detail(app_id).main_contact.id
    draft = store.save_note(app_id, kind="thank_you", body="Thanks", contact_id=dana)
    sent = store.send_note(app_id, kind="thank_you", body="Thanks!", subject="Thank you",
                           contact_id=dana, note_id=draft.id, at=NOW)
    assert (sent.id, sent.status, sent.body) == (draft.id, "sent", "Thanks!")
    detail = store.detail(app_id)
    assert [(c.kind, c.summary) for c in detail.communications] == [("thank_you", "Thank you")]
    assert store.drafts(app_id) == []


def test_a_bad_send_writes_nothing(acme) -> None:  # type: ignore[no-untyped-def]
    store, app_id = acme
    with pytest.raises(ValidationError):
        store.send_note(app_id, kind="nonsense", body="x", at=NOW)
    with pytest.raises(ValidationError):
        store.send_note(app_id, kind="blank", body="x", channel="pigeon", at=NOW)
    assert store.detail(app_id).notes == () and store.detail(app_id).communications == ()


def test_an_action_the_log_does_not_resolve_is_marked_done(acme) -> None:  # type: ignore[no-untyped-def]
    store, app_id = acme
    reminder = store.add_custom_action(app_id, "Reconnect", TODAY)
    item = next(a for a in store.actions_for(app_id, TODAY) if a.kind == "custom")
    store.send_note(app_id, kind="stay_in_touch", body="Hello", at=NOW,
                    action=ActionRef.of(item))
    assert not [a for a in store.actions_for(app_id, TODAY) if a.kind == "custom"]
    assert store.detail(app_id).custom_actions[0].id == reminder.id
    assert store.detail(app_id).custom_actions[0].done_on == TODAY


def test_log_call_refuses_a_decision_date_before_the_round_and_writes_nothing(acme) -> None:  # type: ignore[no-untyped-def]
    store, app_id = acme
    with pytest.raises(ValidationError):
        store.log_call(app_id, at=NOW, answered=True, new_decision_on=date(2026, 11, 1))
    assert store.detail(app_id).communications == ()
    assert store.detail(app_id).rounds[0].decision_expected_on == date(2026, 11, 27)


def test_add_words_extends_the_word_list_once(acme) -> None:  # type: ignore[no-untyped-def]
    store, _ = acme
    store.add_words(["Postgres"])
    store.add_words(["Postgres", "kubectl"])
    assert store.settings().word_list == ("kubectl", "Postgres")
