"""The spelling dictionary (pyspellchecker), loaded once and remembered per word.

Loading takes a few hundred milliseconds, so the composer loads it on a
worker and runs without the spelling check until it is ready.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

_lock = threading.Lock()
_shared: CachedSpeller | None = None


class CachedSpeller:
    """Answers "which of these words are unknown?", remembering every answer:
    while the user types, only the new words reach the dictionary."""

    def __init__(self) -> None:
        from spellchecker import SpellChecker

        self._checker = SpellChecker(distance=1)
        self._known: dict[str, bool] = {}

    def unknown(self, words: Iterable[str]) -> set[str]:
        out = set()
        known = self._known
        for word in words:
            folded = word.casefold()
            hit = known.get(folded)
            if hit is None:
                hit = known[folded] = folded in self._checker
            if not hit:
                out.add(word)
        return out


def speller() -> CachedSpeller:
    """The shared speller, loaded on first use (thread-safe)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = CachedSpeller()
        return _shared
