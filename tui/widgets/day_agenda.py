"""The calendar's list of one day's actions: a DataTable that changes in one frame."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.widgets import DataTable

from tui.compat.datatable_sizing import measure_new_rows_now
from tui.compat.scroll_repaint import NoScrollbarRepaint

#: (label, key, widest, narrowest) of the columns before the last.
FIXED_COLUMNS: tuple[tuple[str, str, int, int], ...] = (
    ("", "status", 1, 1), ("Action", "action", 30, 14), ("Company", "company", 20, 10))
LAST_COLUMN = ("Why", "why")
#: The last column's narrowest: below all the narrowest widths, the table scrolls.
LAST_MIN_WIDTH = 16


def column_widths(room: int) -> list[int]:
    """The columns' widths in ``room`` cells of text: the first ones at their
    widest while the reason keeps its minimum, then shrunk together towards
    their narrowest (at 120 columns the pane has about 52: the reason used to
    scroll out of sight, one cell showing)."""
    widest = [w for _, _, w, _ in FIXED_COLUMNS]
    narrowest = [n for _, _, _, n in FIXED_COLUMNS]
    spare = room - LAST_MIN_WIDTH - sum(narrowest)
    give = [w - n for w, n in zip(widest, narrowest, strict=True)]
    if spare >= sum(give):
        return [*widest, room - sum(widest)]
    if spare <= 0:
        return [*narrowest, LAST_MIN_WIDTH]
    shares = [n + g * spare // sum(give) for n, g in zip(narrowest, give, strict=True)]
    return [*shares, room - sum(shares)]


class DayAgenda(NoScrollbarRepaint, DataTable[Any]):
    """A DataTable whose rows are replaced all at once, as the selected day changes.

    Its columns have fixed widths (columns that grew with each day's text made
    every day a new layout of the screen), worked out again when the table is
    resized (:func:`column_widths`). Its scrollbars
    are drawn with it, not a frame later (see tui.compat.scroll_repaint).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows: list[tuple[Any, ...]] = []
        self._widths: list[int] = []

    def on_resize(self, event: events.Resize) -> None:
        padding = 2 * self.cell_padding * (len(FIXED_COLUMNS) + 1)
        widths = column_widths(self.scrollable_content_region.width - padding)
        if widths != self._widths:
            self._widths = widths
            self.clear(columns=True)
            labels = [(label, key) for label, key, _, _ in FIXED_COLUMNS] + [LAST_COLUMN]
            for (label, key), width in zip(labels, widths, strict=True):
                self.add_column(label, key=key, width=width)
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
