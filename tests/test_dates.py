"""Tests for storage.rules.dates: dates and times as people type them.

Expected values are worked out by hand from a wall calendar, not copied from
the parser's output: November 2026 starts on a Sunday, so the main fixed
``today`` (Sunday 22 Nov) has Mon 23 ... Fri 27, Sat 28, Sun 29 after it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from storage.rules.business_days import WorkCalendar
from storage.rules.dates import (
    DateParseError,
    describe_date,
    describe_datetime,
    parse_date,
    parse_datetime,
)

SUN = date(2026, 11, 22)  # Sunday; the default "today" below
MON = date(2026, 11, 23)
THU = date(2026, 11, 26)
DEC30 = date(2026, 12, 30)  # Wednesday, two days before the year turns
JAN3 = date(2026, 1, 3)  # Saturday, just after it turned

THANKSGIVING = WorkCalendar.of(holidays=(date(2026, 11, 26), date(2026, 11, 27)))
SUN_TO_THU = WorkCalendar.of(workdays=(6, 0, 1, 2, 3))

MONTH_ABBRS = ("jan", "feb", "mar", "apr", "may", "jun",
               "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december")
WEEKDAY_WORDS = {
    0: ("mon", "monday"),
    1: ("tue", "tues", "tuesday"),
    2: ("wed", "weds", "wednesday"),
    3: ("thu", "thur", "thurs", "thursday"),
    4: ("fri", "friday"),
    5: ("sat", "saturday"),
    6: ("sun", "sunday"),
}


def _error(text: str, today: date = SUN, *, with_time: bool = False) -> str:
    """The message parse_date/parse_datetime raise for ``text``."""
    parse = parse_datetime if with_time else parse_date
    with pytest.raises(DateParseError) as info:
        parse(text, today)
    return str(info.value)


# --------------------------------------------------------------------------
# Absolute dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("  2026-11-27\t", date(2026, 11, 27)),
        ("2026-1-5", date(2026, 1, 5)),
        ("2031-03-04", date(2031, 3, 4)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_iso_dates(text: str, expected: date) -> None:
    assert parse_date(text, SUN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/27", date(2026, 11, 27)),
        ("11/27/2026", date(2026, 11, 27)),
        ("11/27/26", date(2026, 11, 27)),
        ("11/27/27", date(2027, 11, 27)),
        ("1/15/2030", date(2030, 1, 15)),
        # A first number above 12 can only be a day, so there is no guess.
        ("27/11", date(2026, 11, 27)),
        ("27/11/2026", date(2026, 11, 27)),
        # Same number both ways reads the same in either order.
        ("5/5/2026", date(2026, 5, 5)),
    ],
)
def test_slash_dates(text: str, expected: date) -> None:
    assert parse_date(text, SUN) == expected


def test_two_digit_year_picks_nearest_century() -> None:
    assert parse_date("11/27/26", date(2099, 6, 1)) == date(2126, 11, 27)
    assert parse_date("11/27/99", SUN) == date(1999, 11, 27)
    assert parse_date("11/27/80", SUN) == date(1980, 11, 27)


@pytest.mark.parametrize(
    "text",
    [
        "nov 27", "november 27", "27 nov", "27 November", "Nov 27", "NOV 27",
        "nov 27 2026", "27 nov 2026", "nov 27, 2026", "27 nov, 2026",
        "nov 27th", "27th nov", "november 27th, 2026", "27th of november",
        "27th of november 2026", "nov. 27", "fri 27 nov", "friday, nov 27",
        "Fri, Nov 27th, 2026", "friday 27 november 2026", "fri 11/27", "fri 2026-11-27",
        "on nov 27", "on friday, nov 27",
    ],
)
def test_month_name_forms(text: str) -> None:
    assert parse_date(text, SUN) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sept 3", date(2026, 9, 3)),  # 80 days back vs 285 ahead
        ("sep 3rd", date(2026, 9, 3)),
        ("1st may", date(2027, 5, 1)),  # 205 back vs 160 ahead
        ("2nd jun", date(2026, 6, 2)),  # 173 back vs 192 ahead
        ("dec 25", date(2026, 12, 25)),
        ("jan 1", date(2027, 1, 1)),
        ("mar 31 2025", date(2025, 3, 31)),
    ],
)
def test_month_name_other_days(text: str, expected: date) -> None:
    assert parse_date(text, SUN) == expected


def test_leading_weekday_must_match_the_date() -> None:
    msg = _error("fri 28 nov 2026")
    assert "28 Nov 2026 is a Saturday, not a Friday" in msg
    msg = _error("monday, nov 27")
    assert "is a Friday, not a Monday" in msg
    msg = _error("tue 11/27")
    assert "is a Friday, not a Tuesday" in msg


# --------------------------------------------------------------------------
# Year-less dates land on the nearest occurrence


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("jan 2", DEC30, date(2027, 1, 2)),
        ("1/15", DEC30, date(2027, 1, 15)),
        ("dec 1", DEC30, date(2026, 12, 1)),
        ("dec 28", JAN3, date(2025, 12, 28)),
        ("12/28", JAN3, date(2025, 12, 28)),
        ("28 december", JAN3, date(2025, 12, 28)),
        ("dec 28 2026", JAN3, date(2026, 12, 28)),  # an explicit year wins
        ("jan 10", JAN3, date(2026, 1, 10)),
        # From Sat 3 Jan 2026: 3 Jul 2026 is 181 days ahead, 3 Jul 2025 184 back;
        # 5 Jul 2026 is 183 ahead but 5 Jul 2025 only 182 back.
        ("jul 3", JAN3, date(2026, 7, 3)),
        ("jul 5", JAN3, date(2025, 7, 5)),
        # 1 Dec 2027 is exactly 183 days from both 1 Jun 2027 and 1 Jun 2028:
        # a tie goes to the future.
        ("jun 1", date(2027, 12, 1), date(2028, 6, 1)),
    ],
)
def test_yearless_dates_pick_the_nearest_year(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


def test_feb_29_picks_the_nearest_leap_year() -> None:
    assert parse_date("feb 29", SUN) == date(2028, 2, 29)
    assert parse_date("2/29", SUN) == date(2028, 2, 29)
    assert parse_date("29 feb", date(2025, 1, 10)) == date(2024, 2, 29)
    # 2100 is not a leap year: the nearest Feb 29 from mid-2100 is 2104's.
    assert parse_date("feb 29", date(2100, 12, 1)) == date(2104, 2, 29)


# --------------------------------------------------------------------------
# Words relative to today


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", SUN),
        ("TODAY ", SUN),
        ("tomorrow", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 21)),
        ("on tomorrow", date(2026, 11, 23)),
    ],
)
def test_today_tomorrow_yesterday(text: str, expected: date) -> None:
    assert parse_date(text, SUN) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # Sunday 22 Nov
        ("mon", SUN, date(2026, 11, 23)),
        ("friday", SUN, date(2026, 11, 27)),
        ("sat", SUN, date(2026, 11, 28)),
        ("sunday", SUN, date(2026, 11, 29)),  # strictly after today
        ("this friday", SUN, date(2026, 11, 27)),
        ("this sunday", SUN, SUN),  # on or after today
        ("next monday", SUN, date(2026, 11, 23)),  # next week starts tomorrow
        ("next friday", SUN, date(2026, 11, 27)),
        ("next sunday", SUN, date(2026, 11, 29)),
        ("last friday", SUN, date(2026, 11, 20)),
        ("last sunday", SUN, date(2026, 11, 15)),  # strictly before today
        ("last saturday", SUN, date(2026, 11, 21)),
        # Monday 23 Nov
        ("friday", MON, date(2026, 11, 27)),
        ("next friday", MON, date(2026, 12, 4)),
        ("monday", MON, date(2026, 11, 30)),
        ("this monday", MON, MON),
        ("next monday", MON, date(2026, 11, 30)),
        ("last monday", MON, date(2026, 11, 16)),
        ("last sunday", MON, date(2026, 11, 22)),
        # Thursday 26 Nov
        ("fri", THU, date(2026, 11, 27)),
        ("next friday", THU, date(2026, 12, 4)),
        ("thurs", THU, date(2026, 12, 3)),
        ("this thur", THU, THU),
        ("next thu", THU, date(2026, 12, 3)),
        ("wed", THU, date(2026, 12, 2)),
        ("tues", THU, date(2026, 12, 1)),
        ("tue", THU, date(2026, 12, 1)),
        ("last thursday", THU, date(2026, 11, 19)),
        ("last fri", THU, date(2026, 11, 20)),
        # Wednesday 30 Dec: across the year boundary
        ("friday", DEC30, date(2027, 1, 1)),
        ("next monday", DEC30, date(2027, 1, 4)),
        ("last friday", DEC30, date(2026, 12, 25)),
        ("on fri", DEC30, date(2027, 1, 1)),
        ("Friday.", DEC30, date(2027, 1, 1)),
    ],
)
def test_weekday_names(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("+3d", SUN, date(2026, 11, 25)),
        ("+ 3d", SUN, date(2026, 11, 25)),
        ("+3 days", SUN, date(2026, 11, 25)),
        ("-1d", SUN, date(2026, 11, 21)),
        ("+0d", SUN, SUN),
        ("+2w", SUN, date(2026, 12, 6)),
        ("+1m", SUN, date(2026, 12, 22)),
        ("-1m", SUN, date(2026, 10, 22)),
        ("+1m", date(2026, 1, 31), date(2026, 2, 28)),  # clamped to month end
        ("in 3 days", SUN, date(2026, 11, 25)),
        ("in 1 day", SUN, date(2026, 11, 23)),
        ("in 3d", SUN, date(2026, 11, 25)),
        ("in 2 weeks", SUN, date(2026, 12, 6)),
        ("in a week", SUN, date(2026, 11, 29)),
        ("in two weeks", SUN, date(2026, 12, 6)),
        ("in 1 month", SUN, date(2026, 12, 22)),
        ("in a month", SUN, date(2026, 12, 22)),
        ("in 3 months", SUN, date(2027, 2, 22)),
        ("3 days ago", SUN, date(2026, 11, 19)),
        ("2 weeks ago", SUN, date(2026, 11, 8)),
        ("a week ago", SUN, date(2026, 11, 15)),
        ("1 month ago", SUN, date(2026, 10, 22)),
        ("+3d", DEC30, date(2027, 1, 2)),
        ("+1m", DEC30, date(2027, 1, 30)),
        ("in 2 weeks", DEC30, date(2027, 1, 13)),
        ("3 days ago", JAN3, date(2025, 12, 31)),
        ("-1m", JAN3, date(2025, 12, 3)),
    ],
)
def test_relative_offsets(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "calendar", "expected"),
    [
        ("in 3 business days", SUN, None, date(2026, 11, 25)),
        ("in 4 business days", SUN, None, date(2026, 11, 26)),
        # Thanksgiving Thu 26 and Fri 27 off: the 4th business day slips to Mon 30.
        ("in 4 business days", SUN, THANKSGIVING, date(2026, 11, 30)),
        ("+4bd", SUN, THANKSGIVING, date(2026, 11, 30)),
        ("in 3 workdays", THU, None, date(2026, 12, 1)),
        ("in 3 work days", THU, None, date(2026, 12, 1)),
        ("in 1 business day", date(2026, 11, 27), None, date(2026, 11, 30)),
        ("+1bd", THU, SUN_TO_THU, date(2026, 11, 29)),
        ("+1bd", THU, None, date(2026, 11, 27)),
        ("2 business days ago", MON, None, date(2026, 11, 19)),
        ("-2bd", MON, None, date(2026, 11, 19)),
        ("+3bd", DEC30, None, date(2027, 1, 4)),
    ],
)
def test_business_days(
    text: str, today: date, calendar: WorkCalendar | None, expected: date
) -> None:
    assert parse_date(text, today, calendar) == expected


def test_business_days_default_to_monday_to_friday() -> None:
    # Fri 27 Nov + 1 business day: the weekend is skipped even with no calendar.
    assert parse_date("+1bd", date(2026, 11, 27)) == date(2026, 11, 30)
    assert parse_date("+1bd", date(2026, 11, 27), WorkCalendar()) == date(2026, 11, 30)


def test_datetime_today_is_treated_as_its_date() -> None:
    assert parse_date("tomorrow", datetime(2026, 11, 22, 23, 59)) == date(2026, 11, 23)
    assert type(parse_date("friday", datetime(2026, 11, 22, 8, 0))) is date


# --------------------------------------------------------------------------
# Date errors


def test_empty_text_asks_for_a_date() -> None:
    for text in ("", "   ", "\n\t"):
        msg = _error(text)
        assert msg.startswith("enter a date, e.g. ")
        assert "2026-11-27" in msg


def test_unknown_words_suggest_the_accepted_forms() -> None:
    assert _error("blorp") == (
        "can't read 'blorp' as a date: try 2026-11-27, nov 27, 11/27, friday, +3d or in 2 weeks"
    )


@pytest.mark.parametrize(
    "text",
    ["next week", "fortnight", "in and", "nov", "nov 2026", "friday the 13th", "fri 27",
     "27.11.2026", "11-27", "nov 27 26", "this nov 27", "next", "on", "2026-11-27-1",
     "in 3", "3 ago", "in 3 fortnights", "soon"],
)
def test_unreadable_text_is_refused(text: str) -> None:
    msg = _error(text)
    assert msg.startswith(f"can't read '{text}' as a date: try ")


@pytest.mark.parametrize(("text", "number"), [("27", "27"), ("27th", "27th"), ("2026", "2026")])
def test_a_number_alone_is_not_a_date(text: str, number: str) -> None:
    msg = _error(text)
    assert msg.startswith(f"'{number}' is just a number: add the month")
    assert "nov 27" in msg


def test_ambiguous_slash_dates_name_both_readings() -> None:
    msg = _error("5/6/2026")
    assert msg.startswith("'5/6/2026' is ambiguous: write 2026-05-06 or may 6")
    assert "2026-06-05 or jun 5" in msg
    # Without a year each reading gets its own nearest year.
    assert _error("5/6", date(2026, 4, 20)).startswith(
        "'5/6' is ambiguous: write 2026-05-06 or may 6"
    )
    assert _error("5/6", SUN).startswith("'5/6' is ambiguous: write 2027-05-06 or may 6")
    assert "(for 5 June: 2026-06-05 or jun 5)" in _error("5/6", SUN)


@pytest.mark.parametrize("text", ["1/2", "12/11", "3/4/26", "10/12/2026"])
def test_every_two_small_different_numbers_are_ambiguous(text: str) -> None:
    assert "is ambiguous: write " in _error(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("13/45", "'13/45' isn't a date: write month/day like 11/27, or 2026-11-27"),
        ("0/5", "'0/5' isn't a date: write month/day"),
        ("5/0/2026", "'5/0/2026' isn't a date"),
        ("2/30", "'2/30' isn't a date: February has at most 29 days"),
        ("feb 30", "'feb 30' isn't a date: February has at most 29 days"),
        ("apr 31", "'apr 31' isn't a date: April has 30 days"),
        ("31 june", "'31 june' isn't a date: June has 30 days"),
        ("nov 0", "'nov 0' isn't a date: November has 30 days"),
        ("feb 29 2026", "'feb 29 2026' isn't a date: February 2026 has 28 days"),
        ("2026-02-29", "'2026-02-29' isn't a date: February 2026 has 28 days"),
        ("2026-13-01", "'2026-13-01' isn't a date: there's no month 13"),
        ("2026-00-10", "there's no month 0"),
        ("0000-01-01", "years go from 0001 to 9999"),
        ("+3", "'+3' needs a unit: d (days), w (weeks), m (months) or bd (business days), "
               "e.g. +3d"),
        ("-2", "e.g. -2d"),
        ("+99999d", "'+99999d' is too far away"),
        ("in 20000 business days", "is too far away"),
    ],
)
def test_invalid_dates_explain_why(text: str, fragment: str) -> None:
    assert fragment in _error(text)


def test_offsets_past_the_end_of_the_calendar_are_refused() -> None:
    assert "too far away" in _error("+2w", date(9999, 12, 25))
    assert "too far away" in _error("+1m", date(9999, 12, 25))


def test_a_time_in_a_date_field_is_refused() -> None:
    for text in ("nov 27 2pm", "2026-11-19T14:00", "friday at 9:30", "noon"):
        msg = _error(text)
        assert "includes a time: enter just the date" in msg


def test_long_pasted_text_gets_a_short_one_line_message() -> None:
    msg = _error("blah\n" * 100)
    assert "\n" not in msg
    assert len(msg) < 200
    assert "…" in msg


def test_examples_in_messages_follow_today() -> None:
    # Examples are built from today (and avoid days <= 12, which would make
    # the month/day example ambiguous itself).
    msg = _error("blorp", date(2030, 4, 2))
    assert "2030-04-13, apr 13, 4/13, saturday" in msg


def test_date_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="can't read"):
        parse_date("blorp", SUN)


# --------------------------------------------------------------------------
# Date-times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00", datetime(2026, 11, 22, 14, 0)),
        ("3pm", datetime(2026, 11, 22, 15, 0)),
        ("at 3pm", datetime(2026, 11, 22, 15, 0)),
        ("9:05", datetime(2026, 11, 22, 9, 5)),
        ("14:00:30", datetime(2026, 11, 22, 14, 0, 30)),
        ("noon", datetime(2026, 11, 22, 12, 0)),
        ("12am", datetime(2026, 11, 22, 0, 0)),
        ("12:45am", datetime(2026, 11, 22, 0, 45)),
        ("12pm", datetime(2026, 11, 22, 12, 0)),
        ("2 P.M.", datetime(2026, 11, 22, 14, 0)),
        ("fri 2pm", datetime(2026, 11, 27, 14, 0)),
        ("friday 14:00", datetime(2026, 11, 27, 14, 0)),
        ("friday at 2:30pm", datetime(2026, 11, 27, 14, 30)),
        ("friday 2:30 pm", datetime(2026, 11, 27, 14, 30)),
        ("friday @ 2pm", datetime(2026, 11, 27, 14, 0)),
        ("2pm friday", datetime(2026, 11, 27, 14, 0)),
        ("at 2pm on friday", datetime(2026, 11, 27, 14, 0)),
        ("on friday at 2pm", datetime(2026, 11, 27, 14, 0)),
        ("tomorrow noon", datetime(2026, 11, 23, 12, 0)),
        ("noon tomorrow", datetime(2026, 11, 23, 12, 0)),
        ("next friday 10am", datetime(2026, 11, 27, 10, 0)),
        ("nov 27 14:00", datetime(2026, 11, 27, 14, 0)),
        ("Fri, Nov 27th, 2026 at 9:15 am", datetime(2026, 11, 27, 9, 15)),
        ("11/27 9:15am", datetime(2026, 11, 27, 9, 15)),
        ("in 3 days at 10am", datetime(2026, 11, 25, 10, 0)),
        ("+2bd 16:30", datetime(2026, 11, 24, 16, 30)),
        ("2026-11-19T14:00", datetime(2026, 11, 19, 14, 0)),
        ("2026-11-19t14:00", datetime(2026, 11, 19, 14, 0)),
        ("2026-11-19 14:00", datetime(2026, 11, 19, 14, 0)),
        ("2026-11-19T14:00:00", datetime(2026, 11, 19, 14, 0)),
        ("2026-11-19T14:00:00.25", datetime(2026, 11, 19, 14, 0, 0, 250_000)),
    ],
)
def test_datetimes(text: str, expected: datetime) -> None:
    result = parse_datetime(text, SUN)
    assert result == expected
    assert result.tzinfo is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-19T14:00:00-05:00",
         datetime(2026, 11, 19, 14, 0, tzinfo=timezone(timedelta(hours=-5)))),
        ("2026-11-19T14:00+05:30",
         datetime(2026, 11, 19, 14, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("2026-11-19T14:00Z", datetime(2026, 11, 19, 14, 0, tzinfo=UTC)),
        ("2026-11-19 14:00 -0500",
         datetime(2026, 11, 19, 14, 0, tzinfo=timezone(timedelta(hours=-5)))),
        ("friday 2pm utc", datetime(2026, 11, 27, 14, 0, tzinfo=UTC)),
        ("fri 27 nov 2026 14:00 +01", datetime(2026, 11, 27, 14, 0, tzinfo=timezone(
            timedelta(hours=1)))),
    ],
)
def test_datetimes_keep_a_utc_offset(text: str, expected: datetime) -> None:
    result = parse_datetime(text, SUN)
    assert result == expected
    # Equal instants are not enough: the offset the user typed must survive.
    assert result.utcoffset() == expected.utcoffset()


def test_date_without_time_gets_the_default_time() -> None:
    assert parse_datetime("friday", SUN) == datetime(2026, 11, 27, 9, 0)
    assert parse_datetime("nov 27", SUN, default_time=time(17, 30)) == datetime(
        2026, 11, 27, 17, 30
    )
    assert parse_datetime("2026-11-19", SUN) == datetime(2026, 11, 19, 9, 0)


def test_datetime_uses_the_calendar_for_business_days() -> None:
    assert parse_datetime("in 4 business days at 3pm", SUN, THANKSGIVING) == datetime(
        2026, 11, 30, 15, 0
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("25:00", "'25:00' isn't a time: hours go 0 to 23"),
        ("friday 25:00", "'25:00' isn't a time"),
        ("13pm", "'13pm' isn't a time: with am/pm the hour goes 1 to 12"),
        ("0am", "'0am' isn't a time: with am/pm the hour goes 1 to 12"),
        ("14:00pm", "'14:00pm' isn't a time"),
        ("14:60", "'14:60' isn't a time: minutes and seconds go 00 to 59"),
        ("14:00:61", "isn't a time"),
        ("midnight", "'midnight' is ambiguous: write 00:00"),
        ("2pm +25:00", "'+25:00' isn't a UTC offset"),
        ("5/6 2pm", "'5/6' is ambiguous"),
        ("feb 30 9am", "February has at most 29 days"),
        ("27 2pm", "'27' is just a number"),
    ],
)
def test_invalid_datetimes_explain_why(text: str, fragment: str) -> None:
    assert fragment in _error(text, with_time=True)


@pytest.mark.parametrize("text", ["blorp 2pm", "tomorrow at", "at", "2pm 3pm", "14:00 blorp"])
def test_unreadable_datetimes_suggest_the_accepted_forms(text: str) -> None:
    msg = _error(text, with_time=True)
    assert msg.startswith(f"can't read '{text}' as a date and time: try ")
    assert "nov 27 2pm" in msg


def test_empty_datetime_asks_for_one() -> None:
    assert _error("  ", with_time=True).startswith("enter a date and time, e.g. 2026-11-27 14:00")


# --------------------------------------------------------------------------
# Descriptions


def test_describe_date() -> None:
    assert describe_date(date(2026, 11, 27)) == "Fri 27 Nov 2026"
    assert describe_date(date(2027, 1, 4)) == "Mon 4 Jan 2027"


def test_describe_datetime() -> None:
    assert describe_datetime(datetime(2026, 11, 27, 14, 0)) == "Fri 27 Nov 2026 14:00"
    assert describe_datetime(datetime(2026, 11, 27, 9, 5)) == "Fri 27 Nov 2026 09:05"
    assert describe_datetime(datetime(2026, 11, 27, 9, 5, 7)) == "Fri 27 Nov 2026 09:05:07"
    aware = datetime(2026, 11, 19, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert describe_datetime(aware) == "Thu 19 Nov 2026 14:00 -05:00"
    india = datetime(2026, 11, 19, 14, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert describe_datetime(india) == "Thu 19 Nov 2026 14:00 +05:30"
    assert describe_datetime(datetime(2026, 11, 19, 14, 0, tzinfo=UTC)) == (
        "Thu 19 Nov 2026 14:00 UTC"
    )


def test_storage_dates_does_not_import_textual() -> None:
    # storage is shared with the CLI and must stay free of the TUI toolkit.
    root = Path(__file__).resolve().parents[1]
    code = "import sys, storage.rules.dates; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(root)},
    )
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------
# Properties

todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
offsets = st.integers(min_value=-1500, max_value=1500)
calendars = st.builds(
    WorkCalendar.of,
    workdays=st.sets(st.integers(0, 6), min_size=1),
    holidays=st.sets(st.dates(min_value=date(1999, 1, 1), max_value=date(2062, 12, 31)),
                     max_size=20),
)


@given(today=todays, delta=offsets)
def test_iso_round_trips(today: date, delta: int) -> None:
    d = today + timedelta(days=delta)
    assert parse_date(d.isoformat(), today) == d


@given(today=todays, delta=offsets)
def test_describe_date_round_trips(today: date, delta: int) -> None:
    d = today + timedelta(days=delta)
    assert parse_date(describe_date(d), today) == d
    assert parse_date(describe_date(d).upper(), today) == d


@given(today=todays, day=st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31)))
def test_yearless_month_names_land_within_183_days(today: date, day: date) -> None:
    # 2001 is not a leap year, so Feb 29 is excluded here (tested separately).
    abbr, name = MONTH_ABBRS[day.month - 1], MONTH_NAMES[day.month - 1]
    for text in (f"{abbr} {day.day}", f"{day.day} {name}", f"{name} {day.day}th"):
        result = parse_date(text, today)
        assert (result.month, result.day) == (day.month, day.day)
        assert abs((result - today).days) <= 183


@given(today=todays, day=st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31)))
def test_unambiguous_slash_dates_land_within_183_days(today: date, day: date) -> None:
    assume(day.day > 12 or day.day == day.month)
    result = parse_date(f"{day.month}/{day.day}", today)
    assert (result.month, result.day) == (day.month, day.day)
    assert abs((result - today).days) <= 183
    assert parse_date(f"{day.day}/{day.month}", today) == result


@given(today=todays, month=st.integers(1, 12), day=st.integers(1, 12))
def test_two_different_small_numbers_are_always_ambiguous(
    today: date, month: int, day: int
) -> None:
    assume(month != day)
    with pytest.raises(DateParseError, match="is ambiguous"):
        parse_date(f"{month}/{day}", today)


@given(today=todays)
def test_feb_29_lands_on_the_nearest_leap_day(today: date) -> None:
    result = parse_date("feb 29", today)
    assert (result.month, result.day) == (2, 29)
    distance = abs((result - today).days)
    for year in range(today.year - 8, today.year + 9):
        if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
            assert distance <= abs((date(year, 2, 29) - today).days)


@given(today=todays, weekday=st.integers(0, 6), data=st.data())
def test_weekday_names_land_on_that_weekday(today: date, weekday: int, data: st.DataObject) -> None:
    word = data.draw(st.sampled_from(WEEKDAY_WORDS[weekday]))

    plain = parse_date(word, today)
    assert plain.weekday() == weekday
    assert 1 <= (plain - today).days <= 7

    this = parse_date(f"this {word}", today)
    assert this.weekday() == weekday
    assert 0 <= (this - today).days <= 6

    nxt = parse_date(f"next {word}", today)
    assert nxt.weekday() == weekday
    this_monday = today - timedelta(days=today.weekday())
    assert this_monday + timedelta(days=7) <= nxt < this_monday + timedelta(days=14)

    last = parse_date(f"last {word}", today)
    assert last.weekday() == weekday
    assert 1 <= (today - last).days <= 7


@given(today=todays, n=st.integers(1, 60), calendar=calendars,
       phrase=st.sampled_from(["in {n} business days", "in {n} workdays", "+{n}bd"]))
def test_business_days_land_on_a_business_day_after_today(
    today: date, n: int, calendar: WorkCalendar, phrase: str
) -> None:
    result = parse_date(phrase.format(n=n), today, calendar)
    assert result > today
    assert calendar.is_business_day(result)
    assert calendar.business_days_between(today, result) == n


@given(today=todays, n=st.integers(0, 400))
def test_day_and_week_offsets_are_plain_arithmetic(today: date, n: int) -> None:
    assert parse_date(f"+{n}d", today) == today + timedelta(days=n)
    assert parse_date(f"in {n} days", today) == today + timedelta(days=n)
    assert parse_date(f"{n} days ago", today) == today - timedelta(days=n)
    assert parse_date(f"-{n}d", today) == today - timedelta(days=n)
    assert parse_date(f"+{n}w", today) == today + timedelta(weeks=n)
    assert parse_date(f"{n} weeks ago", today) == today - timedelta(weeks=n)


@given(today=todays, n=st.integers(1, 36))
def test_month_offsets_keep_the_day_or_clamp_to_month_end(today: date, n: int) -> None:
    result = parse_date(f"in {n} months", today)
    months = (result.year - today.year) * 12 + result.month - today.month
    assert months == n
    assert result.day == today.day or (result.day < today.day and
                                       (result + timedelta(days=1)).day == 1)


@given(today=todays, hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_twelve_and_twenty_four_hour_clocks_agree(today: date, hour: int, minute: int) -> None:
    expected = datetime.combine(today, time(hour, minute))
    h12 = hour % 12 or 12
    ampm = "am" if hour < 12 else "pm"
    assert parse_datetime(f"{hour:02d}:{minute:02d}", today) == expected
    assert parse_datetime(f"{h12}:{minute:02d}{ampm}", today) == expected
    assert parse_datetime(f"at {h12}:{minute:02d} {ampm.upper()}", today) == expected


naive_datetimes = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2060, 12, 31))


@given(today=todays, dt=naive_datetimes)
def test_describe_datetime_round_trips(today: date, dt: datetime) -> None:
    dt = dt.replace(microsecond=0)
    assert parse_datetime(describe_datetime(dt), today) == dt


@given(today=todays, dt=naive_datetimes, minutes=st.integers(-14 * 60, 14 * 60))
def test_describe_datetime_round_trips_with_an_offset(
    today: date, dt: datetime, minutes: int
) -> None:
    aware = dt.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    result = parse_datetime(describe_datetime(aware), today)
    assert result == aware
    assert result.utcoffset() == aware.utcoffset()


@given(today=todays, dt=naive_datetimes)
def test_iso_datetimes_round_trip(today: date, dt: datetime) -> None:
    assert parse_datetime(dt.isoformat(), today) == dt
    aware = dt.replace(tzinfo=timezone(timedelta(hours=-5)))
    assert parse_datetime(aware.isoformat(), today) == aware


@given(today=todays, phrase=st.sampled_from(
    ["next friday", "nov 27", "in 2 weeks", "+3bd", "fri 27 nov 2026", "tomorrow"]),
       data=st.data())
def test_case_and_surrounding_whitespace_do_not_matter(
    today: date, phrase: str, data: st.DataObject
) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(phrase), max_size=len(phrase)))
    mixed = "".join(c.upper() if f else c for c, f in zip(phrase, flips, strict=True))
    pad = data.draw(st.sampled_from(["", " ", "\t", "  \n"]))
    assert parse_date(pad + mixed + pad, today) == parse_date(phrase, today)


date_ish = st.text(alphabet="0123456789/-+:., abdefhimnortuwyskpz@", max_size=24)


@given(today=todays, text=st.one_of(st.text(max_size=40), date_ish))
def test_any_text_gives_a_date_or_a_one_line_error(today: date, text: str) -> None:
    try:
        result = parse_date(text, today)
    except DateParseError as err:
        msg = str(err)
        assert msg
        assert "\n" not in msg
    else:
        assert type(result) is date


@given(today=todays, text=st.one_of(st.text(max_size=40), date_ish))
def test_any_text_gives_a_datetime_or_a_one_line_error(today: date, text: str) -> None:
    try:
        result = parse_datetime(text, today)
    except DateParseError as err:
        msg = str(err)
        assert msg
        assert "\n" not in msg
    else:
        assert type(result) is datetime
