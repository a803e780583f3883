"""How a screen stays current: one subscription shape for every screen.

Today, the calendar, the board and the details subscribe the same way: call
``watch_data()`` on mount and implement ``data_changed``. The app publishes
one ``DataChange`` per write (here, or in another process on the database).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from tui.host import host

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from tui.messages import DataChange


class WatchesData:
    """Mixin for a Screen that shows stored data."""

    def watch_data(self) -> None:
        """Call from on_mount: ``data_changed`` hears every write from now on."""
        pump = cast("MessagePump", self)
        host(pump).data_signal.subscribe(pump, self.data_changed)

    if TYPE_CHECKING:  # each screen says what it reads again (no default)
        def data_changed(self, change: DataChange) -> None: ...
