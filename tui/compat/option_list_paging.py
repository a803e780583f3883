"""Page up/down in an OptionList that is not laid out yet: nothing, not a crash.

``OptionList._move_page`` reads ``_index_to_line`` before the list has been
laid out; a page key pressed right after a Select opens, or right after the
command palette opens, raised KeyError and ended the app (found by
tests/test_robustness.py's random keys). One guard here covers every
OptionList (Select's overlay, SelectionList, the palette's CommandList);
remove it once Textual fixes the method.

Textual internals: ``OptionList._move_page`` (replaced, then called),
``OptionList._index_to_line`` (read). Applied by ``tui.compat.apply_patches``
when the app is imported; checked by tests/test_compat.py.
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
