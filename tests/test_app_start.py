"""The app opens the database in a worker, starts on the board, quits on q, and
turns a bad database into a message rather than a traceback."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerCancelled

from storage.db.engine import open_database
from storage.db.store import Store
from tests.conftest import settle, wait_until
from tests.helpers import notifications
from tui.app import AfterviewApp
from tui.compat.batch import in_batch
from tui.screens.board import BoardScreen
from tui.screens.today import TodayScreen


async def test_the_app_starts_on_today_then_b_shows_the_board_and_q_quits(
        db_path: Path) -> None:
    db = open_database(db_path)
    store = Store(db)
    store.add_application("Acme", "Backend Engineer", stage="Interview")
    store.add_application("Globex", "Data Analyst")
    db.close()
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        cards = {c.stage.name: [card.company for card in c.cards.cards]
                 for c in screen.columns}
        assert cards["Applied"] == ["Globex"] and cards["Interview"] == ["Acme"]
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_bad_database_exits_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database")
    app = AfterviewApp(db_target=str(bad))
    async with app.run_test() as pilot:
        # Exiting cancels the screen's pending load: that is the expected end.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.fatal_error is not None and "not an SQLite database" in app.fatal_error
    assert bad.read_text() == "not a database"


async def test_the_theme_choice_is_kept(db_path: Path) -> None:
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)  # the theme signal is published on the next tick, then saved
    db = open_database(db_path)
    assert Store(db).settings().theme == "nord"
    db.close()
    again = AfterviewApp(db_target=str(db_path))
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_the_start_screen_can_be_chosen(db_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.screens.calendar import CalendarScreen

    app = AfterviewApp(db_target=str(db_path), start="calendar")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
    monkeypatch.setenv("AFTERVIEW_START", "board")
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    monkeypatch.setenv("AFTERVIEW_START", "nonsense")
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_a_theme_changed_on_another_screen_reaches_the_others(db_path: Path) -> None:
    # The mode screens skip Textual's restyle when they resume
    # (tui/compat/resume_styles.py): a theme chosen elsewhere must still reach them.
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test() as pilot:
        await settle(pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        summary = today.query_one("#today-summary")
        before = (today.styles.background, summary.rich_style)
        await pilot.press("b")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is today
        assert (today.styles.background, summary.rich_style) != before
        assert summary.rich_style != before[1]


async def test_notifications_show_the_users_words_as_typed(db_path: Path) -> None:
    # A company "Foo [/bar]" in a notification must not be read as markup (a crash).
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        app.screen.notify("Closed Foo [/bar] [PM]", title="Done [x")
        await wait_until(pilot, lambda: notifications(app), "the notification")
        assert app.is_running
        assert notifications(app) == ["Done [x\nClosed Foo [/bar] [PM]"]


async def test_a_screen_already_shown_comes_back_without_holding_updates(
        db_path: Path) -> None:
    # Textual's switch_mode holds all drawing for 50 ms (a "delay_update"
    # timer) to hide a new screen mounting: most of a switch's time.
    # AfterviewApp.switch_mode holds it only until a screen already mounted
    # has resumed.
    app = AfterviewApp(db_target=str(db_path))
    timers: list[str | None] = []
    async with app.run_test() as pilot:
        set_timer = app.set_timer

        def recording_set_timer(delay: float, callback: Any = None, *,
                                name: str | None = None, **kwargs: Any) -> Any:
            timers.append(name)
            return set_timer(delay, callback, name=name, **kwargs)

        app.set_timer = recording_set_timer  # type: ignore[method-assign]
        await settle(pilot)
        today = app.screen
        await pilot.press("b")  # the board's first showing: mounted behind the hold
        await settle(pilot)
        assert timers.count("delay_update") == 1
        await wait_until(pilot, lambda: not in_batch(app), "Textual's 50 ms hold to end")
        await pilot.press("t", "b", "t")
        await pilot.pause()
        assert app.screen is today
        assert timers.count("delay_update") == 1
        assert not in_batch(app)  # and the hold that replaced it is over
