"""Mode screens that come back without re-applying all their CSS.

Textual 8 re-applies the whole stylesheet to every node of a screen each time
it resumes (``ScreenResume.refresh_styles``), the first time too, right after
mounting has styled them: about 35 ms of a screen switch with 5,000
applications, and 20 ms of the first frame (measured 2026-11-22). Nothing
changes a suspended screen's styles but the app's CSS, and a theme change
already restyles every screen (tested in test_app_start); the refresh is
still kept after a theme change, in case a Textual version stops doing that.

Textual internals: ``Screen._on_screen_resume`` (overridden),
``ScreenResume.refresh_styles`` (cleared). Checked by tests/test_compat.py.
"""

from __future__ import annotations

from textual import events


class KeepStylesOnResume:
    """Mixin, before the Screen class."""

    _theme_when_suspended: str | None = None
    _shown_before = False

    def on_screen_suspend(self) -> None:
        self._theme_when_suspended = self.app.theme  # type: ignore[attr-defined]

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # The first resume follows the mount, which has just styled every node:
        # a second pass was 20 ms of the board's first frame.
        if not self._shown_before or self._theme_when_suspended == self.app.theme:  # type: ignore[attr-defined]
            event.refresh_styles = False
        self._shown_before = True
        super()._on_screen_resume(event)  # type: ignore[misc]
