"""Checking untrusted input, at every door, in one place.

The primitives (:func:`clean_text`, :func:`check_year`, :func:`valid_email`,
:func:`safe_for_terminal`) are what every entry point calls: the interchange
import, the CLI's arguments, the app's forms, the settings, and the calendar
and mail imports. They are pure and raise :class:`ValidationError` with a
message that says what to change.

:class:`Problems` checks untrusted JSON with errors that name the key path:
``applications[3].interviews[0].starts_at: not a date-time``. Errors are
collected rather than raised one at a time, so the user can fix a file in one
pass.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from storage.errors import ValidationError

MAX_REPORTED = 20

#: Every date Afterview stores lies in these years (inclusive). Far enough for
#: any real interview; near enough that business-day arithmetic, time-zone
#: conversion and a year's holidays never leave what ``datetime`` can hold.
MIN_YEAR = 1900
MAX_YEAR = 2200

#: Default length limits of :func:`clean_text`: a name or title on one line,
#: and free text (notes, a message's body).
MAX_LINE = 1_000
MAX_TEXT = 100_000

# What a terminal may act on rather than show: the C0 and C1 controls and DEL
# (ESC starts a sequence that can retitle a window or rewrite the screen, BEL
# rings, CR overwrites a line), the invisible bidirectional overrides that can
# make text read differently from what it is, the Unicode line separators, and
# lone surrogates (not text at all: they cannot be encoded to UTF-8). Joiners
# (U+200C, U+200D) and the soft hyphen stay: names in many scripts need them.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")
_UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ud800-\udfff]")

# One address, nothing else: no display name, no list, no whitespace, no
# quoting. The domain has a dot (alex@example is a typo far more often than a
# local host); dots may not start, end or double up in either part.
_EMAIL = re.compile(
    r"(?P<local>[^\s@,;:<>()\[\]\\\"\x00-\x1f\x7f]{1,64})"
    r"@(?P<domain>[^\s@,;:<>()\[\]\\\"\x00-\x1f\x7f]{1,253})"
)
MAX_EMAIL = 254


def describe_char(ch: str) -> str:
    """``U+001B (ESC)``-style name of a character that cannot be shown."""
    names = {"\x1b": "escape", "\r": "carriage return", "\n": "line break",
             "\t": "tab", "\x07": "bell", "\x00": "NUL"}
    code = f"U+{ord(ch):04X}"
    if ch in names:
        return f"{code} ({names[ch]})"
    if "\ud800" <= ch <= "\udfff":
        return f"{code} (a lone surrogate, not a character)"
    return code


def text_problem(value: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can.

    ``multiline`` is for free text (notes, a message's body): line breaks and
    tabs are allowed there, never in a name, a title or an address.
    """
    most = limit if limit is not None else (MAX_TEXT if multiline else MAX_LINE)
    if len(value) > most:
        return f"longer than {most:,} characters"
    if value.isprintable():
        # No control, format, surrogate or separator character at all (C
        # speed): most text, and all of an import's names.
        return None
    bad = (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).search(value)
    if bad is not None:
        return f"holds a control character {describe_char(bad.group())}: remove it"
    return None


def clean_text(value: str, *, multiline: bool = False, limit: int | None = None,
               what: str = "text") -> str:
    """``value`` if it can be stored and shown as is; else :class:`ValidationError`
    naming ``what``.

    Free text's Windows line ends (CR LF) become plain line breaks; any other
    carriage return is refused.
    """
    if multiline and "\r\n" in value:
        value = value.replace("\r\n", "\n")
    problem = text_problem(value, multiline=multiline, limit=limit)
    if problem is not None:
        raise ValidationError(f"{what}: {problem}")
    return value


def year_problem(value: date) -> str | None:
    """Why this date (or date-time) is out of bounds, or None."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"the year {value.year} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR}"
    return None


def check_year(value: date, what: str = "date") -> date:
    """``value`` if its year is from :data:`MIN_YEAR` to :data:`MAX_YEAR`;
    else :class:`ValidationError` naming ``what``. Works on date-times too."""
    problem = year_problem(value)
    if problem is not None:
        raise ValidationError(f"{what}: {problem}")
    return value


def valid_email(value: str) -> bool:
    """One plain address (``dana@acme.com``): no name, no list, no spaces, no
    line breaks, no empty or doubled dots."""
    if len(value) > MAX_EMAIL or _UNSAFE_LINE.search(value):
        return False
    match = _EMAIL.fullmatch(value)
    if match is None:
        return False
    local, domain = match.group("local"), match.group("domain")
    return "." in domain and not any(
        part.startswith(".") or part.endswith(".") or ".." in part for part in (local, domain))


def check_email(value: str, what: str = "email") -> str:
    """``value`` without surrounding spaces, if it is one plain address; else
    :class:`ValidationError`. A line break anywhere is refused, never trimmed."""
    address = value.strip(" ")
    if not valid_email(address):
        raise ValidationError(
            f"{what}: {safe_for_terminal(address)!s} is not one email address "
            "(write it as name@example.com)")
    return address


def describe_value(value: Any) -> str:
    """A short, safe name for an untrusted JSON value in a message: a string
    quoted (escaped, cut at 40 characters), else its kind. Never ``repr`` of
    a deep list (which can overflow the stack) or of a 4,000-digit number."""
    if isinstance(value, str):
        shown = safe_for_terminal(value)
        return repr(shown if len(shown) <= 40 else shown[:39] + "…")
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_json(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with every character
    :func:`safe_for_terminal` would escape written as a ``\\uXXXX`` escape:
    the same JSON value, with nothing raw for a terminal to act on. (json
    escapes the C0 controls itself, but not DEL, the C1 controls, the
    bidirectional overrides or a lone surrogate.)"""
    if _UNSAFE_TEXT.search(text) is None:
        return text
    return _UNSAFE_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_for_terminal(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character (and bidirectional override, and
    lone surrogate) written out as a visible escape such as ``\\x1b``, so
    that nothing raw reaches a terminal. ``multiline`` keeps line breaks and
    tabs."""
    pattern = _UNSAFE_TEXT if multiline else _UNSAFE_LINE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def _iso_text(value: Any) -> bool:
    """A string that may be an ISO date: printable ASCII. Python's fromisoformat
    reads some control characters as separators ('2026-11-19T18:00:00\r-05:00'
    is a date-time to it); a file holding one is refused like any other."""
    return isinstance(value, str) and value.isascii() and value.isprintable()


class Problems:
    """Collects validation errors; :meth:`raise_if_any` reports them all."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        shown = self.errors[:MAX_REPORTED]
        more = len(self.errors) - len(shown)
        text = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
        error = ValidationError(text)
        error.errors = list(self.errors)  # type: ignore[attr-defined]
        raise error

    def obj(self, value: Any, path: str, required: Collection[str],
            optional: Collection[str]) -> dict[str, Any] | None:
        """A JSON object with these keys; unknown keys are refused."""
        if not isinstance(value, dict):
            self.add(path, "not an object")
            return None
        ok = True
        for key in value:
            if key not in required and key not in optional:
                self.add(f"{path}.{key}", "unknown key")
                ok = False
        for key in required:
            if key not in value:
                self.add(f"{path}.{key}", "missing")
                ok = False
        return value if ok else None

    def list_(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "not a list")
            return []
        return value

    def text(self, value: Any, path: str, *, required: bool = False,
             limit: int | None = None, multiline: bool = False) -> str | None:
        """A string that :func:`clean_text` accepts (``multiline`` for free
        text); None when absent or refused."""
        if value is None:
            if required:
                self.add(path, "required")
            return None
        if not isinstance(value, str):
            self.add(path, "not a string")
            return None
        if required and not value.strip():
            self.add(path, "must not be empty")
            return None
        if value.isprintable() and len(value) <= (limit or MAX_LINE):
            return value  # what clean_text would say, without its calls: 150,000 in an import
        try:
            return clean_text(value, multiline=multiline, limit=limit, what=path)
        except ValidationError as exc:
            self.errors.append(str(exc))
            return None

    def email(self, value: Any, path: str) -> str | None:
        """One plain address, or None when absent or refused."""
        address = self.text(value, path, limit=MAX_EMAIL)
        if address is None or not address.strip():
            return None
        if not valid_email(address.strip()):
            self.add(path, f"{safe_for_terminal(address)!r} is not one email address")
            return None
        return address.strip()

    def boolean(self, value: Any, path: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(path, "not true or false")
            return False
        return value

    def integer(self, value: Any, path: str, low: int, high: int) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.add(path, f"not a whole number from {low} to {high}")
            return None
        return value

    def date_(self, value: Any, path: str) -> date | None:
        if value is None:
            return None
        if _iso_text(value):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return self._in_bounds(parsed, path)
        self.add(path, "not a date (YYYY-MM-DD)")
        return None

    def datetime_(self, value: Any, path: str, *, required: bool = False) -> datetime | None:
        """An ISO date-time; one without an offset is local time."""
        if value is None:
            if required:
                self.add(path, "required")
            return None
        if _iso_text(value) and ("T" in value or " " in value):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                # Bounded before any conversion: 9999-12-31T23:59-12:00 has no
                # local time to convert to.
                if self._in_bounds(parsed, path) is None:
                    return None
                return parsed if parsed.tzinfo else parsed.astimezone()
        self.add(path, "not a date-time (YYYY-MM-DDTHH:MM, with an optional offset)")
        return None

    def _in_bounds(self, value: Any, path: str) -> Any:
        problem = year_problem(value)
        if problem is not None:
            self.add(path, problem)
            return None
        return value

    def choice(self, value: Any, path: str, choices: Collection[str]) -> str | None:
        if value not in choices:
            self.add(path, f"not one of {', '.join(choices)}")
            return None
        return str(value)
