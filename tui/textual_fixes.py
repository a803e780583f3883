"""A fix for Textual 8.2's OptionList, applied when the app is imported.

``OptionList._move_page`` (page up/down) reads ``_index_to_line`` before the
list has been laid out; a page key pressed right after a Select opens, or
right after the command palette opens, raises KeyError and ends the app.
Found by tests/test_robustness.py. One guard here covers every OptionList
(Select's overlay, SelectionList, the palette's CommandList); remove it once
Textual fixes the method.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

_original_move_page = OptionList._move_page


def _move_page_when_laid_out(self: OptionList, direction: Any) -> None:
    if (self.highlighted or 0) not in self._index_to_line:
        return  # not laid out yet: nothing to page through
    _original_move_page(self, direction)


def apply() -> None:
    OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]
