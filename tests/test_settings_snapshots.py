"""Snapshots of Settings and the first-run welcome, on fixed data with today frozen
(Sun 22 Nov 2026).

Update after an intended change with
``pytest tests/test_settings_snapshots.py -n 0 --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.conftest import settle
from tests.fixtures import make_fixed_db
from tui.app import AfterviewApp

SIZE = (130, 36)


def test_settings(snap_compare: Any, tmp_path: Path) -> None:
    app = AfterviewApp(db_target=str(make_fixed_db(tmp_path / "fixed.db")))

    async def open_settings(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_settings)


def test_welcome(snap_compare: Any, tmp_path: Path) -> None:
    app = AfterviewApp(db_target=str(tmp_path / "new.db"), welcome=True)

    async def welcomed(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*"Alex Rivera")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=welcomed)
