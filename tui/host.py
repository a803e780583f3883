"""What screens, modals and widgets may ask of the app: a typed interface.

Screens are imported by the app, so they cannot import ``AfterviewApp`` to
type ``self.app``; they call :func:`host` instead, which gives the app typed
as this Protocol. A method a screen needs is added here first, so mypy and a
reader see the whole surface between the screens and the app in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.signal import Signal

    from storage.db.store import Store
    from storage.rules.records import ActionRef, BoardData
    from tui.messages import DataChange
    from tui.screens.today import TodayScreen
    from tui.stats_reads import StatsReads
    from tui.write_path import Write


class AfterviewHost(Protocol):
    """The app as the screens see it (implemented by ``tui.app.AfterviewApp``)."""

    #: The open store, or None while the database is still opening.
    store: Store | None
    #: Every write, here or in another process, is announced on it (DataChange).
    data_signal: Signal[DataChange]

    def write(self, write: Write[Any]) -> None:
        """Run one user action's write on a worker (see tui.write_path)."""

    def write_now(self, write: Write[Any]) -> bool:
        """The same write on this thread (quitting with a draft open)."""

    def announce(self, app_ids: frozenset[int] | None, origin: object | None = None) -> None:
        """Tell every screen about writes already made (None: anything)."""

    def open_form(self, read: Callable[[Store], Any], build: Callable[[Any], Screen[Any]],
                  done: Callable[[Any], None]) -> None:
        """Read what a form needs on a worker, build it on the UI thread, push it."""

    def open_composer(self, app_id: int, action: ActionRef | None = None,
                      contact_id: int | None = None) -> None:
        """Write a note for an application."""

    def show_details(self, app_id: int) -> None:
        """Open an application's details."""

    def jump_to(self, app_id: int) -> None:
        """Show an application's card on the board."""

    def show_board(self, *, company: str | None = None, stage_id: int | None = None) -> None:
        """The board filtered to a company, or on a stage's column."""

    #: How many writes were announced so far (what figures read ahead are for).
    data_generation: int
    #: Stats' figures per period, each read once per data_generation.
    stats_reads: StatsReads

    def prefetch_details(self, app_id: int) -> None:
        """Read a card's details ahead of ``enter``."""

    def first_board(self) -> BoardData | None:
        """The board for the first frame, read straight from the file (once)."""

    def first_agenda(self) -> TodayScreen.Loaded | None:
        """Today's first rows, when the CLI read them aside (once)."""


class _InApp(Protocol):
    """A widget, screen or palette provider: anything that knows its app."""

    @property
    def app(self) -> App[Any]: ...


def host(node: _InApp) -> AfterviewHost:
    """The app of ``node`` as the screens may use it."""
    return cast("AfterviewHost", node.app)
