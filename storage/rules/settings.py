"""The user's settings: one frozen value, validated the same way from the
database, the interchange file and the settings screen.

Every cadence number in ETIQUETTE.md is a setting here, so the user can
change the rules and the interchange carries them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from storage.errors import ValidationError
from storage.rules.business_days import DEFAULT_WORKDAYS, WorkCalendar
from storage.rules.cadence import CADENCE_VERSION

#: Settings whose value is a non-negative whole number, with its upper bound.
_COUNTS: dict[str, int] = {
    "thank_you_hours": 24 * 14,
    "late_business_days": 30,
    "first_follow_up_business_days": 60,
    "second_follow_up_business_days": 60,
    "move_on_business_days": 120,
    "reconnect_months": 36,
}


@dataclass(frozen=True, slots=True)
class Settings:
    workdays: tuple[int, ...] = DEFAULT_WORKDAYS
    holidays: tuple[date, ...] = ()
    first_day_of_week: int = 0
    theme: str = "textual-dark"
    word_list: tuple[str, ...] = ()
    your_name: str = ""
    """Signs the composer's notes; empty leaves a ``[your name]`` slot."""
    thank_you_hours: int = 24
    late_business_days: int = 2
    first_follow_up_business_days: int = 5
    second_follow_up_business_days: int = 5
    move_on_business_days: int = 10
    reconnect_months: int = 3
    _calendar: WorkCalendar | None = field(default=None, compare=False, repr=False)

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            object.__setattr__(self, "_calendar", WorkCalendar.of(self.workdays, self.holidays))
        assert self._calendar is not None
        return self._calendar

    def with_values(self, **changes: Any) -> Settings:
        return replace(self, _calendar=None, **changes)

    def to_mapping(self) -> dict[str, Any]:
        """JSON-ready, as stored and exported."""
        return {
            "workdays": list(self.workdays),
            "holidays": [d.isoformat() for d in self.holidays],
            "first_day_of_week": self.first_day_of_week,
            "theme": self.theme,
            "word_list": list(self.word_list),
            "your_name": self.your_name,
            **{name: getattr(self, name) for name in _COUNTS},
        }

    @classmethod
    def from_stored(cls, rows: Iterable[tuple[str, str]]) -> Settings:
        """From the settings table's (key, JSON text) rows.

        Keys a newer version wrote, and internal ones ("_…"), are not settings.
        """
        known = set(cls().to_mapping())
        return cls.from_mapping({key: json.loads(value) for key, value in rows if key in known})

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str = "settings",
                     base: Settings | None = None) -> Settings:
        """Validate ``data`` over ``base`` (defaults when None).

        Errors name the key path: ``settings.holidays[1]: not a date``.
        """
        known = {f.name for f in fields(cls) if not f.name.startswith("_")}
        values: dict[str, Any] = {}
        for key, raw in data.items():
            where = f"{path}.{key}"
            if key not in known:
                raise ValidationError(f"{where}: unknown setting")
            values[key] = _parse_value(key, raw, where)
        return (base or cls()).with_values(**values)


def _parse_value(key: str, raw: Any, where: str) -> Any:
    if key == "workdays":
        if not isinstance(raw, list) or not raw:
            raise ValidationError(f"{where}: a non-empty list of weekday numbers 0 (Mon) to 6")
        for i, day in enumerate(raw):
            if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
                raise ValidationError(f"{where}[{i}]: a weekday number 0 (Mon) to 6 (Sun)")
        return tuple(sorted(set(raw)))
    if key == "holidays":
        if not isinstance(raw, list):
            raise ValidationError(f"{where}: a list of dates (YYYY-MM-DD)")
        out = []
        for i, item in enumerate(raw):
            try:
                out.append(date.fromisoformat(item))
            except (TypeError, ValueError):
                raise ValidationError(f"{where}[{i}]: not a date (YYYY-MM-DD)") from None
        return tuple(sorted(set(out)))
    if key == "first_day_of_week":
        if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 6:
            raise ValidationError(f"{where}: a weekday number 0 (Mon) to 6 (Sun)")
        return raw
    if key == "theme":
        if not isinstance(raw, str) or not raw.strip():
            raise ValidationError(f"{where}: a theme name")
        return raw.strip()
    if key == "word_list":
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            raise ValidationError(f"{where}: a list of words")
        return tuple(sorted({w.strip() for w in raw if w.strip()}, key=str.lower))
    if key == "your_name":
        if not isinstance(raw, str) or len(raw) > 100:
            raise ValidationError(f"{where}: your name as text (at most 100 characters)")
        return raw.strip()
    limit = _COUNTS[key]
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= limit:
        raise ValidationError(f"{where}: a whole number from 0 to {limit}")
    return raw


def cadence_cache_marker(settings: Settings) -> str:
    """What the cache was computed under: the rules, the settings and the zone.

    Local dates come from the time zone, so moving zones rebuilds too.
    """
    mapping = settings.to_mapping()
    relevant = {k: v for k, v in mapping.items() if k not in ("theme", "word_list", "your_name")}
    return f"{CADENCE_VERSION}|{time.tzname[0]}|{time.timezone}|{sorted(relevant.items())}"
