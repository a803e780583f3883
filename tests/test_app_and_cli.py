"""The app open while `afterview add` runs 20 times in other processes: the
app shows every one of them (it looks for other writers once a second), and
what is written in the app meanwhile is neither lost nor hidden."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import run_app, settle, wait_until
from tests.helpers import board, column_cards
from tui.app import AfterviewApp
from tui.modals.forms import FormScreen
from tui.screens.today import TodayScreen

CLI_WRITES = 20
#: Writers at a time, as a few terminals would run them.
AT_ONCE = 4


def cli_company(n: int) -> str:
    return f"Shellcorp {n:02d}"


async def start_add(db_path: Path, n: int) -> asyncio.subprocess.Process:
    """`afterview add` in another process: an interview yesterday, so its
    thank-you is due today and Today lists it."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tui", "--db", str(db_path), "add", cli_company(n), "Engineer",
        "--stage", "Interview", "--interview", "2026-11-21T14:00",
        "--with", f"Robin Vale {n} <robin{n}@example.com>",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def add_in_the_app(app: AfterviewApp, pilot: Pilot[None], company: str) -> None:
    """A new application through the board's form, as a person types it."""
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, FormScreen), "the new form")
    await pilot.press(*company, "tab", *"Staff Engineer")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not isinstance(app.screen, FormScreen),
                     "the form to close on saving")
    # Saved, and the new card selected: on a server database, behind the
    # other processes' writes, the save can land after a key pressed next.
    await settle(pilot)


def stored_companies(db_path: Path) -> list[str]:
    db = open_database(db_path)
    try:
        return [a.company for a in Store(db).applications()]
    finally:
        db.close()


@pytest.mark.slow
async def test_twenty_cli_writes_reach_the_running_app_and_its_own_write_stays(
        fixed_db: Path) -> None:
    running: list[asyncio.subprocess.Process] = []
    results: list[tuple[int, str, str]] = []

    async def finish(procs: list[asyncio.subprocess.Process]) -> None:
        for proc in procs:
            out, err = await proc.communicate()
            assert proc.returncode is not None
            results.append((proc.returncode, out.decode(), err.decode()))

    try:
        async with run_app(fixed_db, show="board") as (app, pilot):
            for wave in range(CLI_WRITES // AT_ONCE):
                running = [await start_add(fixed_db, wave * AT_ONCE + i)
                           for i in range(AT_ONCE)]
                if wave == 1:  # the app writes while these four do
                    await add_in_the_app(app, pilot, "Typed Here Inc")
                    # Then moves a card, a write to a row the reloads read back.
                    await pilot.press("right")
                    await settle(pilot)
                    assert board(app).current.stage.name == "Screen"
                    moved = board(app).selected
                    assert moved is not None and moved.company == "Globex"
                    await pilot.press("shift+right")
                await finish(running)
                running = []

            assert all(code == 0 and not err for code, _, err in results), [
                r for r in results if r[0] != 0 or r[2]]
            wanted = {cli_company(n) for n in range(CLI_WRITES)}

            def board_has_all() -> bool:
                shown = {c for column in board(app).columns for c in
                         (card.company for card in column.cards.cards)}
                return wanted | {"Typed Here Inc"} <= shown

            await wait_until(pilot, board_has_all, "the board to show all 20 CLI applications "
                             "and the one typed in the app")
            assert "Globex" in column_cards(app, "Interview")  # the move was not undone
            assert "Globex" not in column_cards(app, "Screen")
            await pilot.press("t")

            def today_lists_all() -> bool:
                today = app.screen
                return isinstance(today, TodayScreen) and wanted <= {
                    item.company for item in today.items}

            await wait_until(pilot, today_lists_all,
                             "Today to list the 20 thank-yous the CLI set in motion")
    finally:
        for proc in running:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()

    stored = stored_companies(fixed_db)
    assert sorted(c for c in stored if c.startswith("Shellcorp")) == sorted(wanted)
    assert "Typed Here Inc" in stored
    db = open_database(fixed_db)
    try:
        globex = next(a for a in Store(db).applications() if a.company == "Globex")
        assert globex.stage_name == "Interview"
    finally:
        db.close()
