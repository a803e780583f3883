"""Which pending action a sent note answers: one rule for every way a note is sent.

The composer's mark-as-sent, its send key and the mail import all complete
the action a note answers: the same kind of action, for the same person
(move on and references name nobody), about the same round.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.rules.cadence import ActionKind
from storage.rules.records import AgendaItem

#: The actions a note of each kind answers. A call and an update request are
#: logged as follow-ups, so they answer whichever follow-up is pending.
ANSWERS: dict[str, frozenset[str]] = {
    "thank_you": frozenset({ActionKind.THANK_YOU}),
    "follow_up": frozenset({ActionKind.FOLLOW_UP}),
    "second_follow_up": frozenset({ActionKind.SECOND_FOLLOW_UP}),
    "update_request": frozenset({ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP}),
    "call_script": frozenset({ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP}),
    "reference_heads_up": frozenset({ActionKind.REFERENCES}),
    "stay_in_touch": frozenset({ActionKind.MOVE_ON}),
}


def answers(item: AgendaItem, kind: str, contact_id: int | None, round_id: int | None) -> bool:
    """Whether a note of ``kind`` to ``contact_id`` about round ``round_id`` answers
    ``item`` (a reminder is answered only by the note opened for it: the caller's
    business)."""
    if item.kind == ActionKind.CUSTOM or item.kind not in ANSWERS.get(kind, frozenset()):
        return False
    if item.contact_id is not None and item.contact_id != contact_id:
        return False
    return item.interview_id is None or item.interview_id == round_id


def first_answered(items: Sequence[AgendaItem], kind: str, contact_id: int | None,
                   round_id: int | None) -> AgendaItem | None:
    return next((i for i in items if answers(i, kind, contact_id, round_id)), None)
