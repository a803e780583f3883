"""What Today and the calendar do to a pending action: write, done, snooze, skip, open.

A mixin: the screen says which item is selected; the writes go through the
app's one write path, which tells every screen (the board's card, the
other agenda screen) that the application changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding, BindingType

from storage.rules import clock
from storage.rules.cadence import format_day
from storage.rules.records import ActionRef, AgendaItem
from tui.data_watch import WatchesData
from tui.host import AfterviewHost, host
from tui.messages import DataChange, StoreReady
from tui.write_path import Write, touched

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from storage.db.store import Store


def agenda_bindings(screen: str) -> list[BindingType]:
    """The keys Today and the calendar share, with ids under ``screen``."""
    return [
        Binding("d", "done", "Done", id=f"{screen}.done"),
        Binding("s", "snooze", "Snooze", id=f"{screen}.snooze"),
        Binding("x", "skip", "Skip", id=f"{screen}.skip"),
        Binding("o", "open", "Details", id=f"{screen}.open"),
    ]


#: The actions that act on the selected item (dimmed when there is none).
ITEM_ACTIONS = frozenset({"write", "open", "done", "skip", "snooze"})


class AgendaActions(WatchesData):
    """Mixin for a Screen listing agenda items (Today, the calendar).

    The screen gives ``selected_item`` and ``load`` (a worker that reads and
    posts its Loaded message); the mixin reloads it after any write anywhere
    and when the store opens.
    """

    if TYPE_CHECKING:  # given by each screen (the mixin has no default for either)
        def selected_item(self) -> AgendaItem | None: ...

        def load(self) -> None: ...

    @property
    def store(self) -> Store | None:
        return self._app.store

    def watch_data(self) -> None:
        """Call from on_mount: keep the screen current from now on."""
        super().watch_data()
        if self.store is not None:
            self.load()

    def data_changed(self, change: DataChange) -> None:
        # Any application may be on the list (or join it): read it again.
        self.load()

    def on_store_ready(self, message: StoreReady) -> None:
        self.load()

    @property
    def _app(self) -> AfterviewHost:
        return host(cast("DOMNode", self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no action selected (an empty day) these keys would do nothing:
        # the footer dims them instead of offering them.
        if action in ITEM_ACTIONS and self.selected_item() is None:
            return None
        return True

    def action_write(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._app.open_composer(item.application_id, ActionRef.of(item))

    def action_open(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._app.show_details(item.application_id)

    def action_done(self) -> None:
        self._resolve("mark it done", "Done", done_on=clock.today())

    def action_skip(self) -> None:
        self._resolve("skip it", "Skipped", skipped_on=clock.today())

    def action_snooze(self) -> None:
        item = self.selected_item()
        if item is None:
            return

        def snooze(until: date | None) -> None:
            if until is not None:
                self._resolve("snooze it", f"Snoozed to {format_day(until)}", item=item,
                              snoozed_to=until)

        from tui.modals.note_forms import SnoozeForm  # forms load on first use

        cast("Screen[None]", self).app.push_screen(SnoozeForm(item), snooze)

    def _resolve(self, describe: str, done: str, item: AgendaItem | None = None,
                 **how: Any) -> None:
        item = item or self.selected_item()
        if item is None:
            return
        ref = ActionRef.of(item)
        self._app.write(Write(
            describe, lambda store: store.resolve_action(item.application_id, ref, **how),
            touched(item.application_id), done=f"{done}: {item.title} ({item.company})"))
