"""Stats' figures per period, each read once per state of the data and shared.

Reading a period takes a few hundred ms at 5,000 applications. The app reads
the default period ahead once the store opens; the Stats screen asks for the
period it shows and reads the next one in `p`'s cycle ahead. Whoever asks for
a period already being read waits for that read rather than starting a second
one (two at once only fought over the database and the GIL). A write (the
app's ``data_generation`` moves on) makes every kept period old.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from storage.db.store import Store
    from storage.rules.stats import StatsReport

Landed = Callable[["StatsReport"], None]


class StatsReads:
    """Periods read for one data generation, and who waits for which."""

    def __init__(self, app: App[Any], store: Callable[[], Store | None]) -> None:
        self._app = app
        self._store = store
        self.generation = 0
        self.reports: dict[str, StatsReport] = {}
        self._reading: set[tuple[str, int]] = set()
        self._waiting: dict[str, list[Landed]] = {}

    def want(self, key: str, generation: int, then: Landed | None = None
             ) -> StatsReport | None:
        """The period ``key``'s figures if read for ``generation``; else None, and
        ``then`` is called with them on the UI thread once read."""
        if generation != self.generation:
            self.generation = generation
            self.reports.clear()
            self._waiting.clear()
        report = self.reports.get(key)
        if report is not None:
            return report
        if then is not None:
            self._waiting.setdefault(key, []).append(then)
        if (key, generation) not in self._reading and self._store() is not None:
            self._reading.add((key, generation))
            self._app.run_worker(lambda: self._read(key, generation), thread=True,
                                 group="stats", exit_on_error=False)
        return None

    def _read(self, key: str, generation: int) -> None:
        from storage.rules import clock
        from storage.rules.stats import period

        store = self._store()
        report: StatsReport | None = None
        error = "the database is not open yet"
        if store is not None:
            try:
                report = store.stats(period(key, clock.today()))
            except Exception as exc:  # shown as one line, never a traceback
                error = str(exc) or type(exc).__name__
        self._app.call_from_thread(self._landed, key, generation, report, error)

    def _landed(self, key: str, generation: int, report: StatsReport | None,
                error: str) -> None:
        self._reading.discard((key, generation))
        if generation != self.generation:
            return  # read before a write: whoever waits asked again
        waiting = self._waiting.pop(key, [])
        if report is None:
            if waiting:
                self._app.notify(error, title="Could not read the stats", severity="error")
            return
        self.reports[key] = report
        for then in waiting:
            then(report)
