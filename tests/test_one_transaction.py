"""One user action, one transaction: all of it is stored, or (on any error) none.

Each multi-row write is made to fail half-way (a function it calls after
writing some rows raises) and must leave the database as it was, compared
through a whole export.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from storage.db import pending_actions
from storage.db import store as store_module
from storage.db.engine import Database, open_database
from storage.db.store import Store
from storage.errors import ValidationError
from storage.interchange import afterview_json
from storage.interchange.afterview_json import export_document, import_document
from storage.interchange.demo import demo_document
from storage.rules.records import ActionRef, NewContact, NewRound
from tests.conftest import FROZEN_TODAY, run_cli

ROUND = datetime(2026, 11, 19, 14, 0)


class Injected(RuntimeError):
    """The failure a test injects half-way through a write."""


def export(db: Database) -> str:
    return json.dumps(export_document(db), sort_keys=True)


@pytest.fixture
def demo_store(db: Database) -> Store:
    import_document(db, demo_document(FROZEN_TODAY))
    return Store(db)


@pytest.fixture
def unchanged(demo_store: Store) -> Iterator[Store]:
    """The database must read the same after the test as before it."""
    before = export(demo_store.db)
    yield demo_store
    assert export(demo_store.db) == before


def fail_on_call(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, *,
                 call: int = 1, after: bool = False) -> list[int]:
    """Make ``owner.name`` raise on its ``call``-th call (after doing its work
    when ``after``); returns a list whose length counts the calls."""
    real: Callable[..., Any] = getattr(owner, name)
    calls: list[int] = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == call:
            if after:
                real(*args, **kwargs)
            raise Injected(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def interviewed(store: Store) -> int:
    """An open application with an interview round."""
    open_stages = {s.id for s in store.stages() if s.role == "open"}
    return next(a.id for a in store.applications()
                if a.stage_id in open_stages and store.detail(a.id).rounds)


# -- the command line -----------------------------------------------------------


def test_a_refused_add_leaves_the_database_byte_for_byte_unchanged(demo_db_path: Path) -> None:
    def exported() -> str:
        code, out, err = run_cli("--db", str(demo_db_path), "export")
        assert code == 0, err
        return out

    before = exported()
    code, out, err = run_cli("--db", str(demo_db_path), "add", "Acme", "Eng", "--interview",
                             "thu 2pm", "--with", "Dana Lee", "--with", "dana lee")
    assert code == 2
    assert "dana lee" in err and out == ""
    assert exported() == before


# -- the store's multi-row writes -------------------------------------------------


def test_a_new_application_with_contacts_and_a_round_is_one_write(store: Store) -> None:
    app = store.add_application(
        "Acme", "Engineer", applied_on=date(2026, 11, 1),
        contacts=[NewContact("Dana Lee", email="dana@acme.com"), NewContact("Sam Ortiz")],
        first_round=NewRound(ROUND, kind="onsite", interviewers=("dana lee", "Sam Ortiz"),
                             decision_expected_on=date(2026, 11, 27)))
    detail = store.detail(app.id)
    assert [(c.name, c.is_main) for c in detail.contacts] == [("Dana Lee", True),
                                                             ("Sam Ortiz", False)]
    [round_] = detail.rounds
    assert round_.kind == "onsite" and round_.decision_expected_on == date(2026, 11, 27)
    assert [p.name for p in round_.interviewers] == ["Dana Lee", "Sam Ortiz"]
    assert app.stage_name == "Screen"  # an interview: the open stage after the first
    assert {i.kind for i in store.actions_for(app.id, FROZEN_TODAY)} >= {"thank_you"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"contacts": [NewContact("Dana Lee"), NewContact("DANA LEE")]}, "listed twice"),
    ({"contacts": [NewContact("Dana Lee", email="dana at acme")]}, "not an address"),
    ({"contacts": [NewContact("  ")]}, "name: required"),
    ({"first_round": NewRound(ROUND, interviewers=("Nobody",))}, "not among the contacts"),
    ({"first_round": NewRound(ROUND, decision_expected_on=date(2026, 11, 1))},
     "before the interview"),
    ({"first_round": NewRound(ROUND, ends_at=datetime(2026, 11, 19, 13))}, "end"),
    ({"first_round": NewRound(ROUND, kind="karaoke")}, "kind"),
    ({"stage": "Nowhere"}, "does not exist"),
    ({"stage": "Offer", "stage_id": 1}, "not both"),
])
def test_a_refused_new_application_writes_nothing(unchanged: Store, kwargs: dict[str, Any],
                                                  message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        unchanged.add_application("Acme", "Engineer", **kwargs)


def test_new_application_with_contacts_and_round_fails_whole(
        unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = fail_on_call(monkeypatch, pending_actions, "refresh")
    with pytest.raises(Injected):
        unchanged.add_application("Initrode", "Engineer", contacts=[NewContact("Dana Lee")],
                                  first_round=NewRound(ROUND, interviewers=("Dana Lee",)))
    assert calls


def test_new_application_with_its_first_contact_fails_whole(
        unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The board's "new application" form, with its main contact.
    calls = fail_on_call(monkeypatch, pending_actions, "refresh")
    with pytest.raises(Injected):
        unchanged.add_application("Initrode", "Engineer", stage_id=unchanged.stages()[0].id,
                                  contacts=[NewContact("Dana Lee", email="dana@initrode.com")])
    assert calls


def test_add_words_fails_whole(unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The store's own reference to it: imported by name.
    calls = fail_on_call(monkeypatch, store_module, "write_settings", after=True)
    with pytest.raises(Injected):
        unchanged.add_words(["kubectl", "Postgres"])
    assert calls


def test_add_words_loses_no_word_another_process_adds_meanwhile(
        db_target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = open_database(db_target), open_database(db_target)
    mine, theirs = Store(first), Store(second)
    real = store_module.read_settings
    other: list[threading.Thread] = []

    def read_then_let_the_other_write(s: Any) -> Any:
        settings = real(s)
        if not other and threading.current_thread() is threading.main_thread():
            # Another writer, between our read of the word list and our write.
            other.append(threading.Thread(target=theirs.add_words, args=(["Postgres"],)))
            other[0].start()
            other[0].join(timeout=0.5)
        return settings

    monkeypatch.setattr(store_module, "read_settings", read_then_let_the_other_write)
    try:
        mine.add_words(["kubectl"])
        other[0].join()
        assert set(Store(first).settings().word_list) == {"kubectl", "Postgres"}
    finally:
        first.close()
        second.close()


def test_import_fails_whole(unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = demo_document(FROZEN_TODAY, applications=30, seed=11)
    doc["settings"] = {"your_name": "Someone Else"}
    for app in doc["applications"]:
        app.pop("id", None)
    calls = fail_on_call(monkeypatch, afterview_json, "_insert_apps", after=True)
    with pytest.raises(Injected):
        import_document(unchanged.db, doc)
    assert calls


def test_send_note_fails_whole(unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = unchanged
    # Logging the note does not resolve "tell your references": completing it does.
    item = next(i for i in store.agenda(None, None, FROZEN_TODAY) if i.kind == "references")
    # The first refresh follows the note and its logged message; the second,
    # completing the action, fails.
    calls = fail_on_call(monkeypatch, pending_actions, "refresh", call=2)
    with pytest.raises(Injected):
        store.send_note(item.application_id, kind="reference_heads_up", body="Dear Pat,",
                        at=datetime(2026, 11, 22, 9), action=ActionRef.of(item))
    assert len(calls) == 2


def test_log_call_fails_whole(unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = unchanged
    acme = interviewed(store)
    calls = fail_on_call(monkeypatch, pending_actions, "refresh")
    with pytest.raises(Injected):
        store.log_call(acme, at=datetime(2026, 11, 23, 10), answered=True, note="Next week",
                       new_decision_on=date(2026, 12, 4), script="Hello")
    assert calls


def test_move_fails_whole(unchanged: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = unchanged
    acme = interviewed(store)
    offer = next(s.id for s in store.stages() if s.role == "offer")
    calls = fail_on_call(monkeypatch, pending_actions, "refresh")
    with pytest.raises(Injected):
        store.move_card(acme, offer)
    assert calls


def test_close_with_a_reminder_fails_whole(unchanged: Store,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = unchanged
    acme = interviewed(store)
    calls = fail_on_call(monkeypatch, pending_actions, "refresh")
    with pytest.raises(Injected):
        store.close_card(acme, "rejected", reconnect_on=date(2027, 2, 22))
    assert calls
