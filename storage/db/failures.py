"""Database and file-system failures as one line a person can act on.

What SQLAlchemy and sqlite3 say is written for programmers: the SQL, the
bound parameters (the user's own notes), a link to SQLAlchemy's docs. The CLI
and the app show :func:`describe_failure` instead, which never carries row
data. Every write is one transaction, so a failed write saved nothing, and the
lines say so.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

NOTHING_SAVED = "nothing was saved"
DISK_FULL = f"the disk is full: free space and try again; {NOTHING_SAVED}"

# sqlite3's messages (lower case) and what to tell the user instead.
_SQLITE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("database or disk is full", DISK_FULL),
    ("disk is full", DISK_FULL),
    ("database is locked",
     f"the database is busy (another Afterview is writing): try again; {NOTHING_SAVED}"),
    ("malformed", "the database file is damaged: restore a backup "
                  "(afterview backup makes one; the .bak files beside it are earlier copies)"),
    ("file is not a database", "the file is not an Afterview database, or it is damaged: "
                               "restore a backup"),
    ("readonly database", f"the database is read-only: make it writable; {NOTHING_SAVED}"),
    ("disk i/o error", f"the disk could not be read or written: check it; {NOTHING_SAVED}"),
    ("unable to open database file", "cannot open the database file: check that its folder "
                                     "exists and is writable"),
)


def disk_full_at(folder: Path | None) -> bool:
    """Whether the file system holding ``folder`` has (next to) no room left.
    SQLite reports a full disk as a "disk I/O error" when it is its -shm or
    -wal file that cannot grow."""
    if folder is None:
        return False
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < 64 * 1024


def describe_failure(exc: BaseException, where: Path | None = None) -> str | None:
    """One line for a database or file-system failure, or None when ``exc`` is
    neither (a bug, which the caller reports as such). ``where``: the
    database's folder, to tell a full disk from a failing one."""
    from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

    if not isinstance(exc, IntegrityError) and disk_full_at(where) and isinstance(
            exc, OSError | DBAPIError | sqlite3.Error):
        return DISK_FULL
    if isinstance(exc, UnicodeError):
        return ("the text holds something that is not a character (a lone surrogate from a "
                f"badly encoded argument or file): remove it; {NOTHING_SAVED}")
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DISK_FULL
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot use{where}: {exc.strerror or 'the system refused'}; {NOTHING_SAVED}"
    if isinstance(exc, IntegrityError):
        return ("the change conflicts with what is stored (another window may have changed "
                f"it): reload and try again; {NOTHING_SAVED}")
    if isinstance(exc, DBAPIError | sqlite3.Error):
        # sqlite3's own errors come from the backup and the start-up fast path.
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        text = str(orig).lower()
        for fragment, line in _SQLITE_MESSAGES:
            if fragment in text:
                return line
        return f"the database refused the change ({type(orig).__name__}): {NOTHING_SAVED}"
    if isinstance(exc, SQLAlchemyError):
        return f"the database could not be used ({type(exc).__name__}): {NOTHING_SAVED}"
    return None
