"""Afterview's benchmark: prints the figures PRODUCT.md sets targets for.

Not part of the pytest run (machines are noisy; no timing is asserted).

    python tests/benchmark.py              # 500 and 5,000 applications
    python tests/benchmark.py --sizes 5000

For each size it builds a seeded demo database (about 4 rounds and 8
messages an application) and measures, in-process: generating the document,
importing its JSON, rebuilding every pending action, and a month's agenda
(query + status, median of 25 runs). Peak memory is the process's maximum
resident size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 11, 22)


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def storage_figures(size: int, workdir: Path) -> Path:
    from storage import actions
    from storage.demo import demo_document
    from storage.engine import open_database
    from storage.interchange import import_document
    from storage.store import Store

    start = time.perf_counter()
    doc = demo_document(TODAY, applications=size)
    generated = time.perf_counter() - start
    rounds = sum(len(a["interviews"]) for a in doc["applications"])
    comms = sum(len(a["communications"]) for a in doc["applications"])
    text = json.dumps(doc)
    path = workdir / f"bench-{size}.db"
    db = open_database(path)
    start = time.perf_counter()
    import_document(db, json.loads(text))
    imported = time.perf_counter() - start
    with db.session() as s:
        start = time.perf_counter()
        actions.rebuild_all(s)
        rebuilt = time.perf_counter() - start
    store = Store(db)
    first, last = date(2026, 12, 1), date(2026, 12, 31)
    month = store.agenda(first, last, TODAY)
    agenda_med, agenda_p95 = median_ms(lambda: store.agenda(first, last, TODAY), 25)
    window = median_ms(lambda: store.agenda(None, TODAY + timedelta(days=7), TODAY), 25)[0]
    db.close()
    print(f"\n== {size:,} applications, {rounds:,} rounds, {comms:,} communications")
    print(f"generate document           {generated:8.2f} s")
    print(f"import JSON ({len(text) / 1e6:.1f} MB)        {imported:8.2f} s   target < 5 s")
    print(f"rebuild all pending actions {rebuilt:8.2f} s")
    print(f"month's agenda ({len(month)} items)  {agenda_med:8.2f} ms median, "
          f"{agenda_p95:.2f} ms p95   target < 20 ms")
    print(f"today's list (overdue + 7d) {window:8.2f} ms median")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    args = parser.parse_args()
    os.environ.setdefault("AFTERVIEW_TODAY", TODAY.isoformat())
    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as tmp:
        for size in args.sizes:
            storage_figures(size, Path(tmp))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (whole run)     {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
