"""A stylesheet reparse keeps what it parsed.

``Stylesheet.reparse`` (new theme variables) parses every source again in a
fresh stylesheet but keeps none of that work, while ``set_variables`` had
cleared the app's own cache: the next widget class to mount (a new
DEFAULT_CSS) parsed all the CSS a third time, 8 ms of the board's first
frame (app.tcss alone 3.6 ms; measured 2026-11-22). The fresh parses are kept
as the stylesheet's cache: the patched method is Textual 8.2's body plus one
line.

Textual internals: ``Stylesheet.reparse`` (replaced by a copy of its body),
``Stylesheet._variables``, ``_invalid_css``, ``_rules``, ``_rules_map``,
``_parse_cache``, ``_require_parse``. Applied by ``tui.compat.apply_patches``
when the app is imported; checked by tests/test_compat.py.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

#: Textual's own method (tests/test_compat.py checks that its body is unchanged).
original_reparse = Stylesheet.reparse


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
    Stylesheet.reparse = _reparse_keeping_cache  # type: ignore[method-assign]
