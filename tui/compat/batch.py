"""Textual's update batch: asked about, and painted around.

While Textual batches updates (at start-up, and during ``delay_update``) it
throws away any frame rendered meanwhile (``App._display`` returns early).
The board with its cards was rendered once for nothing during the start-up
batch: 50 ms of the board's first frame with 5,000 cards (measured
2026-11-22, first board frame in a pty ~530 -> ~500 ms). Every mode screen
shown for the first time did the same inside ``switch_mode``'s 50 ms hold
(Stats' first `g` rendered its table twice, seen in a timeline of the key on
2026-12-02). ``PaintAfterBatch`` leaves the screen to be painted once the
batch ends.

Textual internals: ``App._batch_count`` (read), ``Screen._compositor_refresh``
(overridden), ``Widget._repaint_required`` (set). Checked by
tests/test_compat.py.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


def in_batch(app: App[Any]) -> bool:
    """True while Textual holds the app's updates (a batch is open)."""
    return bool(app._batch_count)


class PaintAfterBatch:
    """Mixin, before the Screen class: no compositor refresh inside a batch."""

    def _compositor_refresh(self) -> None:
        if in_batch(self.app):  # type: ignore[attr-defined]
            self._repaint_required = True  # painted when the batch ends
            return
        super()._compositor_refresh()  # type: ignore[misc]
