"""Business-day arithmetic (ETIQUETTE.md, "Definitions").

A business day is a date whose weekday is in ``workdays`` (0 = Monday) and
that is not a holiday. Everything here is pure: the cadence, the date parser
and the calendar screen all count days through one :class:`WorkCalendar`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_WORKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days count as business days."""

    workdays: frozenset[int] = field(default_factory=lambda: frozenset(DEFAULT_WORKDAYS))
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # With no workday at all every search for the "next business day"
        # would loop forever; settings validation refuses it, this is the guard.
        if not self.workdays:
            raise ValueError("at least one weekday must be a workday")
        if not set(self.workdays) <= set(range(7)):
            raise ValueError("workdays are weekday numbers 0 (Monday) to 6 (Sunday)")

    @classmethod
    def of(cls, workdays: Iterable[int] = DEFAULT_WORKDAYS,
           holidays: Iterable[date] = ()) -> WorkCalendar:
        return cls(frozenset(workdays), frozenset(holidays))

    def is_business_day(self, d: date) -> bool:
        return d.weekday() in self.workdays and d not in self.holidays

    def add_business_days(self, d: date, n: int) -> date:
        """The n-th business day after ``d`` (``d`` itself not counted).

        ``n == 0`` returns ``d``; a negative n counts backwards (the n-th
        business day before ``d``). Whole weeks are jumped at once, so the cost
        does not grow with n (benchmark databases ask for n in the hundreds).
        """
        if n == 0:
            return d
        step = 1 if n > 0 else -1
        remaining = abs(n)
        per_week = len(self.workdays)
        weeks = (remaining - 1) // per_week
        current = d
        if weeks:
            jumped = current + timedelta(days=7 * weeks * step)
            low, high = (current, jumped) if step > 0 else (jumped, current)
            # Holidays on workdays inside the jump were not business days.
            lost = sum(1 for h in self.holidays
                       if low < h <= high and h.weekday() in self.workdays) if step > 0 else \
                sum(1 for h in self.holidays
                    if low <= h < high and h.weekday() in self.workdays)
            remaining -= weeks * per_week - lost
            current = jumped
        while remaining:
            current += timedelta(days=step)
            if self.is_business_day(current):
                remaining -= 1
        return current

    def next_business_day(self, d: date) -> date:
        return self.add_business_days(d, 1)

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]: how many steps from start reach end."""
        if end <= start:
            return 0
        return sum(
            1 for i in range(1, (end - start).days + 1)
            if self.is_business_day(start + timedelta(days=i))
        )
