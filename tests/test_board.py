"""The board, driven as a person drives it: keys and clicks, then what the
screen shows and what the database holds."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, SelectionList, Static

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import settle, wait_until
from tests.fixtures import rename_company
from tests.helpers import (
    board,
    column_cards,
    db_detail,
    go_to,
    header,
    notifications,
    running,
)
from tui.modals.forms import FormScreen
from tui.screens.board import BoardScreen
from tui.screens.details import DetailsScreen


async def test_columns_show_stages_counts_and_next_actions(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, _):
        assert [c.stage.name for c in board(app).columns] == [
            "Applied", "Screen", "Interview", "Final round", "Offer", "Closed"]
        assert column_cards(app, "Interview") == ["Acme", "Vandelay Industries"]
        assert "Interview (2)" in header(app, "Interview")
        assert "● 1" in header(app, "Interview")  # Acme's thank-you is overdue
        acme = board(app).column_of(board(app).stages[2].id)
        assert acme is not None
        card = acme.cards.cards[0]
        assert card.overdue and card.next_label == "Thank-you to Dana Lee"


async def test_create_an_application_through_the_form(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Hooli XYZ")
        await pilot.press("tab", *"Growth Hacker")
        # Stage, applied on (today), website, then the main contact.
        await pilot.press("tab", "tab", "tab", "tab")
        assert app.focused is not None and app.focused.id == "contact"
        await pilot.press(*"Gavin Belson <gavin@hooli.xyz>")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert column_cards(app, "Applied")[0] == "Hooli XYZ"
        assert board(app).selected is not None
        assert board(app).selected.company == "Hooli XYZ"
    detail = db_detail(fixed_db, "Hooli XYZ")
    assert detail.application.role == "Growth Hacker"
    assert detail.application.applied_on is not None
    assert [(c.name, c.email, c.is_main) for c in detail.contacts] == [
        ("Gavin Belson", "gavin@hooli.xyz", True)]


async def test_an_invalid_date_saves_nothing(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Pied Piper", "tab", *"CEO")
        applied = app.screen.query_one("#applied Input", Input)
        applied.value = ""
        applied.focus()
        await pilot.press(*"the day after never")
        await pilot.pause()
        hint = str(app.screen.query_one("#applied .date-field--hint", Static).render())
        assert "can't read" in hint  # the field says what is wrong as you type
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open, nothing saved
        await pilot.press("escape")
        await settle(pilot)
        assert "Pied Piper" not in column_cards(app, "Applied")
    db = open_database(fixed_db)
    assert all(a.company != "Pied Piper" for a in Store(db).applications())
    db.close()


async def test_a_date_field_shows_what_it_understood(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        field = app.screen.query_one("#applied Input", Input)
        field.value = ""
        field.focus()
        await pilot.press(*"nov 27")
        await pilot.pause()
        hint = str(app.screen.query_one("#applied .date-field--hint", Static).render())
        assert hint == "→ Fri 27 Nov 2026"


async def test_move_a_card_right_and_left_with_history_and_undo(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Globex")
        await pilot.press("shift+right")
        await settle(pilot)
        assert "Globex" in column_cards(app, "Interview")
        assert "Globex" not in column_cards(app, "Screen")
        assert board(app).selected is not None and board(app).selected.company == "Globex"
        assert db_detail(fixed_db, "Globex").application.stage_name == "Interview"
        await pilot.press("shift+right")
        await settle(pilot)
        assert "Globex" in column_cards(app, "Final round")
        history = [h.stage_name for h in db_detail(fixed_db, "Globex").history]
        assert history == ["Screen", "Interview", "Final round"]
        await pilot.press("shift+left")
        await settle(pilot)
        assert "Globex" in column_cards(app, "Interview")
        assert [h.stage_name for h in db_detail(fixed_db, "Globex").history] == [
            "Screen", "Interview", "Final round", "Interview"]
        await pilot.press("u")  # undo the last move: back to Final round, its row gone
        await settle(pilot)
        assert "Globex" in column_cards(app, "Final round")
        assert [h.stage_name for h in db_detail(fixed_db, "Globex").history] == [
            "Screen", "Interview", "Final round"]


async def test_reorder_within_a_column(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("shift+down")
        await settle(pilot)
        assert column_cards(app, "Interview") == ["Vandelay Industries", "Acme"]
        assert board(app).selected is not None and board(app).selected.company == "Acme"
        db = open_database(fixed_db)
        order = [a.company for a in Store(db).applications() if a.stage_name == "Interview"]
        db.close()
        assert order == ["Vandelay Industries", "Acme"]


async def test_edit_an_application(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Initech")
        await pilot.press("e")
        await pilot.pause()
        role = app.screen.query_one("#role", Input)
        role.focus()
        role.value = ""
        await pilot.press(*"Staff Platform Engineer", "ctrl+s")
        await settle(pilot)
    assert db_detail(fixed_db, "Initech").application.role == "Staff Platform Engineer"


async def test_log_a_round_and_see_its_thank_yous_on_details(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Vandelay Industries")
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"2026-11-20 10:00")
        app.screen.query_one("#new_people", Input).focus()
        await pilot.press(*"Art Vandelay <art@vandelay.com>, Kel Varnsen")
        app.screen.query_one("#talking_points").focus()
        await pilot.press(*"latex import pipeline")
        decision = app.screen.query_one("#decision Input", Input)
        decision.focus()
        await pilot.press(*"dec 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        due = str(app.screen.query_one("#due", Static).render())
        assert "Thank-you note to Art Vandelay" in due
        assert "Thank-you note to Kel Varnsen" in due
        assert "the day after their decision date, Tue 1 Dec" in due
    detail = db_detail(fixed_db, "Vandelay Industries")
    [round_] = detail.rounds
    assert [p.name for p in round_.interviewers] == ["Art Vandelay", "Kel Varnsen"]
    assert round_.talking_points == "latex import pipeline"


async def test_log_a_round_with_an_existing_interviewer(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"2026-11-24 15:00")
        people = app.screen.query_one("#people", SelectionList)
        # The main contact is ticked for a new round (issue 12): no space needed,
        # and a space would untick her.
        assert people.selected == [people.get_option_at_index(0).value]
        await pilot.press("ctrl+s")
        await settle(pilot)
    rounds = db_detail(fixed_db, "Acme").rounds
    assert len(rounds) == 2 and [p.name for p in rounds[1].interviewers] == ["Dana Lee"]


async def test_log_a_response_with_a_new_decision_date(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Globex")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#summary", Input).focus()
        await pilot.press(*"Still deciding, next week")
        app.screen.query_one("#new_decision Input", Input).focus()
        await pilot.press(*"dec 4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        card = board(app).selected
        assert card is not None and card.company == "Globex"
        assert card.next_label == "Follow-up to Sam Ortiz"
        assert str(card.next_on) == "2026-12-07"  # the day after the new date, Fri → Mon
    detail = db_detail(fixed_db, "Globex")
    assert detail.communications[-1].direction == "in"
    assert detail.communications[-1].summary == "Still deciding, next week"
    # From the main contact unless another is chosen: most replies come from them.
    assert detail.communications[-1].contact_name == "Sam Ortiz"
    assert str(detail.rounds[0].decision_expected_on) == "2026-12-04"


async def test_close_with_an_outcome_and_a_reminder(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Initech")
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query_one("#outcome", Select).value == "rejected"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Initech" in column_cards(app, "Closed")
        assert board(app).selected is not None
        assert board(app).selected.next_label == "Reconnect with Initech"
    detail = db_detail(fixed_db, "Initech")
    assert (detail.application.stage_name, detail.application.outcome) == ("Closed", "rejected")
    assert [a.title for a in detail.custom_actions] == ["Reconnect with Initech"]
    assert str(detail.custom_actions[0].due_on) == "2027-02-22"


async def test_filter_all_columns_as_you_type(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"lumbergh")  # a contact's name, not on the card
        await settle(pilot)
        visible = [c for col in board(app).columns for c in col.cards.cards]
        assert [c.company for c in visible] == ["Initech"]
        assert "(1/1)" in header(app, "Final round") or "(1)" in header(app, "Final round")
        assert "0/2" in header(app, "Interview")
        await pilot.press("enter")  # keep the filter, select the first match
        await pilot.pause()
        assert board(app).selected is not None and board(app).selected.company == "Initech"
        assert app.focused is None  # the keys are the board's again
        await pilot.press("j")  # and they work: nothing below Initech, still selected
        assert board(app).selected is not None and board(app).selected.company == "Initech"
        await pilot.press("slash")
        await pilot.press("escape")  # clears it
        await settle(pilot)
        assert column_cards(app, "Interview") == ["Acme", "Vandelay Industries"]


async def test_palette_jumps_to_an_application(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Hooli")
        current = board(app).current
        assert current is not None and current.stage.name == "Offer"
        assert current.cards.active and current.cards.highlighted is not None
        assert current.cards.highlighted.company == "Hooli"
        assert sum(c.cards.active for c in board(app).columns) == 1


async def test_a_click_selects_and_a_second_click_opens(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        column = next(c for c in board(app).columns if c.stage.name == "Interview")
        # The second card starts four rows down.
        await pilot.click(column.cards, offset=(3, 5))
        await pilot.pause()
        assert board(app).selected is not None
        assert board(app).selected.company == "Vandelay Industries"
        assert isinstance(app.screen, BoardScreen)
        await pilot.click(column.cards, offset=(3, 5))
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        assert "Vandelay Industries" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_selection_survives_a_refresh(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Vandelay Industries")
        board(app).reload()
        await settle(pilot)
        assert board(app).selected is not None
        assert board(app).selected.company == "Vandelay Industries"


async def test_arrows_and_hjkl_move_the_selection(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Acme")
        await pilot.press("j")
        assert board(app).selected is not None
        assert board(app).selected.company == "Vandelay Industries"
        await pilot.press("l")
        assert board(app).selected is not None and board(app).selected.company == "Initech"
        await pilot.press("left", "left")
        assert board(app).selected is not None and board(app).selected.company == "Globex"


async def test_help_lists_the_board_keys(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_a_failed_write_is_a_message_not_a_crash(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await go_to(app, pilot, "Acme")
        # Someone deletes it elsewhere (another instance) before we move it.
        db = open_database(fixed_db)
        store = Store(db)
        store.delete_application(next(a.id for a in store.applications()
                                      if a.company == "Acme"))
        db.close()
        await pilot.press("shift+right")
        await settle(pilot)
        assert app.is_running
        await wait_until(pilot, lambda: any("no longer exists" in n for n in notifications(app)),
                         "a notification that Acme no longer exists")


async def test_details_read_ahead_open_in_one_frame(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        asked: list[int] = []
        prefetch = app.prefetch_details
        app.prefetch_details = lambda app_id: (  # type: ignore[method-assign]
            asked.append(app_id), prefetch(app_id))[-1]
        await go_to(app, pilot, "Initech")
        initech = db_detail(fixed_db, "Initech").application.id
        # Resting on the card reads its details ahead (after a short timer).
        await wait_until(pilot, lambda: initech in asked, "Initech's details read ahead")
        await settle(pilot)
        await pilot.press("enter")
        # No worker has run since the key: the details came from the read-ahead.
        assert isinstance(app.screen, DetailsScreen)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Initech" in summary and "Loading" not in summary
        await pilot.press("escape")
        # A write forgets what was read ahead: never stale details.
        await pilot.press("shift+right")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Stage: Offer" in str(app.screen.query_one("#summary", Static).render())


async def test_user_text_that_looks_like_markup_shows_as_typed(fixed_db: Path) -> None:
    # Stage names, dates typed in a form and form titles are the user's words:
    # "[/x]" read as markup would crash the app.
    rename_company(fixed_db, "Acme", "Acme [/x]")
    async with running(fixed_db) as (app, pilot):
        await pilot.press("right", "right", "r")  # Interview: "Acme [/x]"
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "Acme [/x]" in str(app.screen.query_one("#form-title", Static).render())
        await pilot.press("end", "ctrl+u", *"[/y", "ctrl+s")
        await pilot.pause()
        hint = str(app.screen.query_one("#at .date-field--hint", Static).render())
        assert "[/y" in hint
        assert app.is_running
