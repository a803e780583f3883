"""Fixes for Textual 8.2, applied when the app is imported.


``OptionList._move_page`` (page up/down) reads ``_index_to_line`` before the
list has been laid out; a page key pressed right after a Select opens, or
right after the command palette opens, raises KeyError and ends the app.
Found by tests/test_robustness.py. One guard here covers every OptionList
(Select's overlay, SelectionList, the palette's CommandList); remove it once
Textual fixes the method.

``Stylesheet.reparse`` (new theme variables) parses every source again in a
fresh stylesheet but keeps none of that work: the next widget class to
mount (a new DEFAULT_CSS) parsed everything a third time, 8 ms of the
board's first frame. The fresh parses are kept as the stylesheet's cache.
"""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.widgets import OptionList

_original_move_page = OptionList._move_page


def _move_page_when_laid_out(self: OptionList, direction: Any) -> None:
    if (self.highlighted or 0) not in self._index_to_line:
        return  # not laid out yet: nothing to page through
    _original_move_page(self, direction)


def _reparse_keeping_cache(self: Stylesheet) -> None:
    # Textual 8.2's Stylesheet.reparse, plus the last line but one.
    stylesheet = Stylesheet(variables=self._variables)
    for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
        stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                              tie_breaker=tie_breaker, scope=scope)
    try:
        stylesheet.parse()
    except Exception:
        self._invalid_css.update(stylesheet._invalid_css)
        raise
    self._rules = stylesheet.rules
    self._rules_map = None
    self.source = stylesheet.source
    self._parse_cache = stylesheet._parse_cache  # parsed with the current variables
    self._require_parse = False


def apply() -> None:
    OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]
    Stylesheet.reparse = _reparse_keeping_cache  # type: ignore[method-assign]
