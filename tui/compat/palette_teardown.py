"""The command palette survives being closed while it still searches.

In Textual 8, closing the palette while it still gathers commands lets that
worker use widgets already removed (NoMatches, KeyError), which ended the app
(found by tests/test_robustness.py's random keys, and by CI). The search is
cancelled on close, and the list updates ignore a torn-down palette. A crash
fix: no time figure.

Textual internals: ``CommandPalette._cancel_gather_commands`` (called),
``CommandPalette._watch__list_visible`` and
``CommandPalette._refresh_command_list`` (overridden). Checked by
tests/test_compat.py.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.command import CommandList


class PaletteTeardownGuard:
    """Mixin, before the CommandPalette class."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        # Stop the search before the widgets it draws into are removed.
        self._cancel_gather_commands()  # type: ignore[attr-defined]
        return super().dismiss(result)  # type: ignore[misc, no-any-return]

    def _torn_down(self) -> bool:
        return not self.is_attached or not self.query(CommandList)  # type: ignore[attr-defined]

    def _watch__list_visible(self) -> None:
        if not self._torn_down():
            super()._watch__list_visible()  # type: ignore[misc]

    def _refresh_command_list(self, *args: Any, **kwargs: Any) -> None:
        if not self._torn_down():
            super()._refresh_command_list(*args, **kwargs)  # type: ignore[misc]
