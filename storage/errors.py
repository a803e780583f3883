"""Errors that reach the user as one clear line (and exit code 2 from the CLI)."""

from __future__ import annotations


class StorageError(Exception):
    """A problem the user can act on; ``str()`` says what to do."""

    exit_code = 2


class NotADatabaseError(StorageError):
    """The file exists but is not an SQLite database."""


class ForeignDatabaseError(StorageError):
    """An SQLite database, but not one of Afterview's."""


class NewerSchemaError(StorageError):
    """Written by a newer Afterview than this one."""


class UnwritableError(StorageError):
    """The database or its directory cannot be written."""


class DatabaseBusyError(StorageError):
    """Another process holds a lock for longer than the busy timeout."""


class ValidationError(StorageError):
    """Input that does not fit: names the field or key path."""


class NotFoundError(StorageError):
    """The row asked for is not there (deleted elsewhere, or a stale id)."""


class DamagedDatabaseError(StorageError):
    """An SQLite file whose pages fail SQLite's own check."""
