"""The calendar's list of one day's actions: a DataTable that changes in one frame."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.widgets import DataTable

from tui.compat.datatable_sizing import measure_new_rows_now
from tui.compat.scroll_repaint import NoScrollbarRepaint

#: (label, key, width) of the fixed columns; the last column takes the rest.
FIXED_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("", "status", 1), ("Action", "action", 30), ("Company", "company", 20))
LAST_COLUMN = ("Why", "why")
#: The last column's width when the table is too narrow for all (it scrolls).
LAST_MIN_WIDTH = 16


class DayAgenda(NoScrollbarRepaint, DataTable[Any]):
    """A DataTable whose rows are replaced all at once, as the selected day changes.

    Its columns have fixed widths (columns that grew with each day's text made
    every day a new layout of the screen); the last one takes the width the
    others leave, worked out again when the table is resized. Its scrollbars
    are drawn with it, not a frame later (see tui.compat.scroll_repaint).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows: list[tuple[Any, ...]] = []
        self._last_width = 0

    def on_resize(self, event: events.Resize) -> None:
        padding = 2 * self.cell_padding
        rest = (self.scrollable_content_region.width
                - sum(width + padding for _, _, width in FIXED_COLUMNS) - padding)
        width = max(rest, LAST_MIN_WIDTH)
        if width != self._last_width:
            self._last_width = width
            self.clear(columns=True)
            for label, key, fixed in FIXED_COLUMNS:
                self.add_column(label, key=key, width=fixed)
            self.add_column(LAST_COLUMN[0], key=LAST_COLUMN[1], width=width)
            self.show_rows(self._rows)

    def show_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Replace every row (keys are the row numbers as text)."""
        self._rows = list(rows)
        if not self.columns:
            return  # not laid out yet: on_resize adds the columns, then the rows
        self.clear()
        for n, cells in enumerate(self._rows):
            self.add_row(*cells, key=str(n))
        # Rows and size in one frame (see tui.compat.datatable_sizing).
        measure_new_rows_now(self)
