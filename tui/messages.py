"""App-wide messages, posted by database workers and handled on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StoreReady(Message):
    """The database is open and migrated: screens may load their data."""


@dataclass
class DataChanged(Message):
    """Something was written: every screen showing derived data reloads."""

    application_id: int | None = None
