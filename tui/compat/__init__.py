"""Every use of Textual's private internals, in one place.

Each module says what it buys (with the figure measured) and which internals
it touches, and has a test in ``tests/test_compat.py`` that fails, naming the
internal and the module, when Textual's shape changes; that test also pins
the Textual version and keeps ``_names`` of Textual out of the rest of
``tui/``. Upgrading Textual is a deliberate act: re-measure, re-check, then
move the pin in pyproject.toml.
"""

from __future__ import annotations


def apply_patches() -> None:
    """Patch Textual's classes in place (once, when the app is imported)."""
    from tui.compat import (
        close_current_last,
        option_list_paging,
        stylesheet_reparse,
        timer_delay,
    )

    close_current_last.apply()
    option_list_paging.apply()
    stylesheet_reparse.apply()
    timer_delay.apply()
