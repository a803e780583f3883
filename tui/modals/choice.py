"""Pick one of a few named values (a stage's role in Settings): the choices
are read in full, with what each means, rather than cycled through blind."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.modals.after_keys import AfterKeys
from tui.modals.close_once import CloseOnce
from tui.widgets.footer import KeyFooter


class ChoiceScreen(AfterKeys, CloseOnce, ModalScreen[str | None]):
    """``choices`` as (value, label, meaning); returns the value picked, or None.
    Starts on ``current``."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen #choice {
        width: 80; max-width: 100%; height: auto; max-height: 90%;
        padding: 0 1; border: thick $primary 60%; background: $surface;
    }
    ChoiceScreen #choice-title { text-style: bold; margin-bottom: 1; }
    ChoiceScreen OptionList { height: auto; max-height: 12; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick", "Choose", id="choice.pick", priority=True),
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
    ]
    AUTO_FOCUS = "#choices"

    def __init__(self, title: str, choices: list[tuple[str, str, str]],
                 current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            # Content: a title may hold the user's words (a stage's name).
            yield Static(Content(self.title_text), id="choice-title")
            width = max(len(label) for _, label, _ in self.choices)
            yield OptionList(*(Option(Content.assemble((f"{label:<{width}}", "bold"), "  ",
                                                       (meaning, "$text-muted")), id=value)
                               for value, label, meaning in self.choices), id="choices")
        yield KeyFooter()

    def on_mount(self) -> None:
        values = [value for value, _, _ in self.choices]
        self.query_one(OptionList).highlighted = (
            values.index(self.current) if self.current in values else 0)

    def action_pick(self) -> None:
        # enter is a priority key: the arrows read with it move the cursor first.
        self.after_keys(self._pick_now)

    def _pick_now(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        self.dismiss(option.id if option is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
