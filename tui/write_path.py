"""The app's one write path: a user action is one :class:`Write`.

Every write the app makes (a form saved, a card moved, a note sent, a draft
saved, the theme remembered) is described by a ``Write`` and handed to
``AfterviewApp.write`` (a worker) or ``write_now`` (this thread, when the app
is quitting). Both run :func:`perform`: the store call (one transaction),
then, after the commit, an optional read-back on the same thread, then on
the UI thread the caller's ``then``, the notice, and one ``DataChange`` for
every screen. A failure is one notification saying what could not be done;
nothing is announced, since nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from storage.db.store import Store

R = TypeVar("R")


@dataclass(frozen=True)
class Write(Generic[R]):
    """One user action's write."""

    #: What the user asked for, as in "Could not move the card".
    describe: str
    #: The store call: exactly one transaction.
    run: Callable[[Store], R]
    #: The applications it touched; None when anything may have changed.
    app_ids: frozenset[int] | None = None
    #: Shown once it is written ("" for none).
    done: str = ""
    #: The screen that wrote and shows the result itself (it is not told again).
    origin: object | None = None
    #: Run after the commit on the writing thread, with ``run``'s result: what
    #: the origin must redraw (the board reads back its moved card here).
    read_back: Callable[[Store, R], Any] | None = None
    #: Run on the UI thread with ``read_back``'s result (else ``run``'s).
    then: Callable[[Any], None] | None = None
    #: Run on the UI thread after a failure has been shown.
    failed: Callable[[str], None] | None = None
    #: Show failures as a notification (off where ``failed`` says it itself).
    notify_failure: bool = True
    #: Publish the DataChange. Off only for writes no screen shows (the theme)
    #: and the composer's autosave while typing (announced once on closing).
    announce: bool = True


def touched(*app_ids: int | None) -> frozenset[int]:
    """The ids a write touched, leaving out None (a new record not yet known)."""
    return frozenset(i for i in app_ids if i is not None)


@dataclass(frozen=True)
class Outcome:
    """What :func:`perform` found: the value for ``then``, or the error's text."""

    value: Any = None
    error: str | None = None


def perform(store: Store | None, write: Write[Any]) -> Outcome:
    """Run ``write`` on this thread; never raises."""
    from storage.errors import StorageError

    if store is None:
        return Outcome(error="the database is still opening; try again in a moment")
    try:
        result = write.run(store)
        return Outcome(write.read_back(store, result) if write.read_back else result)
    except StorageError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # a bug must still not end the app with a traceback
        # The database's words (SQL, parameters: the user's notes) are never
        # shown: a full disk, a lock, a damaged file are one plain line.
        from storage.db.failures import describe_failure

        where = store.db.path.parent if store.db.path is not None else None
        return Outcome(error=describe_failure(exc, where)
                       or f"unexpected {type(exc).__name__}: nothing was saved")
