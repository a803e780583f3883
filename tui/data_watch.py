"""How a screen stays current: one subscription shape for every screen.

Today, the calendar, the board and the details subscribe the same way: call
``watch_data()`` on mount and implement ``data_changed``. The app publishes
one ``DataChange`` per write (here, or in another process on the database).

When ``data_changed`` is called is decided here, once, not by each screen:

- at once while the screen is on a mode's screen stack: shown, under a dialog
  or the composer, or left under another mode by a switch (the board's details
  while Today is shown). It is current whenever it is shown again, with no
  frame of old data first;
- when it is shown again (its ScreenResume), for a screen on no stack: closed
  but kept installed for reuse, as the details are. Everything written
  meanwhile comes as one DataChange.

A screen must not skip a change because it is not shown: nothing would tell it
again. The details did (``self in app.screen_stack``, the *current* mode's
stack only), and after a note was sent from Today the board's details still
showed the thank-you as due until reopened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from tui.host import host
from tui.messages import DataChange

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.screen import Screen


def together(first: DataChange, then: DataChange) -> DataChange:
    """Two changes told as one: every application either may have touched, and
    no origin unless the same screen made both (an origin means "already shown
    there", true of the pair only then)."""
    if first.app_ids is None or then.app_ids is None:
        app_ids = None
    else:
        app_ids = first.app_ids | then.app_ids
    return DataChange(app_ids, first.origin if first.origin is then.origin else None)


class WatchesData:
    """Mixin for a Screen that shows stored data."""

    #: What was written while the screen was on no stack, told when it is shown.
    _unheard: DataChange | None = None

    def watch_data(self) -> None:
        """Call from on_mount: ``data_changed`` hears every write from now on."""
        pump = cast("MessagePump", self)
        host(pump).data_signal.subscribe(pump, self._heard)

    def _heard(self, change: DataChange) -> None:
        if self._on_a_stack():
            self.data_changed(change)
        else:
            unheard = self._unheard
            self._unheard = change if unheard is None else together(unheard, change)

    def _on_a_stack(self) -> bool:
        """On any mode's screen stack, the current one or one switched away from."""
        app = cast("Screen[Any]", self).app
        for mode in {app.current_mode, *app.MODES}:
            try:
                if self in app.get_screen_stack(mode):
                    return True
            except KeyError:  # a mode not shown yet has no stack
                continue
        return False

    def on_screen_resume(self) -> None:
        # Textual calls this beside a screen's own on_screen_resume (one
        # handler per class of the MRO): a screen defining one need not call it.
        unheard, self._unheard = self._unheard, None
        if unheard is not None:
            self.data_changed(unheard)

    if TYPE_CHECKING:  # each screen says what it reads again (no default)
        def data_changed(self, change: DataChange) -> None: ...
