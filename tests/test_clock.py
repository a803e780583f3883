"""AFTERVIEW_TODAY freezes "today" everywhere."""

from __future__ import annotations

from datetime import date

import pytest

from storage.errors import ValidationError
from storage.rules import clock


def test_frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_TODAY", "2026-11-19")
    assert clock.today() == date(2026, 11, 19)
    assert clock.now().date() == date(2026, 11, 19)


def test_unfrozen_today_is_the_real_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERVIEW_TODAY")
    assert clock.today() == date.today()


def test_a_bad_frozen_date_says_what_to_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_TODAY", "tomorrow")
    with pytest.raises(ValidationError, match="use YYYY-MM-DD"):
        clock.today()
