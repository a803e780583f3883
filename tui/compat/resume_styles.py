"""Mode screens that come back without re-applying all their CSS.

Textual 8 re-applies the whole stylesheet to every node of a screen each time
it resumes (``ScreenResume.refresh_styles``), the first time too, right after
mounting has styled them: about 35 ms of a screen switch with 5,000
applications, and 20 ms of the first frame (measured 2026-11-22). The first
switch to a mode posts two resumes, and the second one still restyled: 22 ms
of Stats' first `g` (measured 2026-12-02 with cProfile). Nothing changes a
suspended screen's styles but the app's CSS, and a theme change already
restyles every screen (tested in test_app_start); the refresh is still kept
after a theme change, in case a Textual version stops doing that.

Textual internals: ``Screen._on_screen_resume`` (runs after this handler, as
Textual dispatches an event to each class of the MRO that handles it),
``ScreenResume.refresh_styles`` (cleared). Checked by tests/test_compat.py.
"""

from __future__ import annotations

from textual import events


class KeepStylesOnResume:
    """Mixin, before the Screen class."""

    _theme_when_suspended: str | None = None

    def on_screen_suspend(self) -> None:
        self._theme_when_suspended = self.app.theme  # type: ignore[attr-defined]

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Never suspended: the screen is being shown for the first time, and its
        # mount has just styled every node. Textual posts two ScreenResumes then
        # (``App._init_mode`` and ``App.switch_mode``): both are skipped.
        if self._theme_when_suspended in (None, self.app.theme):  # type: ignore[attr-defined]
            event.refresh_styles = False
        # No super() call: Textual dispatches the event to every class in the
        # MRO that handles it, so Screen._on_screen_resume runs next on its own
        # (calling it here ran it twice per resume).
