"""Every screen stays current: writes made here are announced once through the
one write path, and writes made by another process on the same database
reach Today, the board and the calendar of a running app without a key."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import run_app, settle, wait_until
from tests.helpers import db_detail, open_details
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.messages import DataChange
from tui.modals.note_forms import ConfirmScreen
from tui.screens.board import BoardScreen
from tui.screens.calendar import CalendarScreen
from tui.screens.details import DetailsScreen
from tui.screens.today import TodayScreen

TODAY = date(2026, 11, 22)


async def visit_all(app: AfterviewApp, pilot: Pilot[None]) -> dict[str, Screen[None]]:
    """Show each mode once (so each is mounted and listening), ending on Today."""
    shown: dict[str, Screen[None]] = {}
    for key in ("b", "c", "t"):
        await pilot.press(key)
        await settle(pilot)
        shown[key] = app.screen
    assert isinstance(shown["b"], BoardScreen)
    assert isinstance(shown["c"], CalendarScreen)
    assert isinstance(shown["t"], TodayScreen)
    return shown


def board_companies(board: BoardScreen) -> set[str]:
    return {card.company for column in board.columns for card in column.cards.cards}


def today_companies(today: TodayScreen) -> set[str]:
    return {item.company for item in today.items}


def calendar_companies(calendar: CalendarScreen, on: date) -> set[str]:
    return {item.company for item in calendar.by_day.get(on, [])}


def add_elsewhere(db_path: Path, company: str) -> None:
    """What `afterview add` in another terminal does: its own Store, its own commit."""
    db = open_database(db_path)
    try:
        store = Store(db)
        app = store.add_application(company, "Engineer", stage="Interview")
        contact = store.add_contact(app.id, "Robin Vale", email="robin@example.com")
        store.add_round(app.id, datetime(2026, 11, 21, 14, 0), interviewer_ids=[contact.id])
    finally:
        db.close()


async def test_a_write_by_another_process_reaches_every_screen_without_a_key(
        fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        screens = await visit_all(app, pilot)
        board, calendar, today = screens["b"], screens["c"], screens["t"]
        assert isinstance(board, BoardScreen) and isinstance(calendar, CalendarScreen)
        assert isinstance(today, TodayScreen)
        assert "Quillfeather" not in today_companies(today)

        add_elsewhere(fixed_db, "Quillfeather")  # the thank-you is due today

        await wait_until(pilot, lambda: "Quillfeather" in today_companies(today),
                         "Today lists the other process's application")
        await wait_until(pilot, lambda: "Quillfeather" in board_companies(board),
                         "the board shows its card")
        await wait_until(pilot, lambda: "Quillfeather" in calendar_companies(calendar, TODAY),
                         "the calendar counts its thank-you")
        assert app.screen is today  # nobody pressed a key


async def test_a_write_here_is_announced_once_and_not_again_by_the_poll(
        fixed_db: Path) -> None:
    heard: list[DataChange] = []
    async with run_app(fixed_db) as (app, pilot):
        app.data_signal.subscribe(app.screen, heard.append)
        await pilot.press("b", "right")  # the first column (Applied) is empty
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        card = board.selected
        assert card is not None
        await pilot.press("shift+right")
        await settle(pilot)
        # The once-a-second look for other writers, run now (twice, not on
        # the timer): our own commit must not come back as another process's.
        app.watch_other_writers()
        app.watch_other_writers()
        await settle(pilot)
    assert heard == [DataChange(frozenset({card.id}), board)], heard


# -- a details screen left on the board's stack by a switch to another mode ------------

THANK_YOU = "Thank-you note to Dana Lee"


def section(details: DetailsScreen, name: str) -> str:
    """A block of the details as drawn: Due, timeline…"""
    return str(details.query_one(f"#{name}", Static).render())


async def details_then_today(app: AfterviewApp, pilot: Pilot[None]) -> DetailsScreen:
    """Acme's details from the board, then `t`: the details stay on the board's
    stack, under Today; Today's first row is Acme's overdue thank-you."""
    details = await open_details(app, pilot, "Acme")
    assert THANK_YOU in section(details, "due")
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(app.screen, TodayScreen)
    item = app.screen.selected_item()
    assert item is not None and item.title == THANK_YOU
    return details


async def test_a_note_sent_from_today_shows_in_the_details_left_under_the_board(
        fixed_db: Path) -> None:
    async with run_app(fixed_db, show="board") as (app, pilot):
        details = await details_then_today(app, pilot)
        await pilot.press("enter")  # the composer, on Today's stack
        await settle(pilot)
        assert isinstance(app.screen, ComposerScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        # No name in the settings: "[your name]" is an error, so it asks first.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)

        await pilot.press("b")  # the board's mode: its details come back on top
        await settle(pilot)
        assert app.screen is details
        assert THANK_YOU not in section(details, "due")
        assert "note (thank you, sent)" in section(details, "timeline")
    sent = [n for n in db_detail(fixed_db, "Acme").notes if n.status == "sent"]
    assert [n.kind for n in sent] == ["thank_you"]


async def test_an_action_done_on_today_leaves_the_due_list_of_the_details_under_the_board(
        fixed_db: Path) -> None:
    async with run_app(fixed_db, show="board") as (app, pilot):
        details = await details_then_today(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is details
        assert THANK_YOU not in section(details, "due")
    db = open_database(fixed_db)
    try:
        store = Store(db)
        acme = next(a for a in store.applications() if a.company == "Acme")
        assert THANK_YOU not in [i.title for i in store.actions_for(acme.id, TODAY)]
    finally:
        db.close()


async def test_details_closed_then_opened_again_show_a_write_made_meanwhile(
        fixed_db: Path) -> None:
    async with run_app(fixed_db, show="board") as (app, pilot):
        await open_details(app, pilot, "Acme")
        await pilot.press("escape")  # closed: the screen is kept for the next card
        await settle(pilot)
        await pilot.press("t", "d", "b")
        await settle(pilot)
        await pilot.press("enter")  # the same card is still selected
        await settle(pilot)
        details = app.screen
        assert isinstance(details, DetailsScreen)
        assert THANK_YOU not in section(details, "due")


async def test_a_note_sent_by_another_process_shows_in_the_details_on_screen(
        fixed_db: Path) -> None:
    async with run_app(fixed_db, show="board") as (app, pilot):
        details = await open_details(app, pilot, "Acme")
        db = open_database(fixed_db)
        try:
            store = Store(db)
            acme = next(a for a in store.applications() if a.company == "Acme")
            store.send_note(acme.id, kind="thank_you", subject="Thank you", body="Thanks!",
                            at=datetime(2026, 11, 22, 9, 0))
        finally:
            db.close()
        await wait_until(pilot, lambda: "note (thank you, sent)" in section(details, "timeline"),
                         "the details show the note sent elsewhere")
        assert app.screen is details  # nobody pressed a key
