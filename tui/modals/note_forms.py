"""Small dialogs: the call's outcome, the .eml path, "send anyway?", snooze until."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from storage.paths import expand_user
from storage.rules import clock
from storage.rules.cadence import format_day
from storage.rules.records import AgendaItem
from tui.modals.close_once import CloseOnce
from tui.modals.forms import FieldError, FormScreen
from tui.widgets.date_field import DateField
from tui.widgets.footer import KeyFooter


@dataclass(frozen=True)
class CallOutcome:
    answered: bool
    new_decision_on: date | None
    note: str


class CallOutcomeForm(FormScreen[CallOutcome]):
    """After the call script: how it went (004: a new date means a new wait)."""

    TITLE_TEXT = "How did the call go?"
    AUTO_FOCUS = "#answered"

    def __init__(self, who: str) -> None:
        super().__init__()
        self.TITLE_TEXT = f"How did the call to {who} go?"

    def compose_fields(self) -> ComposeResult:
        yield Label("Did they answer?")
        # String values: Textual's Select reserves False for "nothing chosen".
        yield Select([("Yes, we spoke", "yes"), ("No answer / voicemail", "no")],
                     value="yes", allow_blank=False, id="answered")
        yield DateField("They gave a new decision date", id="new_decision")
        yield from self.field("call_note", "Notes from the call")

    def collect(self) -> CallOutcome:
        new_date = self.date_value("new_decision")
        return CallOutcome(self.query_one("#answered", Select).value == "yes",
                           new_date if isinstance(new_date, date) else None,
                           self.text("call_note"))


class ExportForm(FormScreen[Path]):
    """Where to write the .eml file; an existing file is never replaced."""

    TITLE_TEXT = "Export as an .eml file"

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose_fields(self) -> ComposeResult:
        yield from self.field("path", "Save to", str(self.suggested))

    def collect(self) -> Path:
        text = self.text("path")
        if not text:
            raise FieldError("path", "Type a file path, e.g. ~/note.eml")
        try:
            path = expand_user(text)
        except ValueError as exc:
            raise FieldError("path", str(exc)) from None
        if path.is_dir():
            raise FieldError("path", "That is a folder: add a file name, e.g. note.eml")
        if path.exists():
            raise FieldError("path", "A file is already there: choose another name")
        return path


#: Below this width the yes/no dialog trims its padding and its buttons' widths.
CONFIRM_NARROW_WIDTH = 50


class ConfirmScreen(CloseOnce, ModalScreen[bool]):
    """A yes/no question; escape means no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes") -> None:
        super().__init__()
        self.question, self.detail, self.yes = question, detail, yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content(self.question), id="confirm-question")
            if self.detail:  # finding messages quote "[slots]": plain text, not markup
                yield Static(Content(self.detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button("Cancel (n)", id="no")
        yield KeyFooter()  # y and n, not the keys of the screen beneath

    def on_resize(self, event: events.Resize) -> None:
        # Both buttons on one line down to 40 columns (there "Cancel (n)" was cut).
        self.set_class(event.size.width < CONFIRM_NARROW_WIDTH, "-narrow")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


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
