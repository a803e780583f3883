"""A Footer that rebuilds only when the keys it shows change.

Textual's Footer recomposes (unmounts and mounts every key) whenever the
screen's bindings are refreshed, which happens on every focus change. On
the board, moving a card moves the focus to another column with exactly the
same keys, and the rebuild cost more than the move itself (about half of
the key's time in a profile).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class StableFooter(Footer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[tuple[str, str, bool], ...] | None = None

    def _signature(self, screen: Screen[Any]) -> tuple[tuple[str, str, bool], ...]:
        return tuple(
            (active.binding.key, active.binding.description, active.enabled)
            for active in screen.active_bindings.values()
            if active.binding.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        signature = self._signature(screen)
        if signature == self._shown:
            return
        self._shown = signature
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # FooterKey.compact starts True and is then bound to the footer's
        # (False here): each key flipped its -compact class on and off while
        # mounting, two style passes per key, about 15 ms of the first board
        # frame. Starting each bound key at the footer's value makes both
        # no-ops. (The palette key is not bound: it stays compact.)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
