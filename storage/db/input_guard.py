"""The last door before the database: every row a session writes is checked
with the same rules as the interchange (:mod:`storage.rules.validate`).

Forms, the CLI, the composer and the calendar and mail imports all write
through the ORM, so checking here, just before a flush, covers each of them
and any door added later: no control character, lone surrogate or over-long
text is stored, no date outside :data:`~storage.rules.validate.MIN_YEAR` ..
:data:`~storage.rules.validate.MAX_YEAR`, and an ``email`` column holds one
plain address. Only what changed is checked, so a row written before these
rules can still be edited. (The JSON import inserts with Core, after checking
the whole file itself.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, DateTime, String, Text, event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from storage.rules.validate import check_email, check_year, clean_text

#: Tables the program fills itself (derived data, JSON-encoded settings).
_DERIVED = frozenset({"settings", "pending_actions", "calendar_sequences"})
#: Whose ``name`` a message means.
_OWNER = {"companies": "company", "contacts": "contact", "stages": "stage"}


def _kind(column_type: Any) -> Any:
    return column_type.impl if isinstance(column_type, TypeDecorator) else column_type


def check_row(obj: Any) -> None:
    """Raise :class:`~storage.errors.ValidationError` for the first stored value
    of ``obj`` (a new or changed ORM row) that the rules refuse."""
    state = inspect(obj)
    table = state.mapper.local_table.name
    if table in _DERIVED:
        return
    new = state.pending or state.transient
    for attr in state.mapper.column_attrs:
        value = state.dict.get(attr.key)
        if value is None or (not new and not state.attrs[attr.key].history.has_changes()):
            continue
        what = attr.key.replace("_", " ")
        if attr.key == "name" and table in _OWNER:
            what = f"{_OWNER[table]} name"
        column_type = _kind(attr.columns[0].type)
        if isinstance(value, str) and isinstance(column_type, String):
            multiline = isinstance(column_type, Text)
            clean_text(value, multiline=multiline, limit=column_type.length, what=what)
            if attr.key == "email" and value:
                check_email(value, what)
        elif isinstance(value, date) and isinstance(column_type, Date | DateTime):
            check_year(value, what)


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        check_row(obj)
