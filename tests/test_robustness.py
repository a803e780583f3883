"""Random keys on every screen, form and modal, at 120×40 and 40×12, raise
nothing; a pasted 5,000-character string neither; a tiny terminal opens every
screen.

Each walk starts from one *station*: a fresh copy of the fixed data, the app
opened on it, and the keys a person presses to reach one screen (Today, the
board, the calendar, Stats, the details, every form and modal, the composer
and its lists, Settings, the welcome, the palette, the keys panel). From there it
presses random keys: every key the app binds, typing in many scripts,
control keys and small pastes; q and ctrl+q quit nothing here, so the walk
goes on wherever the keys take it.

The keys come from a seed, logged with every failure (and printed):

- ``AFTERVIEW_FUZZ_SEED=N``: another seed (``random``: a fresh one);
- ``AFTERVIEW_FUZZ_KEYS=N``: keys in all over every station and both sizes
  (default 3,600, 72 a walk; 30,000 for the long run outside CI).

A walk's path also depends on timing (a key lands before or after a read), so
one seed explores a neighbourhood rather than replaying exactly.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import unicodedata
import zlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea
from textual.worker import Worker, WorkerState

from tests.conftest import run_app, run_cli, settle, wait_until
from tests.fixtures import make_fixed_db
from tests.helpers import go_to
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.modals.choice import ChoiceScreen
from tui.modals.forms import (
    ApplicationForm,
    CloseForm,
    CommunicationForm,
    ContactForm,
    FormScreen,
    ReminderForm,
    ResponseForm,
    RoundForm,
)
from tui.modals.note_forms import CallOutcomeForm, ConfirmScreen, ExportForm, SnoozeForm
from tui.modals.picker import RecordPicker
from tui.screens.board import BoardScreen
from tui.screens.calendar import CalendarScreen
from tui.screens.details import DetailsScreen
from tui.screens.settings import SettingsScreen
from tui.screens.stats import StatsScreen
from tui.screens.today import TodayScreen
from tui.screens.welcome import WelcomeScreen

SIZES = {"120x40": (120, 40), "40x12": (40, 12)}

# Every key the app binds (quitting included: it quits nothing in these walks).
BOUND = [
    "up", "down", "left", "right", "h", "j", "k", "l", "g", "G", "shift+left", "shift+right",
    "shift+up", "shift+down", "home", "end", "pageup", "pagedown", "enter", "escape",
    "backspace", "delete", "tab", "shift+tab", "space", "n", "e", "i", "r", "x", "u", "a", "m",
    "slash", "question_mark", "comma", "full_stop", "left_square_bracket",
    "right_square_bracket", "ctrl+s", "ctrl+p", "b", "c", "t", "w", "s", "d", "o", "y", "q",
    "ctrl+q", "ctrl+c", "1", "2", "minus", "z", "p", "v",
    # the composer's
    "ctrl+n", "ctrl+e", "ctrl+t", "ctrl+k", "ctrl+y", "ctrl+o",
    # text fields' own
    "ctrl+a", "ctrl+u", "ctrl+w", "ctrl+z", "ctrl+x", "ctrl+v", "ctrl+left", "ctrl+right",
    "shift+home", "shift+end", "ctrl+home", "ctrl+end",
]
# Typing: Latin, accents, digits, punctuation, markup-like brackets, wide CJK,
# right-to-left, combining marks, emoji.
TYPED = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
         " .,;:-_/\\'\"!?@#$%^&*()[]{}<>=+~`|éüßñçøÅ漢字テスト한국어שלוםمرحبا\u0301\u200b🙂🚀")
# Small pastes: text fields receive these whole, as a terminal's bracketed paste.
PASTES = ["Dana Lee <dana@acme.com>", "next friday 2pm", "[bold]x[/]", "line one\nline two",
          "tab\there", "\x1b]0;pwned\x07", "x" * 300, "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂", "2026-11-27", "+3d"]
#: How many keys reach the app before it may come to rest.
BURSTS = (1, 2, 5, 10, 10, 20, 40)
#: Stations × sizes a CI run walks; AFTERVIEW_FUZZ_KEYS is shared out over them.
DEFAULT_KEYS = 3600

#: A notification that names an exception class: a bug's text reaching the user
#: (tui.write_path's fallback for an unexpected error), not a refusal in words.
RAW_ERROR = re.compile(r"\b[A-Z]\w*(Error|Exception|Warning)\b|Traceback")


def base_seed() -> int:
    wanted = os.environ.get("AFTERVIEW_FUZZ_SEED", "20261202")
    return random.SystemRandom().randrange(2**32) if wanted == "random" else int(wanted)


BASE_SEED = base_seed()  # once per process: every walk of a run shares it


def key_event(name: str) -> events.Key:
    """The event a terminal's key press becomes (as Pilot.press makes it)."""
    if len(name) == 1:
        return events.Key(name if name.isalnum() else _unicode_key(name), name)
    named = {"space": " ", "minus": "-", "full_stop": ".", "comma": ",", "slash": "/",
             "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
             "enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f"}
    return events.Key(name, named.get(name))


def _unicode_key(character: str) -> str:
    try:
        return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return character


class NoQuitApp(AfterviewApp):
    """The app, minus quitting (a random q would end the walk) and opening a
    browser; it notes every screen shown, the notifications and failed workers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened: set[str] = set()
        self.notices: list[str] = []
        self.raw_errors: list[str] = []
        self.failed_workers: list[str] = []

    async def action_quit(self) -> None:
        pass

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        pass  # ctrl+o in the composer: no browser or mail app from a test

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return [c for c in super().get_system_commands(screen) if "quit" not in c.title.lower()]

    def switch_mode(self, mode: str) -> Any:
        mounted = super().switch_mode(mode)
        self.opened.add(type(self.screen).__name__)  # every mode, Settings too
        return mounted

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        target = self.get_screen(screen) if isinstance(screen, str) else screen
        self.opened.add(type(target).__name__)
        return super().push_screen(screen, *args, **kwargs)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.notices.append(f"{title}: {message}")
        if RAW_ERROR.search(f"{title} {message}"):
            self.raw_errors.append(f"{title}: {message}")
        super().notify(message, title=title, severity=severity, timeout=timeout,
                       markup=markup)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.failed_workers.append(f"{event.worker.name}: {event.worker.error!r}")


# -- the stations ----------------------------------------------------------------------

Opener = Callable[[NoQuitApp, Pilot[None]], Awaitable[None]]


async def keys(pilot: Pilot[None], *names: str) -> None:
    for name in names:
        await pilot.press(name)
        await settle(pilot)


def on(*names: str) -> Opener:
    async def opener(app: NoQuitApp, pilot: Pilot[None]) -> None:
        await keys(pilot, *names)
    return opener


GLOBEX = ("b", "right")  # the board's Screen column: Globex, one round, one message
GLOBEX_DETAILS = (*GLOBEX, "enter")


async def composer(app: NoQuitApp, pilot: Pilot[None]) -> None:
    await keys(pilot, *GLOBEX, "w")
    await wait_until(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")


def then(first: Opener, *names: str) -> Opener:
    async def opener(app: NoQuitApp, pilot: Pilot[None]) -> None:
        await first(app, pilot)
        await keys(pilot, *names)
    return opener


async def call_outcome(app: NoQuitApp, pilot: Pilot[None]) -> None:
    """The composer on the call script, marked as sent: how did the call go?"""
    await composer(app, pilot)
    app.screen.query_one("#template", Select).value = "call_script"
    await settle(pilot)
    await keys(pilot, "ctrl+n")
    if isinstance(app.screen, ConfirmScreen):  # an unfilled slot: mark it anyway
        await keys(pilot, "y")


async def stage_role(app: NoQuitApp, pilot: Pilot[None]) -> None:
    """Settings, the stage list, r: the role of a stage, picked from a list."""
    await keys(pilot, "comma")
    app.screen.query_one("#stages").focus()
    await keys(pilot, "down", "r")


def showing(kind: type[Screen[Any]]) -> Callable[[NoQuitApp], bool]:
    return lambda app: type(app.screen) is kind


def template_list_open(app: NoQuitApp) -> bool:
    return isinstance(app.screen, ComposerScreen) and app.screen.query_one(
        "#template", Select).expanded


def help_shown(app: NoQuitApp) -> bool:
    return bool(app.screen.query("HelpPanel"))


@dataclass(frozen=True)
class Station:
    name: str
    open: Opener
    reached: Callable[[NoQuitApp], bool]
    welcome: bool = False  # an empty database, the first-run welcome


STATIONS = [
    Station("today", on(), showing(TodayScreen)),
    Station("board", on("b"), showing(BoardScreen)),
    Station("calendar", on("c"), showing(CalendarScreen)),
    Station("stats", on("g"), showing(StatsScreen)),
    Station("details", on(*GLOBEX_DETAILS), showing(DetailsScreen)),
    Station("settings", on("comma"), showing(SettingsScreen)),
    Station("stage role", stage_role, showing(ChoiceScreen)),
    Station("welcome", on(), showing(WelcomeScreen), welcome=True),
    Station("palette", on("ctrl+p"), lambda app: isinstance(app.screen, CommandPalette)),
    Station("keys panel", on("question_mark"), help_shown),
    Station("new application", on("b", "n"), showing(ApplicationForm)),
    Station("edit application", on(*GLOBEX, "e"), showing(ApplicationForm)),
    Station("round", on(*GLOBEX, "i"), showing(RoundForm)),
    Station("response", on(*GLOBEX, "r"), showing(ResponseForm)),
    Station("close", on(*GLOBEX, "x"), showing(CloseForm)),
    Station("contact", on(*GLOBEX_DETAILS, "a"), showing(ContactForm)),
    Station("reminder", on(*GLOBEX_DETAILS, "m"), showing(ReminderForm)),
    Station("records", on(*GLOBEX_DETAILS, "l"), showing(RecordPicker)),
    Station("message", on(*GLOBEX_DETAILS, "l", "end", "enter"), showing(CommunicationForm)),
    Station("delete?", on(*GLOBEX_DETAILS, "l", "d"), showing(ConfirmScreen)),
    Station("snooze", on("s"), showing(SnoozeForm)),
    Station("composer", composer, showing(ComposerScreen)),
    Station("templates", then(composer, "ctrl+t"), template_list_open),
    Station("export", then(composer, "ctrl+e"), showing(ExportForm)),
    Station("call outcome", call_outcome, showing(CallOutcomeForm)),
]
WALKS = len(STATIONS) * len(SIZES)


def keys_a_walk() -> int:
    total = int(os.environ.get("AFTERVIEW_FUZZ_KEYS", DEFAULT_KEYS))
    return -(-total // WALKS)


def walk_seed(station: str, size: str) -> int:
    return BASE_SEED ^ zlib.crc32(f"{station} {size}".encode())


def random_event(rng: random.Random) -> events.Event:
    roll = rng.random()
    if roll < 0.55:
        return key_event(rng.choice(BOUND))
    if roll < 0.98:
        return key_event(rng.choice(TYPED))
    return events.Paste(rng.choice(PASTES))


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


async def walk(db_path: Path, station: Station, size: tuple[int, int], presses: int,
               seed: int) -> NoQuitApp:
    """Open ``station``, then press ``presses`` random keys from ``seed``."""
    rng = random.Random(seed)
    app = NoQuitApp(db_target=str(db_path), welcome=station.welcome)
    async with run_app(db_path, app=app, size=size, notifications=True) as (_, pilot):
        await station.open(app, pilot)
        await wait_until(pilot, lambda: station.reached(app),
                         f"the keys that open {station.name}")
        pressed = 0
        while pressed < presses:
            # A burst, then the app comes to rest: one key at a time as a
            # person types, or up to 40 before any read is back, as a held key
            # or a paste of keys would bring them (the board's races were there).
            burst = min(rng.choice(BURSTS), presses - pressed)
            for _ in range(burst):
                app.post_message(random_event(rng))
            pressed += burst
            await settle(pilot)
            assert app.is_running, f"the app stopped after {pressed} random keys"
        assert app.is_running
    # run_test re-raises anything the app raised; reaching here means nothing did.
    return app


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("station", STATIONS, ids=[s.name for s in STATIONS])
async def test_random_keys_raise_nothing(tmp_path: Path, station: Station, size: str) -> None:
    seed, presses = walk_seed(station.name, size), keys_a_walk()
    said = (f"{presses} random keys from {station.name} at {size}: "
            f"AFTERVIEW_FUZZ_SEED={BASE_SEED} (this walk's seed {seed})")
    print(said)
    db_path = tmp_path / "walk.db"
    if not station.welcome:
        make_fixed_db(db_path)
    try:
        app = await walk(db_path, station, SIZES[size], presses, seed)
    except Exception as exc:
        exc.add_note(said)
        raise
    assert not app.raw_errors, f"{said}: an error reached the user raw: {app.raw_errors}"
    assert not app.failed_workers, f"{said}: workers failed: {app.failed_workers}"
    assert integrity(db_path) == "ok", said


# -- a long paste ------------------------------------------------------------------------

LONG = ("Thank you for the conversation about the platform team's roadmap. " * 80)[:5000]


@pytest.mark.parametrize("size", SIZES)
async def test_a_5000_character_paste_into_the_composer_is_kept(
        tmp_path: Path, size: str) -> None:
    db_path = make_fixed_db(tmp_path / "paste.db")
    app = NoQuitApp(db_target=str(db_path))
    async with run_app(db_path, app=app, size=SIZES[size]) as (_, pilot):
        await composer(app, pilot)
        body = app.screen.query_one("#body", TextArea)
        assert app.focused is body
        body.move_cursor(body.document.end)
        app.post_message(events.Paste(LONG))
        await wait_until(pilot, lambda: LONG in body.text, "the paste in the body")
        await keys(pilot, "ctrl+s")
        await wait_until(pilot, lambda: LONG in draft_bodies(db_path), "the draft saved")
        assert app.is_running
    assert not app.raw_errors and not app.failed_workers


def draft_bodies(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(row[0] for row in conn.execute("SELECT body FROM notes"))
    finally:
        conn.close()


def companies(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM companies")]
    finally:
        conn.close()


@pytest.mark.parametrize("size", SIZES)
async def test_a_5000_character_paste_into_a_form_field(tmp_path: Path, size: str) -> None:
    db_path = make_fixed_db(tmp_path / "paste.db")
    before = companies(db_path)
    app = NoQuitApp(db_target=str(db_path))
    async with run_app(db_path, app=app, size=SIZES[size], show="board") as (_, pilot):
        await keys(pilot, "n")
        form = app.screen
        assert isinstance(form, ApplicationForm)
        company = form.query_one("#company", Input)
        assert app.focused is company
        app.post_message(events.Paste(LONG))
        await settle(pilot)
        # Taken whole, or (a field takes no more than its column holds) not at all.
        assert company.value in (LONG, ""), len(company.value)
        await keys(pilot, "tab", *"Engineer", "ctrl+s")
        await settle(pilot)
        assert app.is_running
        after = companies(db_path)
        if after != before:  # taken: stored whole, not cut
            assert sorted(after) == sorted([*before, LONG])
        elif isinstance(app.screen, FormScreen):  # refused in the form, which says why
            assert " ".join(str(error.render()) for error in form.query(
                ".field-error, #form-error")).strip()
        else:  # refused by the store: one notice names the field
            assert any("company" in notice for notice in app.notices), app.notices
    assert not app.raw_errors and not app.failed_workers


# -- what the walks found -----------------------------------------------------------------

#: A Textual app whose timers are already due when they start, as a toast's is
#: when its notification expired between being listed and being mounted.
LATE_TIMERS = """
from textual.app import App

import tui.app  # noqa: F401  (applies tui.compat's patches, as the afterview command does)


class Late(App[str]):
    def on_mount(self) -> None:
        fired: list[float] = []

        def tick(delay: float) -> None:
            fired.append(delay)
            if len(fired) == 2:
                self.exit(" ".join(map(str, sorted(fired))))

        self.set_timer(-0.007, lambda: tick(-0.007))
        self.set_timer(0, lambda: tick(0))


print(Late().run(headless=True))
"""


def test_a_timer_already_due_fires_at_once_instead_of_freezing_the_app() -> None:
    # In a process of its own: unpatched, the app spins without yielding and
    # only a kill ends it (tui/compat/timer_delay.py).
    import subprocess
    import sys

    try:
        done = subprocess.run([sys.executable, "-c", LATE_TIMERS], capture_output=True,
                              text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("an app with a timer already due froze (Textual's Timer with a "
                    "negative or zero interval)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["-0.007", "0"]


async def test_quitting_with_the_keys_panel_open_on_another_screen_raises_nothing(
        tmp_path: Path) -> None:
    db_path = make_fixed_db(tmp_path / "fixed.db")
    async with run_app(db_path, show="calendar") as (app, pilot):
        await keys(pilot, "tab", "question_mark")  # the day's list focused, the keys panel
        calendar = app.screen
        assert calendar.focused is not None and calendar.query("HelpPanel")
        await keys(pilot, "t")
        assert isinstance(app.screen, TodayScreen)
        # The calendar's layout to be worked out again when next needed, as
        # after the redraws the walk made (Textual internals: a test of them).
        calendar._compositor._full_map_invalidated = True
        for widget in calendar.query("*"):
            widget._arrangement_cache.clear()
            widget._content_width_cache = (None, 0)
    # Leaving run_app quits, closing every screen; run_test re-raises what that
    # raised (ScreenStackError before tui/compat/close_current_last.py).


# -- a tiny terminal ---------------------------------------------------------------------


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


async def test_a_response_from_an_application_without_a_main_contact(tmp_path: Path) -> None:
    """The form starts on "(someone else)" (it was given Widget.BLANK, False,
    for the Select's blank: InvalidSelectValueError ended the app)."""
    db_path = make_fixed_db(tmp_path / "fixed.db")
    async with run_app(db_path, show="board") as (app, pilot):
        await go_to(app, pilot, "Hooli")  # no contact at all
        await keys(pilot, "r")  # unfixed, the app dies here and the pilot waits on it
        form = app.screen
        assert isinstance(form, ResponseForm)
        assert form.query_one("#contact", Select).value is Select.NULL
        form.query_one("#summary", Input).value = "They will call on Monday"
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormScreen)
    conn = sqlite3.connect(db_path)
    try:
        said = conn.execute("SELECT contact_id, summary FROM communications "
                            "WHERE direction = 'in'").fetchall()
    finally:
        conn.close()
    assert said == [(None, "They will call on Monday")]


async def test_the_welcome_answered_twice_in_one_read_saves_once_and_closes_once(
        tmp_path: Path) -> None:
    """ctrl+s, ctrl+s and escape before the first write is back: one write,
    one close (the second close failed its write's worker)."""
    db_path = tmp_path / "new.db"
    source = make_fixed_db(tmp_path / "export-source.db")
    export = tmp_path / "export.json"
    code, _, err = run_cli("--db", str(source), "export", "-o", str(export))
    assert code == 0, err
    app = NoQuitApp(db_target=str(db_path), welcome=True)
    async with run_app(db_path, app=app) as (_, pilot):
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        app.screen.query_one("#welcome-name", Input).value = "Alex Rivera"
        app.screen.query_one("#welcome-import", Input).value = str(export)
        for key in ("ctrl+s", "ctrl+s", "escape"):
            app.post_message(key_event(key))
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), "Today")
        await settle(pilot)
        assert app.is_running
    assert not app.failed_workers, app.failed_workers
    assert sum("Welcome aboard" in notice for notice in app.notices) == 1
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM applications").fetchone()[0] == 6
    finally:
        conn.close()
