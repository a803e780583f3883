"""The first run: an empty database greets a new user once (answered or skipped)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.widgets import Static

from storage.db.engine import open_database
from storage.db.store import Store
from storage.rules.settings import Settings
from tests.conftest import run_app, settle
from tests.fixtures import FIXED
from tui.app import AfterviewApp
from tui.screens.today import TodayScreen
from tui.screens.welcome import WelcomeScreen


def stored(db_path: Path) -> tuple[Settings, int]:
    db = open_database(db_path)
    try:
        store = Store(db)
        return store.settings(), store.counts()["applications"]
    finally:
        db.close()


def welcoming(db_path: Path) -> AfterviewApp:
    """The app as the CLI starts it for a user (not --demo)."""
    return AfterviewApp(db_target=str(db_path), welcome=True)


async def test_the_welcome_is_answered_then_never_shown_again(db_path: Path) -> None:
    async with run_app(db_path, app=welcoming(db_path)) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        keys = str(app.screen.query_one("#welcome-keys", Static).render())
        assert "n a new application" in keys and "i log an interview round" in keys
        assert "w write the next note" in keys
        await pilot.press(*"Alex Rivera", "tab", *"alex@example", "enter")
        await settle(pilot)
        assert "an email address" in str(app.screen.query_one("#welcome-email-error",
                                                              Static).render())
        await pilot.press(*".com", "tab", "ctrl+shift+a", *"Mon-Thu", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    settings, _ = stored(db_path)
    assert (settings.your_name, settings.your_email, settings.workdays, settings.welcomed) == (
        "Alex Rivera", "alex@example.com", (0, 1, 2, 3), True)
    async with run_app(db_path, app=welcoming(db_path)) as (app, _):
        assert isinstance(app.screen, TodayScreen)


async def test_the_welcome_skipped_is_never_shown_again(db_path: Path) -> None:
    async with run_app(db_path, app=welcoming(db_path)) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press(*"Alex", "escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    settings, _ = stored(db_path)
    assert settings.welcomed and settings.your_name == ""
    async with run_app(db_path, app=welcoming(db_path)) as (app, _):
        assert isinstance(app.screen, TodayScreen)


async def test_the_welcome_imports_a_file(db_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(FIXED))
    async with run_app(db_path, app=welcoming(db_path)) as (app, pilot):
        await pilot.press("tab", "tab", "tab", "tab", *str(tmp_path / "missing.json"), "enter")
        await settle(pilot)
        assert "cannot read it" in str(app.screen.query_one("#welcome-import-error",
                                                            Static).render())
        await pilot.press("ctrl+shift+a", *str(export), "enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await settle(pilot)
        assert any(item.company == "Acme" for item in app.screen.items)
    settings, applications = stored(db_path)
    assert settings.welcomed and applications == len(FIXED["applications"])


async def test_no_welcome_on_a_database_with_applications(fixed_db: Path) -> None:
    async with run_app(fixed_db, app=welcoming(fixed_db)) as (app, _):
        assert isinstance(app.screen, TodayScreen)


async def test_the_welcome_fills_a_countrys_holidays(db_path: Path) -> None:
    async with run_app(db_path, app=welcoming(db_path)) as (app, pilot):
        await pilot.press("tab", "tab", "tab", *"DE-BY", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    settings, _ = stored(db_path)
    assert date(2026, 1, 6) in settings.holidays  # Epiphany, in Bavaria only
    assert date(2027, 12, 25) in settings.holidays and settings.welcomed
