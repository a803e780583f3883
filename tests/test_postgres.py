"""The app and the command line on a PostgreSQL database (a throwaway server,
tests/postgres_server.py): the board opens and a move is saved, another
process's write reaches the running app, and what is SQLite-only says so in
one line. The storage suite itself runs on both backends (the ``backend``
fixture); these are what only a server database shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import run_app, run_cli, settle, wait_until
from tests.fixtures import make_fixed_db
from tests.helpers import column_cards, db_detail, go_to
from tui.screens.today import TodayScreen

pytestmark = pytest.mark.postgres


async def test_the_board_opens_on_postgresql_and_a_move_is_saved(
        new_postgres_db: Callable[[], str]) -> None:
    url = make_fixed_db(new_postgres_db())
    async with run_app(url, show="board") as (app, pilot):
        assert column_cards(app, "Interview") == ["Acme", "Vandelay Industries"]
        assert column_cards(app, "Offer") == ["Hooli"]
        await go_to(app, pilot, "Acme")
        await pilot.press("shift+right")
        await settle(pilot)
        assert "Acme" in column_cards(app, "Final round")
    assert db_detail(url, "Acme").application.stage_name == "Final round"  # type: ignore[arg-type]


async def test_another_process_writing_reaches_the_running_app(
        new_postgres_db: Callable[[], str]) -> None:
    """`afterview add` in another terminal, on the same server database: the
    app's Today lists it without a key (LISTEN/NOTIFY, then the counter)."""
    url = make_fixed_db(new_postgres_db())
    async with run_app(url) as (app, pilot):
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert "Quillfeather" not in {item.company for item in today.items}
        code, _, err = run_cli("--db", url, "add", "Quillfeather", "Engineer",
                               "--interview", "2026-11-21 14:00", "--with", "Robin Vale")
        assert code == 0, err
        await wait_until(pilot, lambda: "Quillfeather" in {i.company for i in today.items},
                         "Today lists the application another process added")
        assert app.screen is today


def test_backup_of_a_server_database_points_to_pg_dump(
        new_postgres_db: Callable[[], str]) -> None:
    url = make_fixed_db(new_postgres_db())
    code, out, err = run_cli("--db", url, "backup")
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and "pg_dump" in err and "afterview export" in err, err
    assert "Traceback" not in err
    db = open_database(url)
    try:
        assert len(Store(db).applications()) == 6  # nothing changed
    finally:
        db.close()


def test_a_server_that_is_not_running_is_one_line(new_postgres_db: Callable[[], str],
                                                   tmp_path: object) -> None:
    url = new_postgres_db()
    gone = url.split("?")[0] + f"?host={tmp_path}&port=1"  # no server listens there
    code, out, err = run_cli("--db", gone, "today")
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith("afterview: cannot open the database"), err
