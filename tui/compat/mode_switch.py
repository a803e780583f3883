"""Switching back to a mode screen already shown, in one frame.

Textual's ``switch_mode`` calls ``delay_update()``, holding every update for
50 ms to hide a new screen mounting. A screen already mounted has nothing to
hide, and that hold was most of a switch: 58 of 60 ms (Today), 55 of 80
(board). Here the hold ends as soon as the screen has taken its
ScreenResume. Measured 2026-11-22 in a real pty with 5,000 applications:
c 59 -> 11 ms, b 80 -> 33 ms, t 58 -> 10 ms.

Textual internals: ``App._screen_stacks`` (is the mode mounted?),
``App._begin_batch`` / ``App._end_batch`` (the hold), ``App._batch_count``
(through ``tui.compat.batch.in_batch``). Checked by tests/test_compat.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.compat.batch import in_batch

if TYPE_CHECKING:
    from textual.widget import AwaitMount


class QuickModeSwitch:
    """Mixin, before the App class."""

    _switching = False  # inside switch_mode to a mounted screen (see switch_mode)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Switch screens; one already shown once comes back in one frame.

        A screen already mounted has its updates held only until it has taken
        its ScreenResume, not for Textual's 50 ms.
        """
        if mode == self.current_mode or mode not in self._screen_stacks:  # type: ignore[attr-defined]
            return super().switch_mode(mode)  # type: ignore[misc, no-any-return]
        self._switching = True
        try:
            mounted = super().switch_mode(mode)  # type: ignore[misc]
        finally:
            self._switching = False
        # Queued after the ScreenResume switch_mode just posted to it.
        self.screen.call_later(self._end_switch)  # type: ignore[attr-defined]
        return mounted  # type: ignore[no-any-return]

    def delay_update(self, delay: float = 0.05) -> None:
        if self._switching:
            self._begin_batch()  # type: ignore[attr-defined]  # ended by _end_switch
        else:
            super().delay_update(delay)  # type: ignore[misc]

    def _end_switch(self) -> None:
        self._end_batch()  # type: ignore[attr-defined]
        if not in_batch(self):  # type: ignore[arg-type]
            self.screen.refresh()  # type: ignore[attr-defined]
