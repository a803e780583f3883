"""The details open in one frame: no second layout for a resized block.

Textual 8 lays a screen out again whenever a layout resized a widget
(``Widget._size_updated`` sets the ``virtual_size`` layout reactive). For the
details' childless text blocks that second pass changes nothing (their
height was already measured for their width in the first pass), but it drew
a second frame 25-30 ms after the first. The scrolling page needs it only
when its scrollbar appears or goes (that changes the width the text wraps
to). With the push that waits for the text, opening the details went
62 -> 23 ms median (measured 2026-11-22, pty, 5,000 cards).

Textual internal: ``Widget._size_updated`` (overridden; its ``layout``
parameter). Checked by tests/test_compat.py.
"""

from __future__ import annotations

from textual.geometry import Size


class NoRelayoutOnResize:
    """Mixin, before a childless widget class: a resize never asks for a layout."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return super()._size_updated(  # type: ignore[misc, no-any-return]
            size, virtual_size, container_size, layout=False)


class RelayoutForScrollbarOnly:
    """Mixin, before a scrolling container: a layout only when its scrollbar comes or goes.

    Otherwise the scroll range is updated in place.
    """

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        height = size.height
        same_scrollbar = size == self.size and (  # type: ignore[attr-defined]
            (virtual_size.height > height)
            == (self.virtual_size.height > height))  # type: ignore[attr-defined]
        return super()._size_updated(  # type: ignore[misc, no-any-return]
            size, virtual_size, container_size, layout=layout and not same_scrollbar)
