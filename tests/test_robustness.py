"""Thousands of random keys on every screen, and a tiny terminal, raise nothing."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import SystemCommand
from textual.screen import Screen

from tests.conftest import run_app, settle
from tests.fixtures import make_fixed_db
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.modals.forms import FormScreen
from tui.screens.board import BoardScreen
from tui.screens.details import DetailsScreen

# Every key the app binds, and typing: all but quitting.
KEYS = [
    "up", "down", "left", "right", "h", "j", "k", "l", "shift+left", "shift+right",
    "shift+up", "shift+down", "home", "end", "pageup", "pagedown", "enter", "escape",
    "backspace", "tab", "shift+tab", "space", "n", "e", "i", "r", "x", "u", "a", "slash",
    "question_mark", "ctrl+s", "ctrl+p", "b", "g", "G", "1", "2", "minus", "full_stop",
    "comma", "z", "m", "t", "c", "w", "s", "d", "o",
    # the composer's
    "ctrl+n", "ctrl+e", "ctrl+t", "ctrl+k", "ctrl+y", "ctrl+o", "y",
]
CHARACTERS = {"space": " ", "minus": "-", "full_stop": ".", "comma": ",", "slash": "/",
              "question_mark": "?"}


def key_event(name: str) -> events.Key:
    char = CHARACTERS.get(name, name if len(name) == 1 else None)
    return events.Key(name, char)


class NoQuitApp(AfterviewApp):
    """Random typing in the palette may pick "Quit", a clean exit that would end
    the test early; everything else the palette offers stays in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened: set[str] = set()

    def switch_mode(self, mode: str) -> Any:
        mounted = super().switch_mode(mode)
        self.opened.add(type(self.screen).__name__)  # every mode, Settings too
        return mounted

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        pass  # ctrl+o in the composer: no browser or mail app from a test

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return [c for c in super().get_system_commands(screen) if "quit" not in c.title.lower()]

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        # Every screen the random walk opens, however briefly.
        target = self.get_screen(screen) if isinstance(screen, str) else screen
        for kind in (DetailsScreen, FormScreen, ComposerScreen):
            if isinstance(target, kind):
                self.opened.add(kind.__name__)
        return super().push_screen(screen, *args, **kwargs)


async def hammer(db_path: Path, size: tuple[int, int], presses: int, seed: int) -> set[str]:
    """Press ``presses`` random keys; return the kinds of screen visited."""
    rng = random.Random(seed)
    seen: set[str] = set()
    app = NoQuitApp(db_target=str(db_path))
    async with run_app(db_path, app=app, size=size, notifications=False) as (_, pilot):
        for i in range(presses):
            app.post_message(key_event(rng.choice(KEYS)))
            if i % 25 == 24:
                await settle(pilot)
                seen.add(type(app.screen).__name__)
                assert app.is_running, f"the app stopped after {i + 1} random keys"
        await settle(pilot)
        assert app.is_running
        seen |= app.opened
    # run_test re-raises anything the app raised; reaching here means nothing did.
    return seen


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Random typing in the composer's export form writes files at relative paths.
    monkeypatch.chdir(tmp_path)


async def test_random_keys_raise_nothing(tmp_path: Path) -> None:
    # Two walks; together (timing decides each path) they must reach every screen.
    seen: set[str] = set()
    for seed in (1, 2):
        db_path = make_fixed_db(tmp_path / f"fixed-{seed}.db")
        seen |= await hammer(db_path, (130, 40), presses=1500, seed=seed)
        assert integrity(db_path) == "ok"
    assert {"TodayScreen", "BoardScreen", "CalendarScreen", "DetailsScreen", "FormScreen",
            "ComposerScreen"} <= seen


async def test_a_tiny_terminal_raises_nothing(tmp_path: Path) -> None:
    db_path = make_fixed_db(tmp_path / "fixed.db")
    seen = await hammer(db_path, (40, 12), presses=800, seed=3)
    assert {"TodayScreen", "BoardScreen"} <= seen
    assert integrity(db_path) == "ok"


async def test_every_screen_opens_in_a_tiny_terminal(tmp_path: Path) -> None:
    db_path = make_fixed_db(tmp_path / "fixed.db")
    async with run_app(db_path, show="board", size=(40, 12), notifications=False) as (
            app, pilot):
        await pilot.press("right")  # Screen: Globex (the first column is empty)
        await settle(pilot)
        current = app.screen.current  # type: ignore[attr-defined]
        assert current.stage.name == "Screen"
        # The active column is scrolled into view even when six do not fit.
        assert app.screen.query_one("#columns").scroll_offset.x > 0 or \
            current.region.right <= 40
        for key, expected in (("enter", DetailsScreen), ("escape", BoardScreen),
                              ("n", FormScreen), ("escape", BoardScreen),
                              ("i", FormScreen), ("escape", BoardScreen),
                              ("r", FormScreen), ("escape", BoardScreen),
                              ("x", FormScreen), ("escape", BoardScreen),
                              ("w", ComposerScreen), ("escape", BoardScreen),
                              ("question_mark", BoardScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, expected), (key, app.screen)
