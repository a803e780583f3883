"""A date (or date-time) input that shows what it understood as you type.

Uses the same parser as the command line (:mod:`storage.rules.dates`), so
"nov 27", "next friday" or "+3d" mean the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from storage.rules import clock
from storage.rules.dates import (
    DateParseError,
    describe_date,
    describe_datetime,
    parse_date,
    parse_datetime,
)
from tui.widgets.text_field import TextField


class DateField(Vertical):
    """A labelled input whose hint line reads "→ Fri 27 Nov 2026" or the error."""

    DEFAULT_CSS = """
    DateField { height: auto; }
    DateField > .date-field--hint { color: $text-muted; padding: 0 1; height: 1; }
    DateField.-invalid > .date-field--hint { color: $error; }
    DateField.-invalid > Input { border: tall $error; }
    """

    def __init__(self, label: str, *, value: str = "", with_time: bool = False,
                 required: bool = False, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.with_time = with_time
        self.required = required
        self._initial = value
        self._placeholder = placeholder or ("e.g. thu 2pm, 2026-11-19 14:00" if with_time
                                            else "e.g. nov 27, friday, +3d")

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield TextField(self._initial, placeholder=self._placeholder)
        yield Static("", classes="date-field--hint")

    def on_mount(self) -> None:
        self._show(self.query_one(Input).value)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def parse(self) -> date | datetime | None:
        """The value, None when empty and optional; raises DateParseError otherwise."""
        text = self.query_one(Input).value.strip()
        if not text:
            if self.required:
                raise DateParseError(f"{self.label.lower()}: required")
            return None
        today = clock.today()
        return parse_datetime(text, today) if self.with_time else parse_date(text, today)

    def _show(self, text: str) -> None:
        hint = self.query_one(".date-field--hint", Static)
        try:
            value = self.parse()
        except DateParseError as exc:
            self.set_class(bool(text.strip()) or self.required, "-invalid")
            # Content: the message quotes what was typed, never markup ("[x" would crash).
            hint.update(Content(str(exc)) if text.strip() else "")
            return
        self.remove_class("-invalid")
        if value is None:
            hint.update("")
        elif isinstance(value, datetime):
            hint.update(f"→ {describe_datetime(value)}")
        else:
            hint.update(f"→ {describe_date(value)}")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def show_error(self, message: str) -> None:
        self.add_class("-invalid")
        self.query_one(".date-field--hint", Static).update(Content(message))
