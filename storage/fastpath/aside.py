"""The first screen's data, read in a forked process while the app imports.

The app's imports keep one core busy for about 0.2 s before it can draw. A
child process forked before them reads the data on the other core and sends
it back pickled; the board's 5,000 cards go as plain tuples (pickled
dataclasses cost three times as much), Today's screenful as it is.
This module imports only the standard library, so the fork happens as early
as possible; the readers are imported in the child. Without fork (Windows),
or if the child fails, the data is read here when asked for.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from storage.fastpath.quickread import FirstAgenda
    from storage.rules.records import BoardData

T = TypeVar("T")
Target = str | os.PathLike[str] | None


def read_aside(read: Callable[[], T | None], pack: Callable[[T], Any] | None = None,
               unpack: Callable[[Any], T] | None = None) -> Callable[[], T | None]:
    """Start ``read()`` in a forked process; call the result to get what it read.
    ``pack`` and ``unpack`` turn it into plain tuples and back (default: as it is)."""
    if not hasattr(os, "fork"):
        return read
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return read
    if pid == 0:  # the child: read, send, leave without running any exit handler
        code = 1
        try:
            os.close(read_end)
            found = read()
            with os.fdopen(write_end, "wb") as out:
                plain = found if found is None or pack is None else pack(found)
                pickle.dump(plain, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def wait() -> T | None:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
        finally:
            os.waitpid(pid, 0)
        try:
            plain = pickle.loads(data)
        except Exception:  # the child died: read it here
            return read()
        return plain if plain is None or unpack is None else unpack(plain)

    return wait


def board_aside(target: Target, today: date, head: str) -> Callable[[], BoardData | None]:
    """The board (40 ms of Python for 5,000 cards; rebuilt here in about 14 ms)."""

    def read() -> BoardData | None:
        from storage.fastpath.quickread import board_of

        return board_of(target, today, head)

    def pack(board: BoardData) -> Any:
        from storage.fastpath.quickread import plain_board

        return plain_board(board)

    def unpack(plain: Any) -> BoardData:
        from storage.fastpath.quickread import board_from_plain

        return board_from_plain(plain)

    return read_aside(read, pack, unpack)


def agenda_aside(target: Target, end: date, today: date, head: str,
                 rows: int) -> Callable[[], FirstAgenda | None]:
    """Today's first ``rows`` items and its totals (50 ms for 5,000 applications,
    3,700 actions; what comes back is a screenful, sent as it is)."""

    def read() -> FirstAgenda | None:
        from storage.fastpath.quickread import first_agenda

        return first_agenda(target, end, today, head, rows)

    return read_aside(read)
