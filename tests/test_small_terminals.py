"""Every form and dialog stays usable at 80×24 and readable at 40×12 (issue 12,
bug 12): its title is on screen, the field that has the keys is on screen (not
scrolled away or squeezed to nothing), and the footer shows how to leave.

Each dialog is opened the way a person opens it, by its key."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select

from tests.conftest import run_app, settle, wait_until
from tests.helpers import go_to
from tui.app import AfterviewApp
from tui.screens.details import DetailsScreen
from tui.widgets.footer import KeyFooter

SIZES = [(40, 12), (80, 24)]


def screen_words(app: AfterviewApp) -> str:
    """What the terminal shows, as one line of words (from Textual's own SVG)."""
    svg = app.export_screenshot()
    cells = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return " ".join(html.unescape("".join(cells)).replace("\xa0", " ").split())


async def on_board(app: AfterviewApp, pilot: Pilot[None], *keys: str) -> None:
    await go_to(app, pilot, "Globex")
    await pilot.press(*keys)


async def on_details(app: AfterviewApp, pilot: Pilot[None], *keys: str) -> None:
    await go_to(app, pilot, "Globex")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, DetailsScreen), "the details")
    await settle(pilot)
    await pilot.press(*keys)


async def on_today(app: AfterviewApp, pilot: Pilot[None], *keys: str) -> None:
    await pilot.press("t")
    await settle(pilot)
    await pilot.press(*keys)


Opener = Callable[[AfterviewApp, Pilot[None]], Awaitable[None]]

#: (what, how it is opened, words its title starts with)
DIALOGS: list[tuple[str, Opener, str]] = [
    ("new application", lambda a, p: on_board(a, p, "n"), "New application"),
    ("edit application", lambda a, p: on_board(a, p, "e"), "Edit Globex"),
    ("log a round", lambda a, p: on_board(a, p, "i"), "Log an interview round"),
    ("log a response", lambda a, p: on_board(a, p, "r"), "Log a response"),
    ("close", lambda a, p: on_board(a, p, "x"), "Close Globex"),
    ("new contact", lambda a, p: on_details(a, p, "a"), "New contact"),
    ("reminder", lambda a, p: on_details(a, p, "m"), "A reminder of your own"),
    ("record picker", lambda a, p: on_details(a, p, "l"), "Edit or delete"),
    ("edit a contact", lambda a, p: on_details(a, p, "l", "down", "enter"), "Edit Sam Ortiz"),
    ("snooze", lambda a, p: on_today(a, p, "s"), "Snooze"),
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("what", "opener", "title"), DIALOGS, ids=[d[0] for d in DIALOGS])
async def test_every_dialog_is_readable_in_a_small_terminal(
        fixed_db: Path, size: tuple[int, int], what: str, opener: Opener, title: str) -> None:
    async with run_app(fixed_db, size=size) as (app, pilot):
        await opener(app, pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ModalScreen), what)
        await settle(pilot)
        shown = screen_words(app)
        assert title in shown, (what, shown)
        focused = app.focused
        assert isinstance(focused, Input | OptionList | Select), (what, focused)
        region = focused.region
        width, height = size
        # On screen, at least a few cells wide: something a person can type in.
        assert region.width >= 8 and 0 <= region.y < height - 1, (what, region)
        assert region.x + min(region.width, 8) <= width, (what, region)
        footer = str(app.screen.query_one(KeyFooter).render())
        assert "esc" in footer, (what, footer)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_details_show_the_application_and_its_keys(
        fixed_db: Path, size: tuple[int, int]) -> None:
    async with run_app(fixed_db, size=size) as (app, pilot):
        await on_details(app, pilot)
        shown = screen_words(app)
        assert "Globex" in shown and "esc Back" in shown, shown
