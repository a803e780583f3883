"""What several screen tests read or do: the board's columns and cards, a card
chosen through the palette, its details, the notifications shown, a record read
straight from the database. The app itself is run with tests.conftest.run_app."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from storage.db.engine import open_database
from storage.db.store import Store
from storage.rules.records import ApplicationDetail
from tests.conftest import run_app, settle, wait_until
from tui.app import AfterviewApp
from tui.screens.board import BoardScreen
from tui.screens.details import DetailsScreen


def running(db_path: Path, size: tuple[int, int] = (130, 40)
            ) -> AbstractAsyncContextManager[tuple[AfterviewApp, Pilot[None]]]:
    """The app at rest on the board (``b`` from Today, where it starts)."""
    return run_app(db_path, show="board", size=size)


def board(app: AfterviewApp) -> BoardScreen:
    assert isinstance(app.screen, BoardScreen), app.screen
    return app.screen


def column_cards(app: AfterviewApp, stage: str) -> list[str]:
    for column in board(app).columns:
        if column.stage.name == stage:
            return [c.company for c in column.cards.cards]
    raise AssertionError(f"no column {stage}")


def header(app: AfterviewApp, stage: str) -> str:
    for column in board(app).columns:
        if column.stage.name == stage:
            return str(column.query_one(".column-header", Static).render())
    raise AssertionError(stage)


def selected_company(app: AfterviewApp) -> str | None:
    card = board(app).selected
    return None if card is None else card.company


def notifications(app: AfterviewApp) -> list[str]:
    """The notifications on screen, as drawn (title and message)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def db_detail(db_path: Path, company: str) -> ApplicationDetail:
    db = open_database(db_path)
    try:
        store = Store(db)
        app = next(a for a in store.applications() if a.company == company)
        return store.detail(app.id)
    finally:
        db.close()


async def go_to(app: AfterviewApp, pilot: Pilot[None], company: str) -> None:
    """Select a card the way a user does: ctrl+p and its name."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await pilot.press(*company)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert selected_company(app) == company


async def open_details(app: AfterviewApp, pilot: Pilot[None], company: str) -> DetailsScreen:
    """The company's card on the board, then `enter`: its details screen."""
    await go_to(app, pilot, company)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, DetailsScreen), app.screen
    return app.screen


def arrive_together(app: AfterviewApp, keys: list[tuple[str, str | None]]) -> None:
    """Post the keys as the terminal driver does for one read: all at once, with
    no pause for the app to handle one before the next arrives."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[tuple[str, str | None]]:
    names = {" ": "space", "\t": "tab"}
    return [(names.get(ch, ch), ch) for ch in text]
