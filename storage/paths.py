"""Where Afterview keeps its data, and how a ``--db`` argument is read."""

from __future__ import annotations

import os
from pathlib import Path

from storage.errors import ValidationError

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


def expand_user(path: str | os.PathLike[str]) -> Path:
    """A typed path with a leading ``~`` (your home) or ``~name`` (another
    user's) expanded.

    ``Path.expanduser`` raises RuntimeError when no user has that name (a
    typo, or random keys in a field), which nothing above it expects: this
    raises ValueError saying what to write instead, for the caller to show as
    one line about its field or argument.
    """
    try:
        return Path(path).expanduser()
    except RuntimeError:
        head = Path(path).parts[0]
        raise ValueError(f"{head}: there is no user {head[1:]!r} on this computer "
                         "(~/ alone means your home folder)") from None


def is_url(target: str) -> bool:
    return "://" in target


def resolve_target(target: str | os.PathLike[str] | None) -> str | Path:
    """The database the user asked for: a SQLAlchemy URL string or a file path.

    Order: the explicit argument, then ``AFTERVIEW_DB``, then the default file
    in the user data dir. A ``~name`` of no user is a ValidationError.
    """
    try:
        return _resolve(target)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _resolve(target: str | os.PathLike[str] | None) -> str | Path:
    chosen = os.fspath(target) if target is not None else os.environ.get(DB_ENV, "").strip()
    if chosen:
        if is_url(chosen):
            if chosen.startswith("sqlite:///") and len(chosen) > len("sqlite:///"):
                # A sqlite URL names a file: treat it as one, so it gets the
                # same checks, modes and backups as a plain path.
                return expand_user(chosen[len("sqlite:///"):])
            return chosen
        return expand_user(chosen)
    return default_data_dir() / DB_FILENAME
