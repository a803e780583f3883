"""``afterview export --format csv``: one row per application, for a spreadsheet.

RFC 4180: comma-separated, fields quoted when they hold a comma, a quote or a
line break, CRLF line ends, a header row. UTF-8 with a byte-order mark, which
is how Excel knows the file is UTF-8 (without it, "Zürich" opens as
"ZÃ¼rich"); Python reads it back with ``encoding="utf-8-sig"``, LibreOffice and
Google Sheets take it as is.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) is what a spreadsheet runs as a formula: a company name such as
``=HYPERLINK(…)`` from an imported file must open as text, so such a cell is
written with a leading apostrophe, which spreadsheets show as text and hide.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.db.models import Application, Communication, Company, Stage
from storage.db.store import Store
from storage.rules import clock

if TYPE_CHECKING:
    from storage.db.engine import Database

HEADER = ("Company", "Role", "Stage", "Applied", "Last contact", "Next action",
          "Next action date", "Outcome")
BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """One field's text, safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.astimezone().date().isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 text with a byte-order mark (see the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return BOM + out.getvalue()


def export_csv(db: Database, start: date | None = None, end: date | None = None) -> str:
    """Every application in board order; with ``start``/``end``, those applied for
    in that range."""
    today = clock.today()
    next_actions = Store(db).next_actions(today)
    with db.session() as s:
        last_contact = dict(tuple(r) for r in s.execute(
            select(Communication.application_id, func.max(Communication.at))
            .group_by(Communication.application_id)).all())
        query = (select(Application.id, Company.name, Application.role, Stage.name,
                        Application.applied_on, Application.outcome)
                 .join(Company, Company.id == Application.company_id)
                 .join(Stage, Stage.id == Application.stage_id)
                 .order_by(Stage.position, Application.position, Application.id))
        if start is not None:
            query = query.where(Application.applied_on >= start)
        if end is not None:
            query = query.where(Application.applied_on <= end)
        rows = s.execute(query).all()
    out = []
    for app_id, company, role, stage, applied, outcome in rows:
        nxt = next_actions.get(app_id)
        last = last_contact.get(app_id)
        out.append((company, role, stage, applied, last.astimezone() if last else None,
                    nxt.title if nxt else None, nxt.date if nxt else None, outcome))
    return write_csv(HEADER, out)
