"""Keys that arrive while the board rebuilds its columns are ignored, never a crash.

The board rebuilds its columns when the stages change. Textual inserts the new
columns into the DOM at once and composes them a moment later, on their own
message loops; the app's bindings and the palette run board actions from the
app's loop, so one can land in between. The test holds the rebuild at exactly
that point and runs every board action there.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.containers import Horizontal

from storage.db.store import Store
from storage.rules import clock
from tests.conftest import settle
from tests.helpers import board, column_cards, running
from tui.screens.board import BoardScreen, StageColumn

# Every board action a key or the palette can run, as the binding names it.
ACTIONS = ["cards('cursor_down')", "cards('cursor_up')", "cards('select')", "column(1)",
           "column(-1)", "move(1)", "move(-1)", "reorder(1)", "undo", "edit", "log_round",
           "log_response", "write", "close_card", "new"]


def test_a_column_has_its_cards_before_it_is_composed(store: Store) -> None:
    column = StageColumn(store.stages()[0], [])
    assert column.cards.cards == []  # no NoMatches: the list is made with the column


async def test_keys_during_a_column_rebuild_are_ignored(fixed_db: Path) -> None:
    async with running(fixed_db) as (app, pilot):
        screen = board(app)
        before = {s.name: column_cards(app, s.name) for s in screen.stages}
        container = screen.query_one("#columns", Horizontal)
        mount_all = container.mount_all
        ran: list[str] = []

        def held_mount_all(widgets: Any, **kwargs: Any) -> Any:
            awaited = mount_all(widgets, **kwargs)
            # The new columns are in the DOM and not yet composed: what the
            # app's loop runs now is the race.
            assert all(isinstance(c, StageColumn) for c in container.children)
            for action in ACTIONS:
                name, _, args = action.partition("(")
                method = getattr(screen, f"action_{name}")
                method(*ast.literal_eval(f"({args.rstrip(')')},)")) if args else method()
                ran.append(action)
            _ = screen.selected, screen.current
            return awaited

        container.mount_all = held_mount_all  # type: ignore[method-assign]
        # The stages in another order: the columns must be rebuilt.
        assert app.store is not None
        data = app.store.board(clock.today())
        reordered = replace(data, stages=list(reversed(data.stages)))
        screen.post_message(BoardScreen.Loaded(reordered))
        await settle(pilot)
        container.mount_all = mount_all  # type: ignore[method-assign]

        assert ran == ACTIONS
        assert app.is_running and app.screen is screen  # no form, details or composer
        assert [c.stage.name for c in screen.columns] == [s.name for s in reversed(
            data.stages)]
        # Nothing moved, and the rebuilt board works.
        assert {s.name: column_cards(app, s.name) for s in screen.stages} == before
        await pilot.press("right", "down")
        await settle(pilot)
        assert screen.selected is not None
