"""No second, identical frame for a widget's scrollbars after a resize.

A new day changes the calendar's day list's height, and the layout that
follows tells its scrollbars to repaint (``Widget._scroll_update``). The
table is repainted in that same frame, scrollbars included; their own repaint
request only drew a second, identical frame 20-30 ms later (measured
2026-11-22, real pty, 5,000 applications: part of the calendar's next day
60 -> 35 ms).

Textual internals: ``Widget._scroll_update`` (overridden),
``Widget._vertical_scrollbar`` / ``_horizontal_scrollbar`` (read),
``ScrollBar._repaint_required`` (cleared). Checked by tests/test_compat.py.
"""

from __future__ import annotations

from textual.geometry import Size


class NoScrollbarRepaint:
    """Mixin, before a widget whose own repaint already draws its scrollbars."""

    def _scroll_update(self, virtual_size: Size) -> None:
        super()._scroll_update(virtual_size)  # type: ignore[misc]
        for bar in (self._vertical_scrollbar, self._horizontal_scrollbar):  # type: ignore[attr-defined]
            if bar is not None:
                bar._repaint_required = False
