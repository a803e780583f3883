"""Closing a screen once, whatever arrives after.

Textual's ``Screen.dismiss`` pops whichever screen is on top. Two keys in
one terminal read (a double escape, key repeat, a pasted ctrl+s) reach the
screen before its pop completes, and the second close would pop the screen
beneath: the details under a form, or the board itself (a crash). Found by
the random-key test.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete


async def _nothing() -> None:
    return None


class CloseOnce:
    """Mixin, before the Screen class: ``dismiss`` does nothing once the screen
    is no longer on top. A plain mixin, so the screen keeps its own default
    styles (a ModalScreen stays see-through)."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if not self.is_attached or self is not self.app.screen:  # type: ignore[attr-defined]
            return AwaitComplete(_nothing())
        return super().dismiss(result)  # type: ignore[misc, no-any-return]
