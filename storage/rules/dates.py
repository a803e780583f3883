"""Dates as people type them: one parser shared by the CLI and the app.

Every function here is pure. The caller passes ``today`` in rather than this
module reading the clock, so a phrase always means the same day in a test, in
the CLI and in the TUI, and "friday" typed just before midnight cannot change
meaning halfway through a command.

Accepted date forms (case-insensitive, surrounding whitespace ignored):

* ``2026-11-27``; ``11/27``, ``11/27/2026``, ``11/27/26`` (US month/day);
  ``27/11`` too, because a first number above 12 can only be a day;
* ``nov 27``, ``november 27``, ``27 nov``, ``27 november``, ``nov 27 2026``,
  ``27 nov 2026``, ``27th of november``, with optional comma, ordinal suffix
  and leading weekday (``fri 27 nov``, ``friday, nov 27th``), which must agree;
* ``today``, ``tomorrow``, ``yesterday``;
* ``friday`` / ``fri`` (next one strictly after today), ``this friday`` (on or
  after today), ``next friday`` (in next Monday-to-Sunday week),
  ``last friday`` (most recent strictly before today);
* ``+3d``, ``-1d``, ``+2w``, ``+1m``, ``+3bd``, ``in 3 days``, ``in a week``,
  ``in two weeks``, ``in 1 month``, ``3 days ago``, ``in 3 business days``,
  ``in 3 workdays``;
* any of the above may start with ``on``.

A year-less date lands on its occurrence nearest to ``today`` (ties go to the
future), so it is never more than about six months away. Anything that could
mean two different dates, or none, raises :class:`DateParseError` whose
message says what to type instead: the parser never guesses.

:func:`parse_datetime` takes the same dates with an optional time before or
after them (``14:00``, ``2pm``, ``2:30 pm``, ``at 2pm``, ``noon``, optionally
followed by a UTC offset such as ``-05:00``, ``+0530``, ``z`` or ``utc``), ISO
date-times (``2026-11-19T14:00:00-05:00``), or a time alone, meaning today.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from dateutil.relativedelta import relativedelta

from storage.rules.business_days import WorkCalendar
from storage.rules.validate import safe_for_terminal, year_problem

__all__ = [
    "DateParseError",
    "describe_date",
    "describe_datetime",
    "parse_date",
    "parse_datetime",
]


class DateParseError(ValueError):
    """Text that is not a date (or time) this module will commit to.

    ``str(err)`` is a single line meant to be shown to the user as is: it
    names what was typed and suggests what to type instead.
    """


_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WEEKDAYS: dict[str, int] = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}
_RELATIVE_KEYWORDS: dict[str, int] = {"yesterday": -1, "today": 0, "tomorrow": 1}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

# English names are spelled out here rather than taken from strftime("%a"),
# which follows the process locale: the parser only reads English, so the
# descriptions must stay English too or they would stop round-tripping.
_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAME = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAME = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")

# No real phrase is anywhere near this long; refusing early keeps the lazy
# regular expressions below from ever seeing pasted paragraphs.
_MAX_LENGTH = 100
# "+99999999bd" would walk the calendar one day at a time for ages; nobody
# schedules a follow-up decades out, so large amounts are refused outright.
_MAX_AMOUNT = 10_000
# Wide enough that Feb 29 always has a leap year on both sides (1900 and 2100
# are not leap years, so the gap can reach eight years).
_YEAR_SEARCH = 8

# Input is normalised first (lower case, single spaces, no commas), so the
# patterns only ever need a literal single space between words.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH_FIRST = re.compile(rf"(?P<mon>[a-z]+) {_DAY}(?: (?P<year>\d{{4}}))?")
_DAY_FIRST = re.compile(rf"{_DAY}(?: of)? (?P<mon>[a-z]+)(?: (?P<year>\d{{4}}))?")
_LEADING_WORD = re.compile(r"(?P<word>[a-z]+) (?P<rest>.+)")
_WEEKDAY_PHRASE = re.compile(r"(?:(?P<mod>this|next|last) )?(?P<wd>[a-z]+)")

_UNIT = r"(?P<unit>business days?|work ?days?|bd|days?|d|weeks?|wks?|w|months?|mos?|m)"
# Digits may touch the unit ("3d"), but number words need a space, otherwise
# "in and" would read as "in a(n) d(ay)".
_AMOUNT = rf"(?:(?P<num>\d+) ?|(?P<word>{'|'.join(_NUMBER_WORDS)}) )"
_SIGNED = re.compile(rf"(?P<sign>[+-]) ?(?P<num>\d+) ?{_UNIT}")
_IN = re.compile(rf"in {_AMOUNT}{_UNIT}")
_AGO = re.compile(rf"{_AMOUNT}{_UNIT} ago")
_SIGNED_NO_UNIT = re.compile(r"[+-] ?\d+")
_BARE_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")

# A time needs a colon, am/pm or a word: a bare "27" must stay a day number.
_TIME = (
    r"(?P<time>noon|midnight"
    r"|(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<sec>\d{2})(?:\.(?P<frac>\d{1,6}))?)?(?: ?(?P<ap>am|pm))?"
    r"|(?P<h12>\d{1,2}) ?(?P<ap12>am|pm))"
)
_OFFSET = r"(?: ?(?P<off>z|utc|gmt|[+-]\d{2}(?::?\d{2})?))?"
# The date-less form is its own pattern: folded into _TIME_LAST as an optional
# group, the lazy date would happily swallow the "at" of "at 3pm".
_TIME_ONLY = re.compile(rf"(?P<date>)(?:at |@ ?)?{_TIME}{_OFFSET}")
_TIME_LAST = re.compile(rf"(?P<date>.+?)(?: at | ?@ ?| ){_TIME}{_OFFSET}")
_TIME_FIRST = re.compile(rf"(?:at |@ ?)?{_TIME}{_OFFSET}(?: on)? (?P<date>.+)")
# "2026-11-19t14:00" is ISO's spelling of "2026-11-19 14:00"; rewriting it
# lets ISO date-times go through the same date + time split as everything else.
_ISO_T = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})t(?=\d)")


# --------------------------------------------------------------------------
# Public API


def parse_date(text: str, today: date, calendar: WorkCalendar | None = None) -> date:
    """The date ``text`` names, as seen from ``today``.

    ``calendar`` decides what a business day is for ``+3bd`` and friends; the
    default is Monday to Friday with no holidays.

    Raises :class:`DateParseError` if the text is not a date, could be more
    than one, or names a day that does not exist.
    """
    today = _as_date(today)
    cal = calendar if calendar is not None else WorkCalendar()
    s = _normalise(text)
    if not s:
        raise DateParseError(f"enter a date, e.g. {_date_examples(today)}")
    d = _date_phrase(s, today, cal)
    if d is not None:
        return _bounded(d, text)
    if _split_time(s) is not None:
        raise DateParseError(
            f"{_quote(text)} includes a time: enter just the date, e.g. {_date_examples(today)}"
        )
    raise DateParseError(f"can't read {_quote(text)} as a date: try {_date_examples(today)}")


def parse_datetime(
    text: str,
    today: date,
    calendar: WorkCalendar | None = None,
    default_time: time = time(9, 0),
) -> datetime:
    """The moment ``text`` names, as seen from ``today``.

    A date without a time gets ``default_time``; a time without a date means
    today. The result is naive local time unless the text carried a UTC
    offset, in which case it is aware with that fixed offset.

    Raises :class:`DateParseError` on anything :func:`parse_date` would refuse
    and on impossible or ambiguous times (``25:00``, ``13pm``, ``midnight``).
    """
    today = _as_date(today)
    cal = calendar if calendar is not None else WorkCalendar()
    s = _normalise(text)
    if not s:
        raise DateParseError(f"enter a date and time, e.g. {_datetime_examples(today)}")
    split = _split_time(s)
    if split is None:
        return datetime.combine(_bounded(_date_or_raise(s, text, today, cal), text),
                                default_time)
    date_text, match = split
    clock, tz = _build_time(match)
    d = today if date_text is None else _date_or_raise(date_text, text, today, cal)
    return datetime.combine(_bounded(d, text), clock, tzinfo=tz)


def _bounded(d: date, text: str) -> date:
    """``d`` if its year is one Afterview stores (see ``validate.MIN_YEAR``)."""
    problem = year_problem(d)
    if problem is not None:
        raise DateParseError(f"{_quote(text)}: {problem}")
    return d


def describe_date(d: date) -> str:
    """``Fri 27 Nov 2026``: unambiguous in any locale, and parseable again."""
    return f"{_DAY_ABBR[d.weekday()]} {d.day} {_MONTH_ABBR[d.month - 1]} {d.year}"


def describe_datetime(dt: datetime) -> str:
    """``Fri 27 Nov 2026 14:00``, parseable again by :func:`parse_datetime`.

    Seconds appear only when non-zero and microseconds never (this is for
    people). An aware datetime gets its UTC offset appended (``-05:00`` or
    ``UTC``) because dropping it would silently show a different instant.
    """
    out = f"{describe_date(dt.date())} {dt.hour:02d}:{dt.minute:02d}"
    if dt.second:
        out += f":{dt.second:02d}"
    offset = dt.utcoffset()
    if offset is not None:
        out += f" {_describe_offset(offset)}"
    return out


# --------------------------------------------------------------------------
# Dates


def _date_phrase(s: str, today: date, cal: WorkCalendar) -> date | None:
    """The date a normalised phrase names, or None if it matches no form.

    Raises only for text that clearly *is* meant as a date but is wrong
    (ambiguous, impossible, self-contradictory), so callers can tell "not a
    date at all" apart and phrase their own message for it.
    """
    if len(s) > _MAX_LENGTH:
        return None
    if s.startswith("on "):
        s = s[3:]
    if s in _RELATIVE_KEYWORDS:
        return today + timedelta(days=_RELATIVE_KEYWORDS[s])
    for parse in (_weekday_phrase, _relative, _absolute_with_weekday):
        d = parse(s, today, cal)
        if d is not None:
            return d
    if _BARE_NUMBER.fullmatch(s):
        ex = _example_date(today)
        raise DateParseError(
            f"'{s}' is just a number: add the month, e.g. "
            f"{_month_day(ex)}, {ex.month}/{ex.day} or {ex.isoformat()}"
        )
    if _SIGNED_NO_UNIT.fullmatch(s):
        raise DateParseError(
            f"'{s}' needs a unit: d (days), w (weeks), m (months) or bd (business days), "
            f"e.g. {s.replace(' ', '')}d"
        )
    return None


def _date_or_raise(s: str, original: str, today: date, cal: WorkCalendar) -> date:
    d = _date_phrase(s, today, cal)
    if d is None:
        raise DateParseError(
            f"can't read {_quote(original)} as a date and time: try {_datetime_examples(today)}"
        )
    return d


def _weekday_phrase(s: str, today: date, cal: WorkCalendar) -> date | None:
    m = _WEEKDAY_PHRASE.fullmatch(s)
    if m is None or m["wd"] not in _WEEKDAYS:
        return None
    target = _WEEKDAYS[m["wd"]]
    now = today.weekday()
    match m["mod"]:
        case None:
            # A bare weekday is always in the future: on a Friday, "friday"
            # is a week out, since a follow-up "on friday" typed on Friday
            # almost never means "right now".
            return today + timedelta(days=(target - now - 1) % 7 + 1)
        case "this":
            return today + timedelta(days=(target - now) % 7)
        case "next":
            next_monday = today + timedelta(days=7 - now)
            return next_monday + timedelta(days=target)
        case _:  # "last"
            return today - timedelta(days=(now - target - 1) % 7 + 1)


def _relative(s: str, today: date, cal: WorkCalendar) -> date | None:
    if m := _SIGNED.fullmatch(s):
        sign = -1 if m["sign"] == "-" else 1
    elif m := _IN.fullmatch(s):
        sign = 1
    elif m := _AGO.fullmatch(s):
        sign = -1
    else:
        return None
    amount = int(m["num"]) if m["num"] is not None else _NUMBER_WORDS[m["word"]]
    if amount > _MAX_AMOUNT:
        raise DateParseError(f"'{s}' is too far away: keep it under {_MAX_AMOUNT:,}")
    n = sign * amount
    unit = m["unit"]
    try:
        # Business units are checked first because "workdays" also starts
        # with "w", which would otherwise read as weeks.
        if unit == "bd" or unit.startswith(("business", "work")):
            return cal.add_business_days(today, n)
        if unit.startswith("d"):
            return today + timedelta(days=n)
        if unit.startswith("w"):
            return today + timedelta(weeks=n)
        # relativedelta clamps to the month's end (jan 31 + 1m = feb 28),
        # which is what people mean by "in a month".
        return today + relativedelta(months=n)
    except (OverflowError, ValueError):
        raise DateParseError(f"'{s}' is too far away: that's past the calendar's end") from None


def _absolute_with_weekday(s: str, today: date, cal: WorkCalendar) -> date | None:
    d = _absolute(s, today)
    if d is not None:
        return d
    m = _LEADING_WORD.fullmatch(s)
    if m is None or m["word"] not in _WEEKDAYS:
        return None
    d = _absolute(m["rest"], today)
    if d is None:
        return None
    claimed = _WEEKDAYS[m["word"]]
    if d.weekday() != claimed:
        # The weekday is a cross-check people add on purpose; when it
        # disagrees one half is a typo and only the user knows which.
        raise DateParseError(
            f"'{s}' doesn't add up: {describe_date(d)[4:]} is a {_DAY_NAME[d.weekday()]}, "
            f"not a {_DAY_NAME[claimed]}"
        )
    return d


def _absolute(s: str, today: date) -> date | None:
    """A calendar date (ISO, slashes or month name), or None."""
    if m := _ISO.fullmatch(s):
        return _make_date(s, int(m[1]), int(m[2]), int(m[3]))
    if m := _SLASH.fullmatch(s):
        return _slash_date(s, int(m[1]), int(m[2]), m[3], today)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        m = pattern.fullmatch(s)
        if m is not None and m["mon"] in _MONTHS:
            month, day = _MONTHS[m["mon"]], int(m["day"])
            if m["year"] is not None:
                return _make_date(s, int(m["year"]), month, day)
            return _yearless(s, month, day, today)
    return None


def _slash_date(s: str, first: int, second: int, year_text: str | None, today: date) -> date:
    year = _expand_year(year_text, today) if year_text is not None else None
    if first == 0 or second == 0:
        raise DateParseError(f"'{s}' isn't a date: {_slash_hint(today)}")
    if first <= 12 and second <= 12 and first != second:
        # 5/6 is May 6 in the US and 5 June almost everywhere else; a wrong
        # guess silently moves a follow-up by a month, so ask instead.
        us = _resolve(s, year, first, second, today)
        other = _resolve(s, year, second, first, today)
        raise DateParseError(
            f"'{s}' is ambiguous: write {us.isoformat()} or {_month_day(us)} "
            f"(for {other.day} {_MONTH_NAME[other.month - 1]}: "
            f"{other.isoformat()} or {_month_day(other)})"
        )
    if first <= 12:
        month, day = first, second
    elif second <= 12:
        # 27/11 can only be day/month, so there is nothing to guess.
        month, day = second, first
    else:
        raise DateParseError(f"'{s}' isn't a date: {_slash_hint(today)}")
    return _resolve(s, year, month, day, today)


def _resolve(s: str, year: int | None, month: int, day: int, today: date) -> date:
    if year is None:
        return _yearless(s, month, day, today)
    return _make_date(s, year, month, day)


def _expand_year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    # "26" means whichever of 1926/2026/2126 is closest to today, which keeps
    # two-digit years working past 2099 instead of hard-coding 2000.
    century = today.year - today.year % 100
    return min((century - 100 + year, century + year, century + 100 + year),
               key=lambda y: abs(y - today.year))


def _make_date(s: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateParseError(f"'{s}' isn't a date: there's no month {month} (months go 1 to 12)")
    if not 1 <= year <= 9999:
        raise DateParseError(f"'{s}' isn't a date: years go from 0001 to 9999")
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateParseError(
            f"'{s}' isn't a date: {_MONTH_NAME[month - 1]} {year} has {days} days"
        )
    return date(year, month, day)


def _yearless(s: str, month: int, day: int, today: date) -> date:
    """The occurrence of month/day nearest to today; ties go to the future."""
    if not 1 <= month <= 12:
        raise DateParseError(f"'{s}' isn't a date: there's no month {month} (months go 1 to 12)")
    most = 29 if month == 2 else monthrange(2001, month)[1]
    if not 1 <= day <= most:
        at_most = "at most " if month == 2 else ""
        raise DateParseError(
            f"'{s}' isn't a date: {_MONTH_NAME[month - 1]} has {at_most}{most} days"
        )
    candidates: list[date] = []
    for year in range(today.year - _YEAR_SEARCH, today.year + _YEAR_SEARCH + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # Feb 29 outside leap years, or past date.min/max
            continue
    if not candidates:
        raise DateParseError(f"'{s}' isn't a date anywhere near {today.year}")
    # Nearest wins so a date typed in late December for early January lands
    # next year and vice versa; on an exact tie the future is the likelier
    # intent for an app that mostly schedules follow-ups.
    return min(candidates, key=lambda c: (abs((c - today).days), c < today))


# --------------------------------------------------------------------------
# Times


def _split_time(s: str) -> tuple[str | None, re.Match[str]] | None:
    """Split a normalised phrase into (date text or None, time match)."""
    if len(s) > _MAX_LENGTH:
        return None
    s = _ISO_T.sub(r"\1 ", s)
    # Time-last is tried before time-first because it is the common order
    # ("fri 2pm"); a phrase with a time on both ends fails either way.
    for pattern in (_TIME_ONLY, _TIME_LAST, _TIME_FIRST):
        m = pattern.fullmatch(s)
        if m is not None:
            return m["date"] or None, m
    return None


def _build_time(m: re.Match[str]) -> tuple[time, tzinfo | None]:
    shown = m["time"]
    if shown == "noon":
        return time(12, 0), _build_offset(m["off"])
    if shown == "midnight":
        # Half the world means the start of the day, the other half the end
        # of it ("due friday midnight"); either guess loses a day.
        raise DateParseError(
            "'midnight' is ambiguous: write 00:00 for the start of the day or 23:59 for the end"
        )
    if m["h12"] is not None:
        hour, minute, second, frac, ampm = int(m["h12"]), 0, 0, None, m["ap12"]
    else:
        hour, minute = int(m["h"]), int(m["mi"])
        second = int(m["sec"]) if m["sec"] is not None else 0
        frac, ampm = m["frac"], m["ap"]
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise DateParseError(
                f"'{shown}' isn't a time: with am/pm the hour goes 1 to 12, e.g. 2pm or 14:00"
            )
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif hour > 23:
        raise DateParseError(f"'{shown}' isn't a time: hours go 0 to 23, e.g. 14:00 or 2pm")
    if minute > 59 or second > 59:
        raise DateParseError(f"'{shown}' isn't a time: minutes and seconds go 00 to 59")
    micro = int(frac.ljust(6, "0")) if frac else 0
    return time(hour, minute, second, micro), _build_offset(m["off"])


def _build_offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text in ("z", "utc", "gmt"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise DateParseError(
            f"'{text}' isn't a UTC offset: write it like -05:00 or +0530, or utc"
        )
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _describe_offset(offset: timedelta) -> str:
    if not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(int(abs(offset).total_seconds()) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


# --------------------------------------------------------------------------
# Helpers


def _as_date(today: date) -> date:
    # datetime is a subclass of date; arithmetic on one would leak a time of
    # day into every result, so a caller passing datetime.now() still gets dates.
    return today.date() if isinstance(today, datetime) else today


def _normalise(text: str) -> str:
    s = text.strip().lower()
    # "Nov. 27", "Fri., Nov 27th" and "2 p.m." carry punctuation with no
    # meaning here; dropping it keeps every pattern free of optional dots.
    s = re.sub(r"(?<=[a-z])\.", "", s)
    s = s.replace(",", " ")
    return " ".join(s.split())


def _quote(text: str) -> str:
    # Messages must stay on one line and readable, whatever was pasted.
    shown = safe_for_terminal(" ".join(text.split()))
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return f"'{shown}'"


def _example_date(today: date) -> date:
    """A date a few days out whose day is above 12.

    Examples are built from today so they never look stale, and the day is
    kept above 12 so the suggested month/day form is not itself ambiguous.
    """
    try:
        d = today + timedelta(days=5)
        while d.day <= 12:
            d += timedelta(days=1)
    except OverflowError:
        return today
    return d


def _month_day(d: date) -> str:
    return f"{_MONTH_ABBR[d.month - 1].lower()} {d.day}"


def _date_examples(today: date) -> str:
    ex = _example_date(today)
    return (f"{ex.isoformat()}, {_month_day(ex)}, {ex.month}/{ex.day}, "
            f"{_DAY_NAME[ex.weekday()].lower()}, +3d or in 2 weeks")


def _datetime_examples(today: date) -> str:
    ex = _example_date(today)
    return (f"{ex.isoformat()} 14:00, {_month_day(ex)} 2pm, "
            f"{_DAY_NAME[ex.weekday()].lower()} at 9:30, tomorrow noon or 15:00")


def _slash_hint(today: date) -> str:
    ex = _example_date(today)
    return f"write month/day like {ex.month}/{ex.day}, or {ex.isoformat()}"
