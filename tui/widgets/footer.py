"""The footer: the current screen's keys, drawn as one line by one widget.

Textual's Footer is a container of one widget per key (a dozen here), and it
rebuilds them, unmounting and mounting each, whenever the screen's bindings
are refreshed, which happens on every focus change. Each key widget is also
styled and drawn on its own: together about a fifth of a screen's first
frame. This footer draws the same line itself and redraws only when the keys
it shows change. A click on a key presses it, as in Textual's footer.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class FooterEntry(NamedTuple):
    key: str
    key_display: str
    description: str
    enabled: bool


#: Kept at the right with the palette's key when the others do not all fit:
#: the help it opens lists every key.
HELP_KEY = "question_mark"


class KeyFooter(Widget, can_focus=False):
    """One line of keys, docked at the bottom; help and the palette's key at the right."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--disabled { text-style: dim; }
    KeyFooter > .key-footer--separator { color: $foreground 20%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key", "key-footer--description", "key-footer--disabled",
        "key-footer--separator",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: tuple[FooterEntry, ...] = ()
        self.palette: FooterEntry | None = None
        self.help: FooterEntry | None = None
        #: (first cell, last cell + 1, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.screen:
            return
        app = self.app
        entries: list[FooterEntry] = []
        actions: set[str] = set()
        palette = help_entry = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            entry = FooterEntry(binding.key, app.get_key_display(binding),
                                binding.description, active.enabled)
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif key == HELP_KEY and binding.show:
                help_entry = entry
            # One entry per action, as Textual's footer shows (hjkl beside the arrows).
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                entries.append(entry)
        shown = (tuple(entries), palette, help_entry)
        if shown != (self.entries, self.palette, self.help):
            self.entries, self.palette, self.help = shown
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        disabled = self.get_component_rich_style("key-footer--disabled", partial=True)

        def piece(entry: FooterEntry) -> Text:
            text = Text.assemble((f" {entry.key_display} ", key_style),
                                 (f"{entry.description} ", description_style))
            if not entry.enabled:
                text.stylize(disabled)
            return text

        width = self.size.width
        right: list[tuple[FooterEntry, Text]] = []
        if self.help is not None:
            right.append((self.help, piece(self.help)))
        if self.palette is not None:
            separator = self.get_component_rich_style("key-footer--separator")
            right.append((self.palette, Text.assemble(
                ("▏", separator), (self.palette.key_display, key_style),
                (f" {self.palette.description} ", description_style))))
        room = width - sum(text.cell_len for _, text in right)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for entry in self.entries:
            text = piece(entry)
            if line.cell_len + text.cell_len > room:
                break  # no half keys: what does not fit is listed on `?`
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, entry.key))
            line.append_text(text)
        line.append(" " * max(room - line.cell_len, 0))
        for entry, text in right:
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, entry.key))
            line.append_text(text)
        return line

    def key_at(self, x: int) -> str | None:
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        entry = next((e for e in (*self.entries, self.help, self.palette)
                      if e is not None and e.key == key), None)
        if entry is not None and not entry.enabled:
            self.app.bell()
        else:
            self.app.simulate_key(key)
