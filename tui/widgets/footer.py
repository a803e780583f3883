"""The footer: the current screen's keys, drawn as one line by one widget.

Textual's Footer is a container of one widget per key (a dozen here), and it
rebuilds them, unmounting and mounting each, whenever the screen's bindings
are refreshed, which happens on every focus change. Each key widget is also
styled and drawn on its own: together about a fifth of a screen's first
frame. This footer draws the same line itself and redraws only when the keys
it shows change. A click on a key presses it, as in Textual's footer.

When the keys do not all fit, the screen's own come first (in the order its
BINDINGS declare them), then the focused widget's, then the app's, and the
line is cut from the end. Textual's order would put the focused widget's
first, and a screen's priority binding where the widget's binding for the
same key was (the composer's ^e and ^y, where the text area has its own):
at 40 columns the composer's ^n Mark sent was never shown.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
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

#: Which keys a short line keeps first: the screen's own, the focused
#: widget's (and its containers'), the app's.
SCREEN, WIDGET, APP = range(3)


@cache
def declared_order(screen_type: type[Screen[Any]]) -> dict[str, int]:
    """Each binding's place in the screen class's BINDINGS (then its bases'),
    by id when it has one: a key the user remapped keeps its place."""
    order: dict[str, int] = {}
    for cls in screen_type.__mro__:
        for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
            order.setdefault(binding.id or binding.key, len(order))
    return order


def fitting(widths: list[int], room: int) -> int:
    """How many of the first ``widths`` fit in ``room`` cells together."""
    used = count = 0
    for width in widths:
        used += width
        if used > room:
            break
        count += 1
    return count


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
        #: The keys in Textual's order: drawn so when they all fit.
        self.entries: tuple[FooterEntry, ...] = ()
        #: The same keys, most important first: drawn so when they do not.
        self.by_importance: tuple[FooterEntry, ...] = ()
        #: How many of ``by_importance`` are the screen's own.
        self.own = 0
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
        importance: list[tuple[int, int]] = []
        declared = declared_order(type(screen))
        actions: set[str] = set()
        palette = help_entry = None
        for index, (key, active) in enumerate(screen.active_bindings.items()):
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
                if active.node is screen:
                    place = declared.get(binding.id or binding.key, len(declared) + index)
                    importance.append((SCREEN, place))
                else:
                    importance.append((APP if active.node is app else WIDGET, index))
        ranked = sorted(zip(importance, entries, strict=True), key=lambda pair: pair[0])
        by_importance = tuple(entry for _, entry in ranked)
        own = sum(1 for (group, _), _ in ranked if group == SCREEN)
        shown = (tuple(entries), by_importance, own, palette, help_entry)
        if shown != (self.entries, self.by_importance, self.own, self.palette, self.help):
            self.entries, self.by_importance, self.own, self.palette, self.help = shown
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

        separator = self.get_component_rich_style("key-footer--separator")
        width = self.size.width
        right: list[tuple[FooterEntry, Text]] = []
        if self.help is not None:
            right.append((self.help, piece(self.help)))
        if self.palette is not None:
            right.append((self.palette, Text.assemble(
                ("▏", separator), (self.palette.key_display, key_style),
                (f" {self.palette.description} ", description_style))))
        room = width - sum(text.cell_len for _, text in right)
        pieces = [(entry, piece(entry)) for entry in self.entries]
        if sum(text.cell_len for _, text in pieces) > room:
            pieces = [(entry, piece(entry)) for entry in self.by_importance]
            if self.palette is not None:
                # The word "palette" gives way to the screen's own keys (its
                # key stays: the palette runs every command, Keys among them).
                short = Text.assemble(("▏", separator), (self.palette.key_display, key_style),
                                      (" ", description_style))
                roomier = room + right[-1][1].cell_len - short.cell_len
                widths = [text.cell_len for _, text in pieces[:self.own]]
                if fitting(widths, roomier) > fitting(widths, room):
                    right[-1], room = (self.palette, short), roomier
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for entry, text in pieces:
            if line.cell_len + text.cell_len > room:
                break  # no half keys, no less important key before it: listed on `?`
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
