"""The composer does what the note says (issue 12): mark as sent answers the
action that matches the note actually sent, a call script with an unfilled
slot asks first, a chosen template gives the keys back to the body, and the
screen stays usable from 40×12 up."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select, Static, TextArea

from tests.conftest import run_app, settle, wait_until
from tests.fixtures import app as application
from tests.fixtures import make_compose_db, make_db
from tests.helpers import go_to, running
from tests.test_composer import choose_template, composer, open_on, read, type_text
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import CallOutcomeForm, ConfirmScreen

#: Dana was thanked and followed up once: her second follow-up is overdue
#: (today is Sun 22 Nov 2026).
SECOND_DUE = {
    "format": "afterview/1",
    "settings": {"your_name": "Alex Rivera"},
    "applications": [
        application("Acme", "Backend Engineer", "Interview", company_domain="acme.com",
                    contacts=[{"name": "Dana Lee", "title": "Engineering Manager",
                               "email": "dana@acme.com", "main": True}],
                    interviews=[{"starts_at": "2026-10-26T10:00",
                                 "ends_at": "2026-10-26T11:00",
                                 "interviewers": ["Dana Lee"],
                                 "talking_points": "the billing rewrite"}],
                    communications=[
                        {"at": "2026-10-26T17:00", "direction": "out", "kind": "thank_you",
                         "contact": "Dana Lee"},
                        {"at": "2026-11-03T09:00", "direction": "out", "kind": "follow_up",
                         "contact": "Dana Lee"}]),
    ],
}


@pytest.fixture
def compose_db(tmp_path: Path) -> Path:
    return make_compose_db(tmp_path / "compose.db")


async def test_a_stay_in_touch_note_sent_instead_of_the_second_follow_up_completes_nothing(
        tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "second.db", SECOND_DUE)
    async with running(db_path) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "write a note to dana")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert composer(app).title == "Second follow-up to Dana Lee"
        await choose_template(pilot, "Staying in touch")
        await pilot.press("ctrl+n")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen | ConfirmScreen)
    detail, actions = read(db_path, "Acme")
    assert [(c.kind, c.channel, c.contact_name) for c in detail.communications
            if c.direction == "out"][-1] == ("other", "email", "Dana Lee")
    # The note was not a follow-up: the follow-up is still owed, nobody moved on.
    assert "second_follow_up Dana Lee" in actions
    assert "move_on None" not in actions
    assert detail.overrides == ()


async def test_a_call_script_with_a_slot_left_asks_first_and_leaves_the_thank_you_due(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")  # Dana's thank-you
        await choose_template(pilot, "Phone call script")
        assert "[their phone number]" in composer(app).query_one("#body", TextArea).text
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CallOutcomeForm)
        await pilot.press("tab")  # answered: yes → the date, left empty
        await pilot.press("tab")
        await type_text(pilot, "Still deciding")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen | CallOutcomeForm)
    detail, actions = read(compose_db, "Acme")
    assert [(c.kind, c.channel) for c in detail.communications if c.direction == "out"] == [
        ("follow_up", "phone")]
    # A call is not a thank-you: both are still owed, and nothing was marked done.
    assert "thank_you Dana Lee" in actions
    assert "thank_you Raj Patel" in actions
    assert not [o for o in detail.overrides if o.kind == "thank_you"]


async def test_refusing_the_call_script_confirmation_logs_no_call(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        await open_on(app, pilot, "Acme")
        await choose_template(pilot, "Phone call script")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ComposerScreen)
    detail, actions = read(compose_db, "Acme")
    assert not [c for c in detail.communications if c.direction == "out"]
    assert "thank_you Dana Lee" in actions


async def test_a_thank_you_to_the_other_interviewer_completes_hers_not_danas(
        compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")  # opened for Dana's thank-you
        raj = next(c for c in screen.source.detail.contacts if c.name == "Raj Patel")
        screen.query_one("#recipient", Select).value = raj.id
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await settle(pilot)
        assert not isinstance(app.screen, ComposerScreen | ConfirmScreen)
    detail, actions = read(compose_db, "Acme")
    assert [(c.kind, c.contact_name) for c in detail.communications
            if c.direction == "out"] == [("thank_you", "Raj Patel")]
    assert "thank_you Dana Lee" in actions
    assert "thank_you Raj Patel" not in actions


async def test_after_choosing_a_template_typing_goes_to_the_body(compose_db: Path) -> None:
    async with running(compose_db) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        await choose_template(pilot, "First follow-up")
        area = screen.query_one("#body", TextArea)
        await wait_until(pilot, lambda: area.has_focus, "the body to have the focus back")
        before = area.text
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is screen  # "t" did not switch to Today
        assert len(area.text) == len(before) + 1 and "t" in area.text


def _inside(screen: ComposerScreen, selector: str) -> bool:
    return screen.region.contains_region(screen.query_one(selector).region)


@pytest.mark.parametrize(("size", "text_rows"), [((40, 12), 5), ((80, 24), 12)])
async def test_the_composer_fits_small_screens_with_a_usable_body(
        compose_db: Path, size: tuple[int, int], text_rows: int) -> None:
    async with run_app(compose_db, show="board", size=size) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("w")
        await settle(pilot)
        screen = composer(app)
        area = screen.query_one("#body", TextArea)
        assert area.has_focus
        # The body shows several lines of the letter, not one or none.
        assert area.content_region.height >= text_rows
        label = screen.query_one("#recipient SelectCurrent #label")
        assert label.region.height == 1  # "Dana Lee (Engineering Manager)" on one line
        for part in ("#recipient", "#channel", "#template", "#subject", "#body",
                     "#checks-title", "#composer-status"):
            assert _inside(screen, part), f"{part} is off the screen"
        # Typing reaches the body and shows there.
        await type_text(pilot, "Hi ")
        await settle(pilot)
        assert area.text.startswith("Hi Dear Dana Lee,")


async def test_on_a_narrow_screen_ctrl_k_unfolds_the_checks(compose_db: Path) -> None:
    async with run_app(compose_db, show="board", size=(40, 12)) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("w")
        await settle(pilot)
        screen = composer(app)
        checks = screen.query_one("#checks")
        assert not checks.display  # folded to the summary line
        assert "1 error" in str(screen.query_one("#checks-title", Static).render())
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert checks.has_focus and checks.region.height >= 3
        await pilot.press("tab")
        await settle(pilot)
        await wait_until(pilot, lambda: not checks.display, "the checks to fold again")


FOUR = {
    "format": "afterview/1",
    "settings": {"your_name": "Alex Rivera"},
    "applications": [
        application("Acme", "Backend Engineer", "Interview", company_domain="acme.com",
                    contacts=[{"name": n, "title": t, "email": f"{n.split()[0].lower()}@acme.com",
                               "main": i == 0}
                              for i, (n, t) in enumerate([
                                  ("Dana Lee", "Engineering Manager"),
                                  ("Raj Patel", "Staff Engineer"),
                                  ("Kim Wu", "Product Manager"),
                                  ("Sofia Marquez", "Principal Engineer")])],
                    interviews=[{"starts_at": "2026-11-20T14:00", "ends_at": "2026-11-20T17:00",
                                 "interviewers": ["Dana Lee", "Raj Patel", "Kim Wu",
                                                  "Sofia Marquez"],
                                 "talking_points": "Their move to Postgres; the on-call rotation",
                                 "decision_expected_on": "2026-11-27"}]),
    ],
}


async def test_the_fourth_interviewers_draft_is_not_like_the_notes_already_sent(
        tmp_path: Path) -> None:
    from datetime import date, datetime

    from storage.db.engine import open_database
    from storage.db.store import Store
    from tui.composer import plan
    from tui.composer.templates import fill

    db_path = make_db(tmp_path / "four.db", FOUR)
    db = open_database(db_path)
    try:
        store = Store(db)
        app_id = store.applications()[0].id
        source = store.compose_source(app_id, date(2026, 11, 22))
        # The first three thank-yous went out as Afterview drafted them.
        for person in source.detail.contacts[:3]:
            item = next(a for a in source.actions if a.contact_id == person.id)
            draft = fill("thank_you", plan.note_facts(source, "thank_you", person.id, item))
            store.send_note(app_id, kind="thank_you", body=draft.body, subject=draft.subject,
                            contact_id=person.id, at=datetime(2026, 11, 20, 18))
    finally:
        db.close()
    async with running(db_path) as (app, pilot):
        screen = await open_on(app, pilot, "Acme")
        assert screen.title == "Thank-you note to Sofia Marquez"
        assert "similar" not in {f.id for f in screen.findings}
        assert not [f for f in screen.findings if f.severity != "hint"], screen.findings


async def test_the_reference_heads_up_does_not_flag_the_name_it_put_in(tmp_path: Path) -> None:
    db_path = make_db(tmp_path / "refs.db", {
        "format": "afterview/1", "settings": {"your_name": "Alex Rivera"},
        "applications": [application(
            "Hooli", "Site Reliability Engineer", "Offer",
            references_requested_on="2026-11-22",
            contacts=[{"name": "Xochitl Zbigniewska", "email": "xz@hooli.com",
                       "main": True}])]})
    async with running(db_path) as (app, pilot):
        screen = await open_on(app, pilot, "Hooli")
        body = screen.query_one("#body", TextArea).text
        assert "Xochitl Zbigniewska" in body
        assert "spelling" not in {f.id for f in screen.findings}, screen.findings
