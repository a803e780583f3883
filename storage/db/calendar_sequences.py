"""SEQUENCE numbers for exported calendar events.

A calendar keeps, for each UID, the copy with the highest SEQUENCE, so an
event whose time moved must come back with a higher one. Nothing in the facts
says whether a time moved since the last export (a round rescheduled, a
snooze, a new decision date, a changed cadence setting all move it, and an
un-snooze moves it back, so no number derived from the due date alone can be
trusted to rise), so the export remembers what it last said: one row per UID
with the due time it gave and its SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from storage.db.models import CalendarSequence


def current(s: Session, uids: Mapping[str, str]) -> dict[str, tuple[str, int]]:
    """(due, sequence) last exported for each of ``uids`` that was exported before."""
    wanted = set(uids)
    return {uid: (due, seq) for uid, due, seq in s.execute(
        select(CalendarSequence.uid, CalendarSequence.due, CalendarSequence.sequence))
        if uid in wanted}


def needs_writing(known: Mapping[str, tuple[str, int]], dues: Mapping[str, str]) -> bool:
    return any(uid not in known or known[uid][0] != due for uid, due in dues.items())


def assign(s: Session, dues: Mapping[str, str]) -> dict[str, int]:
    """Each UID's SEQUENCE for an export that gives it the due time ``dues[uid]``:
    0 the first time, one more than last time when the due time changed, else the
    same. Stores what changed (inside the caller's transaction)."""
    known = current(s, dues)
    new_rows, moved, out = [], [], {}
    for uid, due in dues.items():
        if uid not in known:
            new_rows.append({"uid": uid, "due": due, "sequence": 0})
            out[uid] = 0
        elif known[uid][0] != due:
            moved.append({"uid": uid, "due": due, "sequence": known[uid][1] + 1})
            out[uid] = known[uid][1] + 1
        else:
            out[uid] = known[uid][1]
    if new_rows:
        s.execute(insert(CalendarSequence), new_rows)
    if moved:
        s.execute(update(CalendarSequence), moved)
    return out
