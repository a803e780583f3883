"""Keys that arrive together (typed fast, or sent by a script through tmux) are
handled in order: a tab among them moves to the next field before the keys
after it are typed (issue 12: "Initech<tab>Staff Engineer" all went into the
company field)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from tests.conftest import settle, wait_until
from tests.helpers import running
from tui.app import AfterviewApp
from tui.modals.forms import FormScreen


def arrive_together(app: AfterviewApp, keys: list[tuple[str, str | None]]) -> None:
    """Post the keys as the terminal driver does for one read: all at once, with
    no pause for the app to handle one before the next arrives."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[tuple[str, str | None]]:
    names = {" ": "space", "\t": "tab"}
    return [(names.get(ch, ch), ch) for ch in text]


async def test_a_tab_among_fast_keys_moves_to_the_next_field_first(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the new form")
        arrive_together(app, typed("Initech\tStaff Engineer"))
        await settle(pilot)
        assert app.screen.query_one("#company", Input).value == "Initech"
        assert app.screen.query_one("#role", Input).value == "Staff Engineer"
        arrive_together(app, [("shift+tab", None)])
        await settle(pilot)
        assert app.focused is app.screen.query_one("#company", Input)
