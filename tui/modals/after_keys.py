"""Acting on a key only once the keys that came before it have been handled.

A priority binding (the forms' ctrl+s) runs the moment the App reads its key.
The keys read with it — typed fast, pasted without bracketed paste, sent by a
text expander or `tmux send-keys 'Priya Shah <priya@…>' C-s` — have only been
put in the focused field's queue, not yet typed into it; and a key the field
leaves to a binding (ctrl+u, backspace) goes on up its parents' queues to the
App before it acts. Saving at once saved what the fields held before those
keys: "P" for "Priya Shah <priya@lumenlabs.io>", no name for "Zoe Lin".

So the action is sent along the keys' own path instead: a marker goes into
every field's queue, behind whatever keys it holds, and up the same parents to
the screen; once every marker is there, the action is queued on the App,
behind the keys those fields passed up to it. Only public Textual API is used:
each queue is first in, first out.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from textual.message import Message

_tickets = count(1)
#: Per screen: ticket → (markers still to come, the callback).
Waiting = dict[int, tuple[int, Callable[[], object]]]


class KeysHandled(Message):
    """A marker sent up from one field: its keys before it have been handled."""

    def __init__(self, ticket: int) -> None:
        super().__init__()
        self.ticket = ticket


class AfterKeys:
    """Mixin, before the Screen class: ``after_keys(callback)`` runs the callback
    once the keys delivered so far have been handled by the fields (and by the
    bindings they reach), and only while this screen is still the one on top."""

    def after_keys(self, callback: Callable[[], object]) -> None:
        waiting: Waiting = self.__dict__.setdefault("_after_keys_waiting", {})
        ticket = next(_tickets)
        # Every field that can take focus: keys typed before a fast tab are
        # still in the queue of the field the tab left.
        fields = [w for w in self.query("*") if w.can_focus]  # type: ignore[attr-defined]
        sent = sum(bool(field.post_message(KeysHandled(ticket))) for field in fields)
        if sent:
            waiting[ticket] = (sent, callback)
        else:
            self._after_keys_done(callback)

    def on_keys_handled(self, message: KeysHandled) -> None:
        message.stop()
        waiting: Waiting = self.__dict__.get("_after_keys_waiting", {})
        if message.ticket not in waiting:
            return
        left, callback = waiting.pop(message.ticket)
        if left > 1:
            waiting[message.ticket] = (left - 1, callback)
        else:
            self._after_keys_done(callback)

    def _after_keys_done(self, callback: Callable[[], object]) -> None:
        # The last hop: the keys the fields left to bindings are in the App's
        # queue by now, and this callback goes behind them.
        self.app.call_later(self._run_if_on_top, callback)  # type: ignore[attr-defined]

    def _run_if_on_top(self, callback: Callable[[], object]) -> None:
        # A key in the same read may have closed the screen (escape) meanwhile.
        if self.is_attached and self is self.app.screen:  # type: ignore[attr-defined]
            callback()
