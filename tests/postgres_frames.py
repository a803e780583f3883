"""The first frame on PostgreSQL, next to the same data in SQLite.

Not part of the pytest run (no timing is asserted). Starts a throwaway local
PostgreSQL 15 (tests/postgres_server.py), fills one database per size with the
benchmark's seeded demo data, and times the first Today and board frames in a
real pseudo-terminal exactly as tests/benchmark.py does for the SQLite file
(which the first frame reads with plain sqlite3; a server database waits for
the full store: SQLAlchemy, the connection, the queries).

    python tests/postgres_frames.py --sizes 500 5000
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.benchmark import TODAY, frame_figures, sizes_and_frozen_day
from tests.postgres_server import TEMPLATE, start_server


def main() -> None:
    sizes = sizes_and_frozen_day(__doc__.splitlines()[0])
    from storage.db.engine import open_database
    from storage.db.store import Store
    from storage.interchange.afterview_json import import_document
    from storage.interchange.demo import COMPANIES, demo_document

    server = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="afterview-pgframes-") as tmp:
            for size in sizes:
                document = demo_document(TODAY, applications=size)
                name = f"frames_{size}"
                with server.admin() as conn:
                    conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
                targets = {"SQLite": Path(tmp) / f"frames-{size}.db",
                           "PostgreSQL": server.url(name)}
                for target in targets.values():
                    db = open_database(target)
                    import_document(db, document)
                    Store(db)  # the pending actions, current, as after any use
                    db.close()
                for kind, target in targets.items():
                    print(f"\n== {size:,} applications, {kind}")
                    frame_figures(target, COMPANIES[0][0])  # type: ignore[arg-type]
    finally:
        server.stop()


if __name__ == "__main__":
    main()
