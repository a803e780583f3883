"""Which stage a new application goes to: chosen by role and position, never
by name, so renaming or reordering stages keeps the rule meaningful."""

from __future__ import annotations

from collections.abc import Sequence

from storage.rules.records import StageRec


def default_stage(stages: Sequence[StageRec], *, interviewed: bool = False) -> StageRec | None:
    """Where a new application goes when no stage is named.

    ``stages`` in board order. Without an interview: the first open stage
    (where applications start: Applied by default). With one: the open stage
    after it, since an interview means the application moved past applying
    (Screen by default: a new application's first interview is usually the
    screen); the first open stage if it is the only one. None when no stage
    is open.
    """
    open_stages = [s for s in stages if s.role == "open"]
    if not open_stages:
        return None
    if interviewed and len(open_stages) > 1:
        return open_stages[1]
    return open_stages[0]
