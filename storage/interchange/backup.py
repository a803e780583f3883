"""``afterview backup``: a consistent copy while the app may be running."""

from __future__ import annotations

import errno
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.db.engine import Database, check_intact, sqlite_copy
from storage.db.failures import describe_failure
from storage.errors import StorageError, UnwritableError


def backup_database(db: Database, dest: Path | None = None) -> Path:
    """Copy ``db`` to ``dest`` (a file, or a directory to put it in).

    Uses SQLite's online backup API: the copy is one snapshot of committed
    data even while another process writes. Never overwrites a file.
    """
    if db.path is None:
        raise StorageError(
            "backup copies SQLite files; for a server database use its own tools "
            "(e.g. pg_dump) or `afterview export`"
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{db.path.stem}-backup-{stamp}.db"
    if dest is None:
        target = db.path.with_name(name)
    elif dest.is_dir():
        target = dest / name
    else:
        target = dest
    if target.exists():
        raise StorageError(f"{target} already exists: choose another name (nothing was changed)")
    if not target.parent.is_dir():
        raise UnwritableError(f"{target.parent} is not a directory")
    # A damaged file is refused, not copied: a backup of it would hide the damage.
    check_intact(db.path)
    try:
        sqlite_copy(db.path, target)
    except FileExistsError:
        raise StorageError(f"{target} already exists: choose another name "
                           "(nothing was changed)") from None
    except (OSError, sqlite3.Error) as exc:
        # sqlite_copy made the file (O_EXCL): what is there is a partial copy.
        target.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno != errno.ENOSPC:
            raise UnwritableError(f"cannot write {target}: {exc.strerror}") from None
        raise UnwritableError(f"cannot write {target}: {describe_failure(exc)}") from None
    return target
