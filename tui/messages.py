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
    """Published on the app's data signal after any write.

    ``app_id`` None means "anything may have changed: reload". ``origin`` is
    the screen that wrote, which already shows the result.
    """

    app_id: int | None = None
    origin: object | None = None
