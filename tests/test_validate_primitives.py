"""The validation every door calls (storage/rules/validate.py): control
characters, lone surrogates, lengths, year bounds, email addresses, and what
may be written to a terminal."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.errors import ValidationError
from storage.rules.dates import DateParseError, parse_date, parse_datetime
from storage.rules.validate import (
    MAX_YEAR,
    MIN_YEAR,
    Problems,
    check_email,
    check_year,
    clean_text,
    safe_for_terminal,
    valid_email,
)

TODAY = date(2026, 12, 2)
BIDI = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A))}


def _unsafe(ch: str, *, multiline: bool) -> bool:
    if multiline and ch in "\n\t":
        return False
    return (unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI
            or ch in "\u2028\u2029")


@pytest.mark.parametrize("ch", ["\x1b", "\r", "\x07", "\x00", "\x7f", "\x9b", "\u202e",
                                "\ud800", "\n", "\t"])
def test_a_name_refuses_every_control_character(ch: str) -> None:
    with pytest.raises(ValidationError, match=r"^company: holds a control character U\+"):
        clean_text(f"Acme{ch}Corp", what="company")


def test_free_text_keeps_line_breaks_and_tabs_but_not_escape_or_a_lone_cr() -> None:
    assert clean_text("one\n\ttwo", multiline=True) == "one\n\ttwo"
    assert clean_text("one\r\ntwo", multiline=True) == "one\ntwo"
    for bad in ("\x1b]0;pwned\x07", "a\rb", "\ud800"):
        with pytest.raises(ValidationError):
            clean_text(bad, multiline=True)


def test_names_in_any_script_are_kept() -> None:
    for name in ("José Núñez", "李小龙", "می‌خواهم", "👩‍💻 Dana", "Zoë O'Brien-Smith"):
        assert clean_text(name) == name


def test_over_long_text_is_refused_with_its_limit() -> None:
    with pytest.raises(ValidationError, match="longer than 10 characters"):
        clean_text("x" * 11, limit=10)
    assert clean_text("x" * 10, limit=10) == "x" * 10


@given(st.text())
def test_clean_text_accepts_exactly_the_safe_strings(value: str) -> None:
    for multiline in (False, True):
        seen = value.replace("\r\n", "\n") if multiline else value
        unsafe = any(_unsafe(ch, multiline=multiline) for ch in seen)
        try:
            clean_text(value, multiline=multiline)
        except ValidationError as exc:
            assert unsafe, (value, str(exc))
            assert "\n" not in str(exc)
        else:
            assert not unsafe, value


@given(st.text())
def test_nothing_unsafe_survives_safe_for_terminal(value: str) -> None:
    shown = safe_for_terminal(value)
    assert not any(_unsafe(ch, multiline=False) for ch in shown)
    shown.encode("utf-8")  # a lone surrogate would raise here
    kept = safe_for_terminal(value, multiline=True)
    assert not any(_unsafe(ch, multiline=True) for ch in kept)


def test_safe_for_terminal_shows_what_was_there() -> None:
    assert safe_for_terminal("Acme\x1b]0;pwned\x07") == "Acme\\x1b]0;pwned\\x07"
    assert safe_for_terminal("a\nb") == "a\\nb"
    assert safe_for_terminal("a\nb", multiline=True) == "a\nb"
    assert safe_for_terminal("plain") == "plain"


def test_years_are_bounded() -> None:
    assert check_year(date(MIN_YEAR, 1, 1)) == date(MIN_YEAR, 1, 1)
    assert check_year(datetime(MAX_YEAR, 12, 31, 23, 59))
    for bad in (date(MIN_YEAR - 1, 12, 31), date(MAX_YEAR + 1, 1, 1), date(1, 1, 1),
                date(9999, 12, 31)):
        with pytest.raises(ValidationError, match=f"use a year from {MIN_YEAR} to {MAX_YEAR}"):
            check_year(bad, "decision date")


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01",
                                   "+10000w"])
def test_typed_dates_outside_the_bounds_are_refused(typed: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(typed, TODAY)
    with pytest.raises(DateParseError):
        parse_datetime(f"{typed} 2pm" if "-" in typed[1:] else typed, TODAY)


def test_a_date_error_never_echoes_a_control_character() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date("\x1b]0;pwned\x07", TODAY)
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)


@pytest.mark.parametrize("address", ["dana@acme.com", "a.b+c@sub.example.org",
                                     "josé@exämple.de"])
def test_plain_addresses_are_valid(address: str) -> None:
    assert valid_email(address)
    assert check_email(f" {address} ") == address


@pytest.mark.parametrize("address", [
    "dana@acme.com\r\nBcc: all@x.com", "dana@acme.com\n", "a@b.com, c@d.com", "a@b.com;c@d.com",
    "Dana <dana@acme.com>", "dana@@acme..com", "dana@acme..com", ".dana@acme.com",
    "dana@acme.com.", "dana", "alex@example", "@acme.com", "dana@", "da na@acme.com",
    "dana@acme\x1b.com",
    "x" * 250 + "@acme.com",
])
def test_anything_but_one_plain_address_is_refused(address: str) -> None:
    assert not valid_email(address)
    with pytest.raises(ValidationError) as caught:
        check_email(address)
    assert "\n" not in str(caught.value) and "\r" not in str(caught.value)


def test_problems_use_the_same_checks_with_key_paths() -> None:
    p = Problems()
    assert p.text("Acme\x1b[2J", "applications[0].company") is None
    assert p.text("line\nbreak", "applications[0].notes", multiline=True) == "line\nbreak"
    assert p.email("a@b.com\r\nX", "applications[0].contacts[0].email") is None
    assert p.date_("9999-12-31", "applications[0].applied_on") is None
    assert p.datetime_("9999-12-31T23:59:59-12:00", "x.starts_at") is None
    assert p.datetime_("0001-01-01T00:00", "y.starts_at") is None
    paths = [e.split(":", 1)[0] for e in p.errors]
    assert paths == ["applications[0].company", "applications[0].contacts[0].email",
                     "applications[0].applied_on", "x.starts_at", "y.starts_at"]


@pytest.mark.parametrize("ch", ["\r", "\n", "\t", "\x1b", "\x00", "\u2028", "\u00a0"])
def test_a_date_holding_a_control_or_foreign_character_is_refused(ch: str) -> None:
    # Python's fromisoformat reads some of these as separators: the import
    # accepted '2026-11-19T18:00:00\r-05:00' (found by the fuzz test).
    p = Problems()
    assert p.datetime_(f"2026-11-19T18:00:00{ch}-05:00", "x.sent_at") is None
    assert p.date_(f"2026-11{ch}-19", "x.applied_on") is None
    assert [e.split(":", 1)[0] for e in p.errors] == ["x.sent_at", "x.applied_on"]
    assert p.datetime_("2026-11-19T18:00:00-05:00", "ok") is not None
