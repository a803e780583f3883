"""Checking untrusted JSON, with errors that name the key path.

Used by the interchange import: ``applications[3].interviews[0].starts_at:
not a date-time``. Errors are collected rather than raised one at a time, so
the user can fix a file in one pass.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from storage.errors import ValidationError

MAX_REPORTED = 20


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
             limit: int = 100_000) -> str | None:
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
        if len(value) > limit:
            self.add(path, f"longer than {limit} characters")
            return None
        return value

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
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(path, "not a date (YYYY-MM-DD)")
        return None

    def datetime_(self, value: Any, path: str, *, required: bool = False) -> datetime | None:
        """An ISO date-time; one without an offset is local time."""
        if value is None:
            if required:
                self.add(path, "required")
            return None
        if isinstance(value, str) and ("T" in value or " " in value):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                return parsed if parsed.tzinfo else parsed.astimezone()
        self.add(path, "not a date-time (YYYY-MM-DDTHH:MM, with an optional offset)")
        return None

    def choice(self, value: Any, path: str, choices: Collection[str]) -> str | None:
        if value not in choices:
            self.add(path, f"not one of {', '.join(choices)}")
            return None
        return str(value)
