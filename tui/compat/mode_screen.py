"""What every mode screen (Today, board, calendar, Settings, Stats) takes from
compat, in one base: the first switch to it and every switch back.

* ``StyledWhenMade`` (current_css): no whole-CSS refresh, twice, on the first
  switch to a screen made after the theme was applied;
* ``KeepStylesOnResume`` (resume_styles): no restyle of every node on resume;
* ``PaintAfterBatch`` (batch): no frame rendered inside Textual's hold and
  thrown away.

Settings' first `,` at 5,000 applications: 249 -> 172 ms from key to its
frame (median of 5, real pty, quiet machine, 2026-12-02); Stats' first `g`
151 -> 103-117 ms with the start-up freeze (tui.app._settle_memory).
"""

from __future__ import annotations

from tui.compat.batch import PaintAfterBatch
from tui.compat.current_css import StyledWhenMade
from tui.compat.resume_styles import KeepStylesOnResume


class ModeScreenCompat(PaintAfterBatch, StyledWhenMade, KeepStylesOnResume):
    """Mixin, before the Screen class, of every screen in AfterviewApp.MODES."""
