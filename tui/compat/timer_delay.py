"""A timer whose delay is zero or already past fires at once, instead of
freezing the app.

Textual 8.2.8's ``Timer._run`` skips the ticks it missed by computing how many
intervals have passed; with a negative interval that count never moves past
the deadline, and the loop spins without ever awaiting: the whole app stops
(drawing, keys, quitting). A toast does this by itself: it takes its timeout
as its notification's time left, read when the toast is built, and a
notification that expires between being listed and being mounted leaves a
few milliseconds below zero (found by tests/test_robustness.py's random keys:
the walk froze inside ``Timer._run`` with an interval of -0.007 s). A zero
interval fails too (a division by zero in the same skip). Any such delay
becomes zero with skipping off, so the tick is one ``sleep(0)`` away.

No Textual internal is read: ``Timer.__init__`` is wrapped through its public
signature. Applied by ``tui.compat.apply_patches`` when the app is imported;
remove it once Textual guards the interval itself.
"""

from __future__ import annotations

from typing import Any

from textual.timer import Timer

_original_init = Timer.__init__


def _init_with_a_sound_delay(self: Timer, event_target: Any, interval: float, *,
                             skip: bool = True, **kwargs: Any) -> None:
    if interval <= 0:
        interval, skip = 0.0, False  # now, once: nothing was missed to skip
    _original_init(self, event_target, interval, skip=skip, **kwargs)


def apply() -> None:
    Timer.__init__ = _init_with_a_sound_delay  # type: ignore[method-assign]
