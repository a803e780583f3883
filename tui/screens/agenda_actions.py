"""What Today and the calendar do to a pending action: write, done, snooze, skip, open.

A mixin: the screen says which item is selected; the writes go through the
app's one write helper, which tells every screen (the board's card, the
other agenda screen) that the application changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult

from storage import clock
from storage.cadence import format_day
from storage.records import ActionRef, AgendaItem
from tui.screens.forms import FieldError, FormScreen
from tui.widgets.date_field import DateField

if TYPE_CHECKING:
    from tui.app import AfterviewApp


class SnoozeForm(FormScreen[date]):
    """Until when: any date the shared parser reads, after the day it is due."""

    TITLE_TEXT = "Snooze"
    AUTO_FOCUS = "#until Input"

    def __init__(self, item: AgendaItem) -> None:
        super().__init__()
        self.item = item
        self.TITLE_TEXT = f"Snooze: {item.title} ({item.company})"

    def compose_fields(self) -> ComposeResult:
        yield DateField("Until", value="tomorrow", required=True, id="until")

    def collect(self) -> date:
        until = self.date_value("until")
        assert isinstance(until, date)
        earliest = max(clock.today(), self.item.date)
        if until <= earliest:
            raise FieldError("until", f"Pick a day after {format_day(earliest)}: a snooze "
                                      "only postpones")
        return until


class AgendaActions:
    """Mixin for a Screen listing agenda items; ``selected_item`` says which."""

    def selected_item(self) -> AgendaItem | None:
        raise NotImplementedError

    @property
    def _app(self) -> AfterviewApp:
        return self.app  # type: ignore[attr-defined, no-any-return]

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

        self._app.push_screen(SnoozeForm(item), snooze)

    def _resolve(self, describe: str, done: str, item: AgendaItem | None = None,
                 **how: Any) -> None:
        item = item or self.selected_item()
        if item is None:
            return
        ref = ActionRef.of(item)
        self._app.write(describe, item.application_id,
                        lambda store: store.resolve_action(item.application_id, ref, **how),
                        f"{done}: {item.title} ({item.company})")
