"""The Afterview Textual app: opens the database in a worker, hosts the screens."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal

from storage.rules import clock
from tui.compat import apply_patches
from tui.compat.mode_switch import QuickModeSwitch
from tui.first_frame import FIRST_FRAME_ROWS
from tui.messages import DataChange, StoreReady
from tui.palette import (
    AfterviewCommands,
    ApplicationsProvider,
    NoteProvider,
    SafeCommandPalette,
)
from tui.screens.board import BoardScreen
from tui.screens.today import AHEAD as TODAY_AHEAD
from tui.screens.today import TodayScreen
from tui.stats_reads import StatsReads
from tui.write_path import Outcome, Write, perform

apply_patches()

if TYPE_CHECKING:
    from storage.db.changes import ChangeWatch
    from storage.db.store import Store
    from storage.fastpath.quickread import FirstAgenda
    from storage.rules.records import ActionRef, BoardData
    from tui.screens.details import DetailsScreen


def _calendar() -> Screen[None]:
    # Imported when first opened: DataTable is not needed for the first frame.
    from tui.screens.calendar import CalendarScreen

    return CalendarScreen()


def _stats() -> Screen[None]:
    # Imported when first opened (g).
    from tui.screens.stats import StatsScreen

    return StatsScreen()


def _settings() -> Screen[None]:
    # Imported when first opened (`,`): nothing of it is on the first frame's path.
    from tui.screens.settings import SettingsScreen

    return SettingsScreen()


class AfterviewApp(QuickModeSwitch, App[None]):
    """The app. ``db_target`` is a path, URL or None (the default database)."""

    TITLE = "Afterview"
    # Absolute: Textual resolves a relative path from the subclass's module.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    MODES: ClassVar[dict[str, Any]] = {  # type: ignore[misc]
        "today": TodayScreen, "board": BoardScreen, "calendar": _calendar,
        "settings": _settings, "stats": _stats}
    DEFAULT_MODE = "today"
    #: Seconds between looks at the clock: at midnight "today" rolls over.
    DAY_CHECK_SECONDS = 30.0
    #: Seconds between looks for another process's writes (Store.watch).
    WATCH_SECONDS = 1.0
    #: Seconds after the store opens before Stats' figures are read ahead: after
    #: the first moments' keys (a read is about 0.25 s of work at 5,000
    #: applications, most of it in SQLite, outside the GIL).
    STATS_AHEAD_SECONDS = 3.0
    #: Seconds after the store opens before the screens not yet opened are
    #: imported for Settings' keymap (see _import_keyed_screens).
    KEYED_IMPORT_SECONDS = 0.5
    COMMANDS = App.COMMANDS | {ApplicationsProvider, NoteProvider, AfterviewCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "switch_mode('today')", "Today", id="app.today"),
        Binding("b", "switch_mode('board')", "Board", id="app.board"),
        Binding("c", "switch_mode('calendar')", "Calendar", id="app.calendar"),
        Binding("g", "switch_mode('stats')", "Stats", id="app.stats"),
        Binding("comma", "switch_mode('settings')", "Settings", id="app.settings"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_ctrl"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        # Tab moves focus before the next key is delivered. Textual's own tab is
        # a screen binding, reached only after the key has bubbled up from the
        # focused field, and by then the keys that came in the same read
        # ("Initech<tab>Staff Engineer", typed fast or sent by a script) had
        # already gone to the old field. A priority binding runs in order.
        Binding("tab", "focus_next", "Next field", show=False, priority=True,
                id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True,
                id="app.focus_previous"),
    ]

    def __init__(self, db_target: str | None = None, start: str | None = None,
                 board_aside: Callable[[], BoardData | None] | None = None,
                 agenda_aside: Callable[[], FirstAgenda | None] | None = None,
                 welcome: bool = False) -> None:
        """``start`` (or AFTERVIEW_START): open on another screen than Today; the
        benchmark times the board's first frame this way. ``board_aside`` and
        ``agenda_aside``: the first screen's data, already being read while
        the app imports (see storage.fastpath.aside); by default the board
        is read when it first composes, and Today's list on a worker.
        ``welcome``: greet a new user on an empty database (the CLI asks for it,
        except with --demo; tests and tools opening a fresh file do not)."""
        start = start or os.environ.get("AFTERVIEW_START")
        if start in self.MODES:
            self.DEFAULT_MODE = start  # type: ignore[misc]
        super().__init__()
        self.db_target = db_target
        self._board_aside = board_aside
        self._agenda_aside = agenda_aside
        self.store: Store | None = None
        #: Set when the database cannot be opened: the CLI prints it, exit 2.
        self.fatal_error: str | None = None
        #: Published after any write (see DataChange).
        self.data_signal: Signal[DataChange] = Signal(self, "data-changed")
        self._saving_theme = False
        #: One application's details read ahead (prefetch_details), or None.
        self._details_ahead_id: int | None = None
        self._details_ahead: DetailsScreen.Loaded | None = None
        self._first_board_read = False
        #: Writes run one at a time, in the order they were asked for.
        self._write_lock = threading.Lock()
        #: Looks for other processes' writes once the store is open.
        self._watch: ChangeWatch | None = None
        #: The first screen composed with data read straight from the file.
        self._first_shown = False
        self._welcome = welcome
        #: Counts the writes announced: Stats' figures read ahead are for one count.
        self.data_generation = 0
        #: Stats' figures by period, each read once per data_generation.
        self.stats_reads = StatsReads(self, lambda: self.store)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._today = clock.today()
        self.set_interval(self.DAY_CHECK_SECONDS, self.check_day)
        self.open_store(type(self.screen))

    def check_day(self) -> None:
        """At midnight (or when the frozen date changes) every screen reads again."""
        today = clock.today()
        if today != self._today:
            self._today = today
            self.announce(None)

    def first_board(self) -> BoardData | None:
        """The board for the first frame, read straight from the file (once).

        The board screen composes with it, so the first frame drawn is the
        board. Read with sqlite3 by a forked process during the imports when
        the CLI started one (``board_aside``), else here on the UI thread
        (about 40 ms for 5,000 cards): drawing an empty board first and the
        cards in a second frame cost more, and a worker would only fight the
        drawing for the GIL. SQLAlchemy (~0.3 s to import) then opens the
        full store in a worker. None when the full store must read the board
        (see storage.fastpath.quickread).
        """
        if self._first_board_read or self.store is not None:
            return None  # later, the open store reads it on a worker
        self._first_board_read = True
        board = self._quick_board()
        self._first_shown = board is not None
        return board

    def first_agenda(self) -> TodayScreen.Loaded | None:
        """Today's list for the first frame, when the CLI read it aside (once)."""
        aside, self._agenda_aside = self._agenda_aside, None
        if aside is None or self.store is not None:
            return None
        first = aside()
        if first is None:
            return None
        self._first_shown = True
        return TodayScreen.Loaded.first_frame(clock.today(), first)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_store(self, first: type[Screen[Any]]) -> None:
        # The board or Today composed with their data (first_board,
        # first_agenda). Else Today's list is read here straight from the file
        # with sqlite3 (tens of ms), so its first frame has data; then
        # SQLAlchemy (~0.3 s to import) opens the full store. One thread: the
        # two would only fight for the GIL.
        shown = self._first_shown
        if first is TodayScreen and not shown:
            quick = self._quick_today()
            if quick is not None:
                shown = True
                self.call_from_thread(self.screen.post_message, quick)
        from storage.db.engine import open_database
        from storage.db.store import Store
        from storage.errors import StorageError

        try:
            store = Store(open_database(self.db_target))
            settings = store.settings()
            theme = settings.theme
            first_run = (self._welcome and not settings.welcomed
                         and not store.counts()["applications"])
        except StorageError as exc:
            self.call_from_thread(self._open_failed, str(exc))
            return
        except Exception as exc:  # an unexpected failure still must not show a traceback
            from storage.db.failures import describe_failure

            line = describe_failure(exc) or type(exc).__name__
            self.call_from_thread(self._open_failed, f"cannot open the database: {line}")
            return
        self.call_from_thread(self._store_opened, store, theme, shown)
        self.call_from_thread(self._apply_settings, dict(settings.keymap), first_run)
        # Imported here, off the UI thread, not on the first `,`: the Settings
        # module and the widgets it brings were about 14 ms of opening it.
        import tui.screens.settings  # noqa: F401

    def _apply_settings(self, keymap: dict[str, str], first_run: bool) -> None:
        """The stored keymap, and on a first run the welcome (tui.screens.welcome)."""
        if keymap:
            self.set_keymap(keymap)
        if first_run:
            from tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def _quick_today(self) -> Message | None:
        """Today's first rows as its Loaded message, read with sqlite3 alone, or None."""
        from datetime import timedelta

        from storage.db.engine import HEAD
        from storage.fastpath.quickread import first_agenda

        today = clock.today()
        first = first_agenda(self.db_target, today + timedelta(days=TODAY_AHEAD), today, HEAD,
                             FIRST_FRAME_ROWS)
        if first is None:
            return None
        return TodayScreen.Loaded.first_frame(today, first)

    def _quick_board(self) -> BoardData | None:
        if self._board_aside is not None:
            return self._board_aside()
        from storage.db.engine import HEAD
        from storage.fastpath.quickread import board_of

        return board_of(self.db_target, clock.today(), HEAD)

    def _store_opened(self, store: Store, theme: str, shown: bool = False) -> None:
        self.store = store
        # Everything imported so far (Textual, SQLAlchemy, the first screen: about
        # 190,000 objects with 5,000 cards) lives as long as the app. Frozen,
        # the garbage collector stops walking it: a full collection landing in
        # a key's frame cost that key about 20 ms (the board's p95).
        gc.freeze()
        self._watch = store.watch()
        self.set_interval(self.WATCH_SECONDS, self.watch_other_writers)
        if theme in self.available_themes and theme != self.theme:
            self._saving_theme = True  # applying the stored choice: nothing to save
            self.theme = theme
            self._saving_theme = False
        # The quick board was read from a current file: no need to read it again.
        self.screen.post_message(StoreReady(reload=not shown))
        # Stats' default period read once the first screen is settled, so that
        # g draws it at once.
        self.set_timer(self.STATS_AHEAD_SECONDS, self._stats_ahead)
        self.set_timer(self.KEYED_IMPORT_SECONDS, self._import_keyed_screens)

    @work(thread=True, exclusive=True, group="keyed-imports", exit_on_error=False)
    def _import_keyed_screens(self) -> None:
        """Settings' keymap lists the bindings of every screen with keys, so the
        first `,` imported the calendar, details, composer and Stats screens not
        opened yet (80 ms, measured on a quiet machine). Imported here instead,
        on a worker once the first moments are over: not beside the store's
        opening, where it held up the first frame."""
        import importlib

        from tui.screens.settings import KEYED_MODULES

        for module in KEYED_MODULES:
            importlib.import_module(module)

    def _open_failed(self, message: str) -> None:
        self.fatal_error = message
        self.exit(return_code=2)

    # -- shared behaviour ----------------------------------------------------------

    def open_form(self, read: Callable[[Store], Any], build: Callable[[Any], Screen[Any]],
                  done: Callable[[Any], None]) -> None:
        """Open a form: ``read`` what it needs on a worker, ``build`` it on the UI thread
        (Textual widgets must not be made off it), then push it."""
        self._read_for_form(read, build, done, self.screen)

    def _push_for(self, asked_from: Screen[Any], screen: Screen[Any],
                  done: Callable[[Any], None] | None = None) -> None:
        """Push ``screen`` if the screen that asked for it is still shown.

        A form, the composer or the details come a read (or a frame) after the
        key; a `b` pressed meanwhile switches screens, and the push would land
        on the board's stack: the board's key showed a details screen."""
        if self.screen is asked_from:
            self.push_screen(screen, done)

    @work(thread=True, group="form", exit_on_error=False)
    def _read_for_form(self, read: Callable[[Store], Any], build: Callable[[Any], Screen[Any]],
                       done: Callable[[Any], None], asked_from: Screen[Any]) -> None:
        from storage.errors import StorageError

        store = self.store
        if store is None:
            self.call_from_thread(self.notify, "Still opening the database…")
            return
        try:
            data = read(store)
        except StorageError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.call_from_thread(lambda: self._push_for(asked_from, build(data), done))

    def show_details(self, app_id: int) -> None:
        """Open an application's details.

        One installed DetailsScreen serves every card: an installed screen is
        not torn down when it closes, and Textual repaints the whole app after
        tearing one down (a second full frame on every "back").
        """
        from tui.screens.details import DetailsScreen

        if not self.is_screen_installed("details"):
            self.install_screen(DetailsScreen(), name="details")
        screen = self.get_screen("details")
        assert isinstance(screen, DetailsScreen)
        if screen is self.screen:
            return
        ready = self._details_ahead if self._details_ahead_id == app_id else None
        screen.show_application(app_id, ready if isinstance(ready, DetailsScreen.Loaded)
                                else None)
        # Pushed once its sections have taken in the new text (they ask for a
        # layout on their next idle): pushed at once, it drew the previous
        # application's layout first and the right one a frame later.
        self.call_after_refresh(self._push_details, screen, self.screen)

    def _push_details(self, screen: Screen[Any], asked_from: Screen[Any]) -> None:
        if screen not in self.screen_stack:  # enter twice in one read: push once
            self._push_for(asked_from, screen)

    def open_composer(self, app_id: int, action: ActionRef | None = None,
                      contact_id: int | None = None) -> None:
        """Write a note: the given action's, else the application's next due note."""
        from storage.rules import clock
        from tui.composer.screen import ComposerScreen

        self.open_form(lambda store: store.compose_source(app_id, clock.today()),
                       lambda source: ComposerScreen(source, action, contact_id=contact_id),
                       lambda _: None)

    def prefetch_details(self, app_id: int) -> None:
        """Read a card's details ahead, so that opening it draws one frame."""
        if self._details_ahead_id != app_id:
            self._read_details_ahead(app_id)

    @work(thread=True, exclusive=True, group="details-ahead", exit_on_error=False)
    def _read_details_ahead(self, app_id: int) -> None:
        from tui.screens.details import DetailsScreen

        store = self.store
        if store is None:
            return
        try:
            data = DetailsScreen.read(store, app_id)
        except Exception:
            return  # opening it reads again, and reports any problem
        self.call_from_thread(self._keep_details_ahead, app_id, data)

    def _keep_details_ahead(self, app_id: int, data: DetailsScreen.Loaded) -> None:
        self._details_ahead_id, self._details_ahead = app_id, data

    def notify(self, message: str, *, title: str = "",
               severity: Literal["information", "warning", "error"] = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is plain text: they carry the user's words (company
        names, paths, error messages), and "[/x]" read as markup would crash.
        Paths under the home folder are shown from ``~``: a toast is narrow, and
        a long path folded mid-name is hard to read."""
        home = str(Path.home())
        if len(home) > 1:
            message = message.replace(home + os.sep, "~" + os.sep)
        from storage.rules.validate import safe_for_terminal

        message = safe_for_terminal(message, multiline=True)
        super().notify(message, title=title, severity=severity, timeout=timeout,
                       markup=False)

    # -- the one write path (tui.write_path) -----------------------------------------

    def write(self, write: Write[Any]) -> None:
        """Run one user action's write on a worker; then ``then``, the notice and
        one DataChange on this thread, or a notification saying why not."""
        self._write_on_worker(write)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_on_worker(self, write: Write[Any]) -> None:
        with self._write_lock:  # in the order the keys came
            outcome = perform(self.store, write)
        self.call_from_thread(self._written, write, outcome)

    def write_now(self, write: Write[Any]) -> bool:
        """The same, on this thread (a draft saved as the composer closes or the
        app quits). True when it was written."""
        with self._write_lock:
            outcome = perform(self.store, write)
        self._written(write, outcome)
        return outcome.error is None

    def _written(self, write: Write[Any], outcome: Outcome) -> None:
        if outcome.error is not None:
            if write.notify_failure:
                self.notify(outcome.error, title=f"Could not {write.describe}",
                            severity="error")
            if write.failed is not None:
                write.failed(outcome.error)
            return
        if write.then is not None:
            write.then(outcome.value)
        if write.done:
            self.notify(write.done)
        if write.announce:
            self.announce(write.app_ids, write.origin)

    def announce(self, app_ids: frozenset[int] | None, origin: object | None = None) -> None:
        """Tell every screen that something was written (None: anything)."""
        self._details_ahead_id, self._details_ahead = None, None
        self.data_generation += 1
        self.data_signal.publish(DataChange(app_ids, origin))

    def watch_other_writers(self) -> None:
        """Once a second: did another process write? (the CLI, a second app, a sync
        tool). If so, every screen reads again.

        On this thread, not a worker: for SQLite a look is one PRAGMA on a
        connection of its own (about 5 µs, and WAL never blocks it), less than
        starting a thread and passing its state messages through the app
        every second would cost. For a server database the watch LISTENs, and
        a look reads only what the server already sent: no round trip."""
        if self._watch is not None and self._watch.poll():
            self.announce(None)

    def jump_to(self, app_id: int) -> None:
        """Show an application's card on the board (the palette's hits)."""
        self.switch_mode("board")
        screen = self.screen
        if isinstance(screen, BoardScreen):
            screen.select_application(app_id)

    def show_board(self, *, company: str | None = None, stage_id: int | None = None) -> None:
        """The board filtered to a company, or on a stage's column (Stats' enter)."""
        self.switch_mode("board")
        screen = self.screen
        if not isinstance(screen, BoardScreen):
            return
        if company is not None:
            self.call_after_refresh(screen.show_filtered, company)
        elif stage_id is not None:
            self.call_after_refresh(screen.show_stage, stage_id)

    def _stats_ahead(self) -> None:
        from storage.rules.stats import DEFAULT_PERIOD

        self.stats_reads.want(DEFAULT_PERIOD, self.data_generation,
                              lambda _report: self._settle_memory())

    def _settle_memory(self) -> None:
        """Start-up's last read has landed: what is alive now (Stats' figures,
        the screens imported for the keymap, the first screen's rows) lives as
        long as the app, so it is frozen too, after the garbage is collected.
        Left to the collector, about 30,000 such objects were walked by a full
        collection in the middle of Stats' first `g` (20-27 ms of it at 5,000
        applications, measured 2026-12-02)."""
        gc.collect()
        gc.freeze()

    def action_board_action(self, action: str) -> None:
        """Run a board action from the palette (or Today's `n`), on the board."""
        self.switch_mode("board")
        board = self.screen_stack[0]  # under the details, if they are open
        if isinstance(board, BoardScreen):
            board.run_when_ready(action)

    def pop_screen(self) -> AwaitComplete:
        """Never pop the last screen.

        Textual's command palette closes itself on every escape; two escapes in
        one read close it twice, and the second would pop the board (a crash).
        """
        if len(self.screen_stack) <= 1:
            return AwaitComplete(asyncio.sleep(0))
        return super().pop_screen()

    def action_command_palette(self) -> None:
        # No fixed id (Textual gives it one): with modes, a palette a mode switch
        # left in another mode's stack would make a second one a duplicate id.
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette())

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def _theme_changed(self, theme: object) -> None:
        if self._saving_theme or self.store is None:
            return
        self._save_theme(self.theme)

    def _save_theme(self, name: str) -> None:
        # A setting no screen shows: nothing to read again.
        self.write(Write("save the theme", lambda store: store.update_settings(theme=name),
                         frozenset(), announce=False))

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.close()
        if self.store is not None:
            self.store.db.close()
