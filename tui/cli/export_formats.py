"""The formats of ``afterview export`` besides ``afterview/1`` JSON.

Each format's module (``storage/interchange/``) is imported only when asked
for, so ``afterview --help`` and the other commands never pay for icalendar.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.db.engine import Database

#: ``log`` is Markdown; ``log-csv`` the same record as CSV.
FORMATS: tuple[str, ...] = ("json", "csv", "ics", "vcf", "log", "log-csv")
#: The formats a date range applies to, and what it selects in each.
RANGED: dict[str, str] = {
    "csv": "applications applied for in the range",
    "ics": "actions due and interviews in the range",
    "log": "activity in the range",
    "log-csv": "activity in the range",
}


def parse_range(fmt: str, start: str | None, end: str | None
                ) -> tuple[date | None, date | None]:
    """--from and --to as dates (typed as people type them), checked against the format."""
    from storage.rules import clock
    from storage.rules.dates import parse_date

    if (start or end) and fmt not in RANGED:
        raise ValidationError(
            f"--from/--to apply to {', '.join(RANGED)}; {fmt} always holds everything")
    today = clock.today()
    first = parse_date(start, today) if start else None
    last = parse_date(end, today) if end else None
    if first is not None and last is not None and last < first:
        raise ValidationError(f"--to ({last.isoformat()}) is before --from ({first.isoformat()})")
    return first, last


def render(db: Database, fmt: str, start: date | None, end: date | None) -> str:
    """The export's text in ``fmt`` (not ``json``, which the command writes itself)."""
    if fmt == "csv":
        from storage.interchange.csv_export import export_csv

        return export_csv(db, start, end)
    if fmt == "ics":
        from storage.interchange.ics_export import export_ics

        return export_ics(db, start, end)
    if fmt == "vcf":
        from storage.interchange.vcf_export import export_vcf

        return export_vcf(db)
    if fmt == "log":
        from storage.interchange.activity_log import export_log_markdown

        return export_log_markdown(db, start, end)
    if fmt == "log-csv":
        from storage.interchange.activity_log import export_log_csv

        return export_log_csv(db, start, end)
    raise ValidationError(f"--format: one of {', '.join(FORMATS)}")
