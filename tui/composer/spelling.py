"""The spelling dictionary (pyspellchecker), loaded once and remembered per word.

Loading takes a few hundred milliseconds, so the composer loads it on a
worker and runs without the spelling check until it is ready.

pyspellchecker's English list lacks much of the vocabulary of work and tech
("app", "rollout", "onboarding"): ``workplace_words.txt`` next to this module
is Afterview's own supplement, one word a line.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from importlib import resources

#: How often a word must occur in pyspellchecker's frequency list to count as
#: an everyday word. "please" is seen 675,363 times, "urgent" 21,045; acronyms
#: the list happens to hold are rare ("soc" 54, "asap" 175).
ORDINARY_FREQUENCY = 1000

SUPPLEMENT = "workplace_words.txt"


def supplement_words() -> list[str]:
    """The curated workplace and tech vocabulary, lower case."""
    text = resources.files("tui.composer").joinpath(SUPPLEMENT).read_text(encoding="utf-8")
    return [w.strip().casefold() for w in text.splitlines()
            if w.strip() and not w.lstrip().startswith("#")]

_lock = threading.Lock()
_shared: CachedSpeller | None = None


class CachedSpeller:
    """Answers "which of these words are unknown?", remembering every answer:
    while the user types, only the new words reach the dictionary."""

    def __init__(self) -> None:
        from spellchecker import SpellChecker

        self._checker = SpellChecker(distance=1)
        self._frequency = self._checker.word_frequency
        self._supplement = frozenset(supplement_words())
        self._known: dict[str, bool] = {}

    def unknown(self, words: Iterable[str]) -> set[str]:
        out = set()
        known = self._known
        for word in words:
            folded = word.casefold()
            hit = known.get(folded)
            if hit is None:
                hit = known[folded] = folded in self._checker or folded in self._supplement
            if not hit:
                out.add(word)
        return out

    def ordinary(self, word: str) -> bool:
        folded = word.casefold()
        if folded in self._supplement:
            return False  # work vocabulary ("SaaS", "devops"), not shouting
        return bool(self._frequency[folded] >= ORDINARY_FREQUENCY)


def speller() -> CachedSpeller:
    """The shared speller, loaded on first use (thread-safe)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = CachedSpeller()
        return _shared
