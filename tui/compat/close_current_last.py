"""Quitting closes the mode on screen last, so nothing on the other modes'
screens finds the app without a screen.

Textual 8.2.8's ``App._close_all`` closes each mode's stack of screens in the
order the modes were first shown, emptying each as it goes; Today, where the
app starts, always goes first. Closing a screen whose focused widget goes
with it moves the focus, which lays that screen out again; a keys panel (`?`)
on it then lists the screen's bindings, and checking whether an action is
enabled reads ``app.screen``: the stack of the current mode, already empty.
So quitting with the keys panel left open on the calendar (its day list
focused) ended in ``ScreenStackError: No screens on stack`` and a traceback
(found by tests/test_robustness.py's random keys, 1 walk in 8 of 2,500 keys).
Moving the current mode's stack to the end keeps ``app.screen`` valid while
every other screen closes, as it is while a single stack closes.

Textual internals: ``App._close_all`` (wrapped, then called),
``App._screen_stacks`` (the current mode's entry moved last, in place),
``App._current_mode`` (read). Applied by ``tui.compat.apply_patches`` when
the app is imported; checked by tests/test_compat.py.
"""

from __future__ import annotations

from textual.app import App

_original_close_all = App._close_all


async def _close_all_current_last(self: App[object]) -> None:
    stacks = self._screen_stacks
    current = self._current_mode
    if current in stacks:
        stacks[current] = stacks.pop(current)  # re-inserted: closed last
    await _original_close_all(self)


def apply() -> None:
    App._close_all = _close_all_current_last  # type: ignore[method-assign]
