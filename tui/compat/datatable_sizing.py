"""A DataTable's new rows measured at once, so rows and size arrive in one frame.

DataTable measures the rows just added on its next idle (``DataTable._on_idle``);
their height then asks for a second layout, drawn a frame (20-30 ms) after the
rows. Measured right after adding them, the calendar's day key draws one frame:
next day 60 -> 35 ms with 5,000 applications (measured 2026-11-22, real pty,
together with the calendar's other one-frame changes).

Textual internals, as used by ``DataTable._on_idle``:
``DataTable._require_update_dimensions``, ``DataTable._new_rows``,
``DataTable._update_dimensions``. Checked by tests/test_compat.py.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def measure_new_rows_now(table: DataTable[Any]) -> None:
    """Do now what the table's next idle would do for the rows just added."""
    if table._require_update_dimensions:
        table._require_update_dimensions = False
        new_rows = table._new_rows.copy()
        table._new_rows.clear()
        table._update_dimensions(new_rows)
