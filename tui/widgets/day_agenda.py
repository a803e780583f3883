"""The calendar's list of one day's actions: a DataTable that changes in one frame."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.geometry import Size
from textual.widgets import DataTable


class DayAgenda(DataTable[Any]):
    """A DataTable whose rows are replaced all at once, as the selected day changes."""

    def show_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Replace every row (keys are the row numbers as text)."""
        self.clear()
        for n, cells in enumerate(rows):
            self.add_row(*cells, key=str(n))
        # DataTable measures new rows on its next idle; the new height then asks
        # for a second layout, drawn a frame (20-30 ms) after the rows. Measured
        # here, rows and size arrive in one frame. (Textual internals:
        # _require_update_dimensions, _new_rows, _update_dimensions, as in
        # DataTable._on_idle; check on an upgrade.)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def _scroll_update(self, virtual_size: Size) -> None:
        super()._scroll_update(virtual_size)
        # A new day changes the table's height, and the layout that follows
        # tells the scrollbars to repaint. The table is repainted in that same
        # frame, scrollbars included; their own repaint request only drew a
        # second, identical frame 20-30 ms later. (Textual internals:
        # Widget._scroll_update, _repaint_required; check on an upgrade.)
        for bar in (self._vertical_scrollbar, self._horizontal_scrollbar):
            if bar is not None:
                bar._repaint_required = False
