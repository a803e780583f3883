"""The app opens the database in a worker, shows it, quits on q, and turns a
bad database into a message rather than a traceback."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from storage.engine import open_database
from storage.store import Store
from tui.app import AfterviewApp


async def test_the_app_lists_applications_by_stage_and_quits_on_q(db_path: Path) -> None:
    db = open_database(db_path)
    store = Store(db)
    store.add_application("Acme", "Backend Engineer", stage="Interview")
    store.add_application("Globex", "Data Analyst")
    db.close()
    app = AfterviewApp(db_target=str(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        option_list = app.screen.query_one(OptionList)
        prompts = [str(option_list.get_option_at_index(i).prompt)
                   for i in range(option_list.option_count)]
        assert prompts[0].startswith("Applied") and "(1)" in prompts[0]
        assert "Globex · Data Analyst" in prompts[1]
        assert any("Acme · Backend Engineer" in p for p in prompts)
        assert "2 applications" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_bad_database_exits_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database")
    app = AfterviewApp(db_target=str(bad))
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.fatal_error is not None and "not an SQLite database" in app.fatal_error
    assert bad.read_text() == "not a database"
