"""Business-day arithmetic: the definitions of ETIQUETTE.md."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.rules.business_days import WorkCalendar

THU = date(2026, 11, 19)


def naive_add(cal: WorkCalendar, d: date, n: int) -> date:
    """The definition, step by step: the reference the fast version must match."""
    step = 1 if n >= 0 else -1
    remaining, current = abs(n), d
    while remaining:
        current += timedelta(days=step)
        if cal.is_business_day(current):
            remaining -= 1
    return current


def test_thursday_plus_five_is_next_thursday() -> None:
    assert WorkCalendar().add_business_days(THU, 5) == date(2026, 11, 26)


def test_day_itself_is_not_counted() -> None:
    assert WorkCalendar().add_business_days(THU, 1) == date(2026, 11, 20)


def test_weekend_and_holiday_are_skipped() -> None:
    cal = WorkCalendar.of(holidays=[date(2026, 12, 25)])
    assert cal.next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert cal.next_business_day(date(2026, 11, 21)) == date(2026, 11, 23)


def test_custom_workdays() -> None:
    cal = WorkCalendar.of(workdays=[6, 0, 1, 2, 3])  # Sunday to Thursday
    assert cal.next_business_day(THU) == date(2026, 11, 22)


def test_no_workday_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        WorkCalendar.of(workdays=[])


def test_business_days_between() -> None:
    assert WorkCalendar().business_days_between(THU, date(2026, 11, 26)) == 5
    assert WorkCalendar().business_days_between(THU, THU) == 0


calendars = st.builds(
    WorkCalendar.of,
    workdays=st.sets(st.integers(0, 6), min_size=1),
    holidays=st.lists(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=30),
)


@given(calendars, st.dates(date(2026, 1, 1), date(2027, 12, 31)), st.integers(-400, 400))
def test_week_jumping_matches_the_definition(cal: WorkCalendar, d: date, n: int) -> None:
    assert cal.add_business_days(d, n) == naive_add(cal, d, n)


@given(calendars, st.dates(date(2026, 1, 1), date(2027, 12, 31)), st.integers(1, 60))
def test_result_is_a_business_day_after_d(cal: WorkCalendar, d: date, n: int) -> None:
    result = cal.add_business_days(d, n)
    assert result > d
    assert cal.is_business_day(result)
    assert cal.business_days_between(d, result) == n
