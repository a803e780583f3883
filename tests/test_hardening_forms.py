"""The app's forms take the same bounds as every other door: a date outside
1900-2200 is named under its field and nothing is saved; text pasted with a
control character in it is refused with one plain line, and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import settle
from tests.helpers import column_cards, notifications, running
from tui.modals.forms import FormScreen


def companies(db_path: Path) -> list[str]:
    db = open_database(db_path)
    try:
        return [a.company for a in Store(db).applications()]
    finally:
        db.close()


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1899-12-31"])
async def test_a_date_outside_the_bounds_is_named_and_saves_nothing(fixed_db: Path,
                                                                   typed: str) -> None:
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Pied Piper", "tab", *"CEO")
        applied = app.screen.query_one("#applied Input", Input)
        applied.value = ""
        applied.focus()
        await pilot.press(*typed)
        await pilot.pause()
        hint = str(app.screen.query_one("#applied .date-field--hint", Static).render())
        assert "use a year from 1900 to 2200" in hint
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # still open, nothing saved
        await pilot.press("escape")
        await settle(pilot)
        assert "Pied Piper" not in column_cards(app, "Applied")
    assert "Pied Piper" not in companies(fixed_db)


async def test_a_pasted_escape_sequence_is_refused_in_one_plain_line(fixed_db: Path) -> None:
    before = companies(fixed_db)
    async with running(fixed_db) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        company = app.screen.query_one("#company", Input)
        company.post_message(events.Paste("Pied Piper\x1b]0;pwned\x07"))
        await pilot.pause()
        await pilot.press("tab", *"CEO", "ctrl+s")
        await settle(pilot)
        shown = " ".join(notifications(app)) + " ".join(
            str(s.render()) for s in app.screen.query(Static))
        assert "control character" in shown
        assert "\x1b" not in shown and "\x07" not in shown
    assert companies(fixed_db) == before
