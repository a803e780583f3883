"""Everything the user can create can be edited and deleted from the details
screen (issue 12, bugs 2 and 3): `l` lists the application's records, `enter`
edits one, `d` deletes it after a confirmation; `a` with a known name offers
to update that contact."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from tests.conftest import settle, wait_until
from tests.helpers import db_detail, notifications, open_details, running
from tui.app import AfterviewApp
from tui.modals.forms import FormScreen
from tui.modals.note_forms import ConfirmScreen
from tui.modals.picker import RecordPicker, describe
from tui.screens.details import DetailsScreen


def section(app: AfterviewApp, name: str) -> str:
    return str(app.screen.query_one(f"#{name}", Static).render())


async def pick(app: AfterviewApp, pilot: Pilot[None], starts: str, key: str = "enter") -> None:
    """`l`, arrows down to the record whose line starts with ``starts``, then ``key``."""
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(app.screen, RecordPicker), "the picker")
    picker = app.screen
    assert isinstance(picker, RecordPicker)
    for _ in range(40):
        record = picker.highlighted_record
        if record is not None and describe(record).startswith(starts):
            break
        await pilot.press("down")
    else:
        raise AssertionError(f"no record starting {starts!r} in the picker")
    await pilot.press(key)
    await settle(pilot)


async def type_into(app: AfterviewApp, pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field, clear it and type, as a person does."""
    field = app.screen.query_one(selector, Input)
    field.focus()
    await pilot.press("end", "ctrl+u", *text)


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


# -- contacts ------------------------------------------------------------------------


async def test_editing_a_contacts_email_and_title_resolves_get_their_card(
        fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Globex")
        assert "Get Sam Ortiz's card" in section(app, "nudges")
        await pick(app, pilot, "Contact Sam Ortiz")
        assert isinstance(app.screen, FormScreen)
        await type_into(app, pilot, "#title", "Analytics Lead")
        await type_into(app, pilot, "#email", "sam@globex.com")
        await save(pilot)
        assert isinstance(app.screen, DetailsScreen)
        await wait_until(pilot, lambda: "sam@globex.com" in section(app, "contacts"),
                         "the contact shown with their email")
        assert "Get Sam Ortiz's card" not in section(app, "nudges")
    [sam] = db_detail(fixed_db, "Globex").contacts
    assert (sam.email, sam.title) == ("sam@globex.com", "Analytics Lead")


async def test_adding_a_known_name_offers_to_update_them(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Globex")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"sam ortiz")
        await type_into(app, pilot, "#email", "sam@globex.com")
        await save(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        # No: the form comes back as it was typed, email included.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#email", Input).value == "sam@globex.com"
        await save(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
    [sam] = db_detail(fixed_db, "Globex").contacts
    assert (sam.name, sam.email) == ("Sam Ortiz", "sam@globex.com")


async def test_make_another_contact_the_main_one(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Kim Park")
        app.screen.query_one("#main", Checkbox).focus()
        await pilot.press("space")
        await save(pilot)
    contacts = {c.name: c.is_main for c in db_detail(fixed_db, "Acme").contacts}
    assert contacts == {"Dana Lee": False, "Kim Park": True}


# -- rounds ----------------------------------------------------------------------------


async def test_adding_a_forgotten_interviewer_makes_their_thank_you_due(
        fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        assert "Thank-you note to Kim Park" not in section(app, "due")
        await pick(app, pilot, "Round 1")
        assert isinstance(app.screen, FormScreen)
        # The form holds the round as logged.
        assert app.screen.query_one("#starts Input", Input).value == "2026-11-19 14:00"
        await type_into(app, pilot, "#new_people", "Kim Park <kim@acme.com>")
        await type_into(app, pilot, "#unfinished", "send the load test numbers")
        await save(pilot)
        await wait_until(pilot, lambda: "Thank-you note to Kim Park" in section(app, "due"),
                         "a thank-you to the added interviewer")
        assert "Thank-you note to Dana Lee" in section(app, "due")
    [round_] = db_detail(fixed_db, "Acme").rounds
    assert [p.name for p in round_.interviewers] == ["Dana Lee", "Kim Park"]
    assert round_.unfinished_business == "send the load test numbers"
    assert round_.starts_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-11-19 14:00"


async def test_unticking_an_interviewer_takes_their_thank_you_away(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pick(app, pilot, "Round 1")
        app.screen.query_one("#people").focus()
        await pilot.press("space")  # Dana Lee, ticked as logged: now unticked
        await save(pilot)
        await wait_until(pilot, lambda: "Thank-you note to Dana Lee" not in section(app, "due"),
                         "the thank-you to the unticked interviewer gone")
    [round_] = db_detail(fixed_db, "Acme").rounds
    assert round_.interviewers == ()


# -- deletes: each asks first, and "no" changes nothing ---------------------------------


DELETES = [
    # (company, the picker line, what is left afterwards)
    ("Acme", "Round 1", lambda d: len(d.rounds)),
    ("Acme", "Contact Dana Lee", lambda d: len(d.contacts)),
    ("Globex", "Message", lambda d: len(d.communications)),
]


@pytest.mark.parametrize(("company", "line", "count"), DELETES,
                         ids=["round", "contact", "message"])
async def test_a_delete_asks_first_and_no_keeps_it(fixed_db: Path, company: str, line: str,
                                                   count: object) -> None:
    before = count(db_detail(fixed_db, company))  # type: ignore[operator]
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, company)
        await pick(app, pilot, line, key="d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        assert count(db_detail(fixed_db, company)) == before  # type: ignore[operator]
        await pick(app, pilot, line, key="d")
        await pilot.press("y")
        await settle(pilot)
    assert count(db_detail(fixed_db, company)) == before - 1  # type: ignore[operator]


async def test_deleting_a_round_takes_its_actions_away(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        assert "Thank-you note to Dana Lee" in section(app, "due")
        await pick(app, pilot, "Round 1", key="d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await wait_until(pilot, lambda: "Nothing pending" in section(app, "due"),
                         "the round's thank-you and follow-ups gone")
        assert "No rounds yet" in section(app, "rounds")


async def test_deleting_a_contact_takes_the_actions_owed_to_them(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pick(app, pilot, "Contact Dana Lee", key="d")
        await pilot.press("y")
        await settle(pilot)
        await wait_until(pilot, lambda: "Dana Lee" not in section(app, "due"),
                         "no action owed to the deleted contact")
    detail = db_detail(fixed_db, "Acme")
    assert detail.contacts == () and detail.rounds[0].interviewers == ()


async def test_deleting_the_thank_you_logged_makes_it_due_again(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Globex")
        assert "Thank-you note to Sam Ortiz" not in section(app, "due")
        await pick(app, pilot, "Message", key="d")
        await pilot.press("y")
        await wait_until(pilot, lambda: "Thank-you note to Sam Ortiz" in section(app, "due"),
                         "the thank-you due again")


async def test_deleting_the_application_asks_and_goes_back(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Vandelay Industries")
        await pick(app, pilot, "The application", key="d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        await pick(app, pilot, "The application", key="d")
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, DetailsScreen)
        shown = notifications(app)
        assert any("Deleted Vandelay Industries" in n for n in shown), shown
        assert not any("no longer exists" in n for n in shown), shown
    with pytest.raises(StopIteration):
        db_detail(fixed_db, "Vandelay Industries")


# -- messages and reminders -------------------------------------------------------------


async def test_edit_a_logged_message(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Globex")
        await pick(app, pilot, "Message")
        assert isinstance(app.screen, FormScreen)
        await type_into(app, pilot, "#summary", "Thanks for the SQL walkthrough")
        await save(pilot)
        await wait_until(pilot, lambda: "SQL walkthrough" in section(app, "timeline"),
                         "the edited message in the timeline")
    [comm] = db_detail(fixed_db, "Globex").communications
    assert comm.summary == "Thanks for the SQL walkthrough" and comm.kind == "thank_you"


async def test_m_on_the_details_sets_a_reminder_of_your_own(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Umbrella")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the reminder form")
        assert "A reminder of your own" in str(app.screen.query_one("#form-title",
                                                                    Static).render())
        # Typing starts in the first field; the day is filled in (a week on).
        await pilot.press(*"Ask Alice about referrals")
        await save(pilot)
        assert isinstance(app.screen, DetailsScreen)
        await wait_until(pilot, lambda: "Ask Alice about referrals" in section(app, "due"),
                         "the new reminder among what is due")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the form again")
        await save(pilot)  # no title: refused under its field, nothing written
        assert isinstance(app.screen, FormScreen)
        assert "Say what to do" in str(app.screen.query_one("#reminder_title-error",
                                                            Static).render())
        await pilot.press("escape")
        await settle(pilot)
    [reminder] = db_detail(fixed_db, "Umbrella").custom_actions
    assert reminder.title == "Ask Alice about referrals"
    assert str(reminder.due_on) == "2026-11-29"  # the frozen Sunday, and 7 days


async def test_edit_and_delete_a_reminder(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Umbrella")
        assert app.store is not None
        app_id = app.screen.app_id  # type: ignore[attr-defined]
        app.store.add_custom_action(app_id, "Reconnect with Umbrella", FROZEN_DAY)
        app.announce(None)
        await settle(pilot)
        await pick(app, pilot, "Reminder")
        await type_into(app, pilot, "#reminder_title", "Ask Alice about referrals")
        await type_into(app, pilot, "#due Input", "2026-12-01")
        await save(pilot)
        await wait_until(pilot, lambda: "Ask Alice about referrals" in section(app, "due"),
                         "the reminder reworded")
        [reminder] = db_detail(fixed_db, "Umbrella").custom_actions
        assert str(reminder.due_on) == "2026-12-01"
        await pick(app, pilot, "Reminder", key="d")
        await pilot.press("y")
        await wait_until(pilot, lambda: "Nothing pending" in section(app, "due"),
                         "the reminder gone")
    assert db_detail(fixed_db, "Umbrella").custom_actions == ()


FROZEN_DAY = __import__("datetime").date(2026, 11, 25)


# -- bug 3: references requested, no contact --------------------------------------------


async def test_references_requested_date_makes_the_heads_up_due(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Initech")
        assert "Tell your references" not in section(app, "due")
        await pilot.press("e")
        await settle(pilot)
        await type_into(app, pilot, "#references Input", "2026-11-20")
        await save(pilot)
        await wait_until(pilot, lambda: "Tell your references" in section(app, "due"),
                         "the references heads-up due")
    assert str(db_detail(fixed_db, "Initech").application.references_requested_on) \
        == "2026-11-20"


async def test_no_contact_flag_stops_the_follow_ups(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Initech")
        assert "Second follow-up to Bill Lumbergh" in section(app, "due")
        await pick(app, pilot, "The application")
        checkbox = app.screen.query_one("#no_contact", Checkbox)
        assert checkbox.value is False
        checkbox.focus()
        await pilot.press("space")
        await save(pilot)
        await wait_until(pilot, lambda: "Second follow-up" not in section(app, "due"),
                         "no follow-up once they asked not to be contacted")
        assert "asked not to be contacted" in section(app, "summary")
    assert db_detail(fixed_db, "Initech").application.no_contact is True


async def test_the_records_key_is_in_the_footer_and_on_help(fixed_db: Path) -> None:
    from rich.console import Console

    from tui.widgets.footer import KeyFooter

    async with running(fixed_db) as (app, pilot):
        await open_details(app, pilot, "Acme")
        assert "l Edit/delete…" in str(app.screen.query_one(KeyFooter).render())
        await pilot.press("question_mark")
        await settle(pilot)
        console = Console(width=100, record=True, file=io.StringIO())
        for table in app.screen.query("BindingsTable"):
            console.print(table.render())
        assert "Edit/delete…" in console.export_text()
        await pilot.press("question_mark", "l")
        await settle(pilot)
        # The picker's own keys, in its footer.
        footer = str(app.screen.query_one(KeyFooter).render())
        assert "Edit" in footer and "Delete" in footer and "Cancel" in footer
