"""Where Afterview keeps its data, and how a ``--db`` argument is read."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "AFTERVIEW_DB"
DB_FILENAME = "afterview.db"


def default_data_dir() -> Path:
    # Imported here: platformdirs is cheap, but the CLI's --help should not pay for it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("afterview", appauthor=False))


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by the owner only.

    Job-search notes and contacts are personal: the data dir is 0700 from the
    first run. An existing directory's mode is left as the user set it.
    """
    if path.is_dir():
        return
    path.mkdir(parents=True, mode=0o700, exist_ok=True)
    # mkdir's mode is filtered by the umask; set it exactly.
    os.chmod(path, 0o700)


def is_url(target: str) -> bool:
    return "://" in target


def resolve_target(target: str | os.PathLike[str] | None) -> str | Path:
    """The database the user asked for: a SQLAlchemy URL string or a file path.

    Order: the explicit argument, then ``AFTERVIEW_DB``, then the default file
    in the user data dir.
    """
    chosen = os.fspath(target) if target is not None else os.environ.get(DB_ENV, "").strip()
    if chosen:
        if is_url(chosen):
            if chosen.startswith("sqlite:///") and len(chosen) > len("sqlite:///"):
                # A sqlite URL names a file: treat it as one, so it gets the
                # same checks, modes and backups as a plain path.
                return Path(chosen[len("sqlite:///"):]).expanduser()
            return chosen
        return Path(chosen).expanduser()
    return default_data_dir() / DB_FILENAME
