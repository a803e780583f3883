"""What "today" is: the real date, or the one frozen by ``AFTERVIEW_TODAY``.

Demos, tests and screenshots freeze the date so that everything derived from
it (due dates, statuses, the calendar) is reproducible.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from storage.errors import ValidationError

TODAY_ENV = "AFTERVIEW_TODAY"


def today() -> date:
    frozen = os.environ.get(TODAY_ENV, "").strip()
    if frozen:
        try:
            return date.fromisoformat(frozen)
        except ValueError:
            raise ValidationError(
                f"{TODAY_ENV}={frozen!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-19"
            ) from None
    return date.today()


def now() -> datetime:
    """Local wall-clock now; on a frozen day, that day at the current time."""
    current = datetime.now()
    frozen = today()
    if frozen != current.date():
        return datetime.combine(frozen, current.time())
    return current
