"""App-wide messages and signal payloads."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StoreReady(Message):
    """The database is open and migrated: screens may load their data."""

    reload: bool = True
    """False when the screen already shows current data (the quick first read)."""


@dataclass(frozen=True)
class DataChange:
    """Published on the app's data signal after any write, in this process
    (``tui.write_path``) or in another one on the same database (the app
    polls for those, see ``AfterviewApp.watch_other_writers``).

    ``app_ids`` None means "anything may have changed: read again". ``origin``
    is the screen that wrote, which already shows the result.
    """

    app_ids: frozenset[int] | None = None
    origin: object | None = None

    def touches(self, app_id: int | None) -> bool:
        """Whether the application ``app_id`` may have changed."""
        return self.app_ids is None or app_id in self.app_ids
