"""The user's settings: one frozen value, validated the same way from the
database, the interchange file and the settings screen.

Every cadence number in ETIQUETTE.md is a setting here, so the user can
change the rules and the interchange carries them.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from storage.errors import ValidationError
from storage.rules.business_days import DEFAULT_WORKDAYS, WorkCalendar
from storage.rules.cadence import CADENCE_VERSION
from storage.rules.validate import check_year, clean_text, valid_email

#: Settings whose value is a non-negative whole number, with its upper bound.
_COUNTS: dict[str, int] = {
    "thank_you_hours": 24 * 14,
    "late_business_days": 30,
    "first_follow_up_business_days": 60,
    "second_follow_up_business_days": 60,
    "move_on_business_days": 120,
    "reconnect_months": 36,
}

#: What each cadence number means, as the settings screen and ``afterview
#: config`` explain it (the default is the dataclass's).
CADENCE_MEANINGS: dict[str, str] = {
    "thank_you_hours": "hours after an interview to send the thank-you",
    "late_business_days": "business days after which a thank-you is late",
    "first_follow_up_business_days":
        "business days after the interview (or the decision date) to follow up",
    "second_follow_up_business_days": "business days after the first follow-up to follow up again",
    "move_on_business_days": "business days after the second follow-up to move on",
    "reconnect_months": "months before a closed application's reconnect reminder",
}

#: Settings that change nothing that is due: storing them recomputes nothing.
NOT_CADENCE = frozenset({"theme", "word_list", "your_name", "your_email", "keymap", "welcomed",
                         "send_command"})

#: A key as Textual names it: "t", "B", "ctrl+p", "question_mark", "f5", "comma".
_KEY = re.compile(r"^(?:[a-z]+\+)*[A-Za-z0-9_\-]+$|^[^\s,]$")
#: A binding id: "app.board", "today.write".
_BINDING_ID = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$")
#: A theme's name as Textual spells them ("nord", "textual-dark").
_THEME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True, slots=True)
class Settings:
    workdays: tuple[int, ...] = DEFAULT_WORKDAYS
    holidays: tuple[date, ...] = ()
    first_day_of_week: int = 0
    theme: str = "textual-dark"
    word_list: tuple[str, ...] = ()
    your_name: str = ""
    """Signs the composer's notes; empty leaves a ``[your name]`` slot."""
    your_email: str = ""
    """The user's own address: the mail import tells sent from received by it."""
    send_command: str = ""
    """A mail tool the composer's send key pipes the message to (``msmtp -t``),
    split like a shell line but run without a shell; empty: no send key."""
    keymap: tuple[tuple[str, str], ...] = ()
    """(binding id, keys) pairs for ``App.set_keymap``, sorted by id. A tuple, not
    a dict: the value stays hashable and frozen."""
    welcomed: bool = False
    """The first-run welcome was answered or skipped: never shown again."""
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
            "your_email": self.your_email,
            "send_command": self.send_command,
            "keymap": dict(self.keymap),
            "welcomed": self.welcomed,
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
            check_year(out[-1], f"{where}[{i}]")
        return tuple(sorted(set(out)))
    if key == "first_day_of_week":
        if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 6:
            raise ValidationError(f"{where}: a weekday number 0 (Mon) to 6 (Sun)")
        return raw
    if key == "theme":
        if not isinstance(raw, str) or not _THEME.match(raw.strip()):
            raise ValidationError(f"{where}: a theme name such as nord or textual-dark")
        return raw.strip()
    if key == "word_list":
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            raise ValidationError(f"{where}: a list of words")
        for i, word in enumerate(raw):
            clean_text(word, limit=100, what=f"{where}[{i}]")
        return tuple(sorted({w.strip() for w in raw if w.strip()}, key=str.lower))
    if key == "your_name":
        if not isinstance(raw, str) or len(raw) > 100:
            raise ValidationError(f"{where}: your name as text (at most 100 characters)")
        return clean_text(raw, what=where).strip()
    if key == "your_email":
        if not isinstance(raw, str) or (raw.strip(" ") and not valid_email(raw.strip(" "))):
            raise ValidationError(f"{where}: an email address such as you@example.com, or empty")
        return raw.strip(" ")
    if key == "send_command":
        if not isinstance(raw, str):
            raise ValidationError(f"{where}: a command as text, such as msmtp -t")
        command = clean_text(raw, limit=1000, what=where).strip()
        try:
            shlex.split(command)
        except ValueError as exc:  # an unclosed quote
            raise ValidationError(f"{where}: {exc} (quote as in a shell: msmtp -a 'my work')"
                                  ) from None
        return command
    if key == "welcomed":
        if not isinstance(raw, bool):
            raise ValidationError(f"{where}: true or false")
        return raw
    if key == "keymap":
        return _parse_keymap(raw, where)
    limit = _COUNTS[key]
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= limit:
        raise ValidationError(f"{where}: a whole number from 0 to {limit}")
    return raw


def _parse_keymap(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    """{binding id: keys}: keys are Textual key names, several joined by commas
    ("ctrl+n,f2"). Which ids exist is the app's to say (storage knows no
    bindings). One key for two ids of one scope ("board.new", "board.edit"),
    or for an app-wide id and any other, is refused: one would hide the other.
    Different screens may share a key ("board.round" and "details.round")."""
    if not isinstance(raw, dict):
        raise ValidationError(f"{where}: an object of binding id to keys, e.g. "
                              '{"app.board": "B"}')
    out: dict[str, str] = {}
    owner: dict[str, list[str]] = {}
    for binding_id, keys in raw.items():
        here = f"{where}.{binding_id}"
        if not isinstance(binding_id, str) or not _BINDING_ID.match(binding_id):
            raise ValidationError(f"{here}: not a binding id (such as app.board)")
        if not isinstance(keys, str):
            raise ValidationError(f"{here}: keys as text, e.g. \"B\" or \"ctrl+b,f2\"")
        clean_text(keys, limit=60, what=here)
        parts = [k.strip() for k in keys.split(",")]  # "," itself is named "comma"
        if not parts or not all(parts) or len(keys) > 60:
            raise ValidationError(f"{here}: keys as text, e.g. \"B\" or \"ctrl+b,f2\"")
        for part in parts:
            if not _KEY.match(part):
                raise ValidationError(f"{here}: {part!r} is not a key name")
            scope = binding_id.split(".")[0]
            for other in owner.get(part, []):
                other_scope = other.split(".")[0]
                if other != binding_id and (other_scope == scope or "app" in (scope, other_scope)):
                    raise ValidationError(f"{here}: {part!r} is already the key of {other}")
            owner.setdefault(part, []).append(binding_id)
        out[binding_id] = ",".join(parts)
    return tuple(sorted(out.items()))


def cadence_cache_marker(settings: Settings) -> str:
    """What the cache was computed under: the rules and the settings.

    Not this machine's zone: due days are counted in the database's own zone
    (storage.db.pending_actions), so a second device in another zone finds
    the cache current. ("utc": ``due_at`` is stored in UTC since then; a
    cache from before is rebuilt.)
    """
    mapping = settings.to_mapping()
    relevant = {k: v for k, v in mapping.items() if k not in NOT_CADENCE}
    return f"{CADENCE_VERSION}|utc|{sorted(relevant.items())}"


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_weekdays(days: Iterable[int]) -> str:
    return " ".join(WEEKDAY_NAMES[d] for d in days)


def parse_weekdays(text: str) -> list[int]:
    """"Mon Tue Wed", "mon-fri", "0,1,2" → weekday numbers (0 = Monday), as the
    settings screen and the welcome take them; ValidationError names the word."""
    out: list[int] = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        ends = word.split("-")
        if len(ends) == 2 and all(ends):
            first, last = _weekday(ends[0]), _weekday(ends[1])
            out += range(first, last + 1) if first <= last else [*range(first, 7),
                                                                 *range(0, last + 1)]
        else:
            out.append(_weekday(word))
    if not out:
        raise ValidationError("workdays: at least one day, e.g. Mon Tue Wed Thu Fri")
    return sorted(set(out))


def _weekday(word: str) -> int:
    if word.isdigit() and 0 <= int(word) <= 6:
        return int(word)
    for number, name in enumerate(WEEKDAY_NAMES):
        if len(word) >= 2 and name.lower().startswith(word[:3].lower()):
            return number
    raise ValidationError(f"workdays: {word!r} is not a weekday (Mon … Sun)")


def country_holidays(code: str, years: Iterable[int]) -> list[date]:
    """The public holidays of a country ("US", "DE") or a region of one ("US-CA",
    "DE-BY") in ``years``, from the ``holidays`` package, for the user to edit.

    Imported here, when asked: the package's country data takes about 80 ms to
    import, and nothing else needs it."""
    country, _, region = code.strip().upper().partition("-")
    if not re.fullmatch(r"[A-Z]{2,3}", country):
        raise ValidationError(f"holiday country: {code.strip()!r} is not a country code "
                              "such as US, DE or US-CA")
    try:
        import holidays
    except ImportError:
        raise ValidationError("holiday country: the holidays package is not installed "
                              "(pip install holidays)") from None
    try:
        found = holidays.country_holidays(country, subdiv=region or None, years=list(years))
    except NotImplementedError as exc:  # its message names the unknown country or region
        raise ValidationError(f"holiday country: {exc}") from None
    return sorted(found)
