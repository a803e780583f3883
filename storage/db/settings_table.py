"""The settings table: the user's settings, and a few internal rows beside them.

The store, the pending-actions cache and the interchange all read and write
settings here, inside the caller's transaction. Internal rows have keys
starting with "_" (the cache's marker, the change counter):
:meth:`Settings.from_stored` ignores them, so they never reach the screens,
``afterview config`` or an export.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db.models import Setting
from storage.rules.settings import Settings


def read_settings(s: Session) -> Settings:
    return Settings.from_stored(s.execute(select(Setting.key, Setting.value)))


def write_settings(s: Session, settings: Settings, only: Iterable[str] | None = None) -> None:
    """Store ``settings`` (only the keys in ``only`` when given); unchanged rows
    are left alone, so their ``updated_at`` keeps meaning something."""
    mapping = settings.to_mapping()
    for key in only if only is not None else mapping:
        _put(s, key, json.dumps(mapping[key]))


def read_internal(s: Session, key: str) -> str | None:
    """An internal row's JSON text, or None."""
    _check_internal(key)
    row = s.get(Setting, key)
    return None if row is None else row.value


def write_internal(s: Session, key: str, value: str) -> None:
    _check_internal(key)
    _put(s, key, value)


def _check_internal(key: str) -> None:
    if not key.startswith("_"):
        raise ValueError(f"{key!r} is a user setting: use read_settings/write_settings")


def _put(s: Session, key: str, text: str) -> None:
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=text))
    elif row.value != text:
        row.value = text
