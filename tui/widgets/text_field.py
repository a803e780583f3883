"""A one-line text field whose editing keys act in the order they were typed.

Textual's Input types a character the moment it handles its key, but leaves
its editing keys (backspace, ctrl+u, the arrows, home…) to bindings that run
only once the key has gone up through the field's parents to the App. Keys
that arrive together — typed fast, pasted without bracketed paste, sent by
`tmux send-keys` — were therefore applied out of order: ctrl+u then "Kim Park"
cleared the field after "Kim Park" was typed, and "Linn" + backspace took the
"n" off whatever came next. This field runs its own bindings as it handles the
key, in order with the characters around it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingsMap
from textual.widgets import Input


class TextField(Input):
    """An Input whose own key bindings act in order with the characters typed."""

    #: Input's editing keys (not the scrolling ones it inherits: those stay
    #: with the App's usual bindings chain).
    _EDITING_KEYS: ClassVar[BindingsMap] = BindingsMap(Input.BINDINGS)

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input types it itself, at once
        for binding in self._EDITING_KEYS.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue
            if await self.app.run_action(binding.action, self):
                # Done here, so it goes no further: the App would run it again.
                event.stop()
                event.prevent_default()
                return
