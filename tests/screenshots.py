"""Regenerate the SVG screenshots in screenshots/ (shown in the README).

    python tests/screenshots.py

Runs the app on the demo data with today frozen to Sun 22 Nov 2026, so the
pictures change only when a screen does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 22)
SIZE = (140, 40)

from tests.conftest import settle, wait_until  # noqa: E402  (after the path above)


async def today(pilot: Any) -> None:
    await pilot.press("down", "down")


async def calendar(pilot: Any) -> None:
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("right")


async def board(pilot: Any) -> None:
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("right", "right")


async def details(pilot: Any) -> None:
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("right", "right", "down", "enter")


async def round_form(pilot: Any) -> None:
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("right", "right", "i")
    await pilot.pause()
    await pilot.press(*"today 9am")


async def palette(pilot: Any) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"harbor")


async def composer(pilot: Any) -> None:
    await pilot.press("b")
    await settle(pilot)
    await pilot.press("right", "right", "w")
    await settle(pilot)
    checks = pilot.app.screen.query_one("#checks")
    await wait_until(pilot, lambda: all(
        "loading the dictionary" not in str(checks.get_option_at_index(i).prompt)
        for i in range(checks.option_count)), "the checks with the dictionary")


async def settings(pilot: Any) -> None:
    await pilot.press("comma")


async def stats(pilot: Any) -> None:
    await pilot.press("g")
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "report", None) is not None,
                     "Stats' figures")


async def welcome(pilot: Any) -> None:
    await pilot.press(*"Alex Rivera")


SHOTS: dict[str, Callable[[Any], Awaitable[None]]] = {
    "today": today,
    "calendar": calendar,
    "board": board,
    "details": details,
    "round-form": round_form,
    "palette": palette,
    "composer": composer,
    "settings": settings,
    "stats": stats,
}

#: Shots of the first run: an empty database, the app started as the CLI starts it.
FIRST_RUN: dict[str, Callable[[Any], Awaitable[None]]] = {
    "welcome": welcome,
}


async def shoot(db_path: Path, name: str, steps: Callable[[Any], Awaitable[None]],
                welcome: bool = False) -> None:
    from tui.app import AfterviewApp

    app = AfterviewApp(db_target=str(db_path), welcome=welcome)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        app.save_screenshot(f"{name}.svg", str(ROOT / "screenshots"))
    print(f"screenshots/{name}.svg")


def main() -> None:
    os.environ["AFTERVIEW_TODAY"] = TODAY.isoformat()
    os.environ.setdefault("TZ", "America/New_York")
    time.tzset()
    from storage.interchange.demo import create_demo_database

    with tempfile.TemporaryDirectory() as tmp:
        for name, steps in SHOTS.items():
            # A fresh copy for each shot: none sees another's changes.
            path = Path(tmp) / f"{name}.db"
            create_demo_database(path, TODAY)
            asyncio.run(shoot(path, name, steps))
        for name, steps in FIRST_RUN.items():
            asyncio.run(shoot(Path(tmp) / f"{name}.db", name, steps, welcome=True))


if __name__ == "__main__":
    main()
