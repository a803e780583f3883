"""A typed path starting with ``~name`` where no user has that name is one
line about its field or argument, never a RuntimeError.

``Path.expanduser`` raises RuntimeError there; the random keys typed one into
the composer's export form and the app ended. Every place a typed path is
expanded (the export form, the welcome's import, ``--db`` and AFTERVIEW_DB)
goes through ``storage.paths.expand_user``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from storage.errors import ValidationError
from storage.paths import expand_user, resolve_target
from tests.conftest import run_app, run_cli, settle, wait_until
from tests.fixtures import make_fixed_db
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import ExportForm
from tui.screens.welcome import WelcomeScreen

NOBODY = "~nobody-named-this-afterview"


def test_expand_user_expands_home_and_refuses_an_unknown_user() -> None:
    assert expand_user("~/notes/a.eml") == Path.home() / "notes" / "a.eml"
    assert expand_user("plain/a.eml") == Path("plain/a.eml")
    with pytest.raises(ValueError, match="no user 'nobody-named-this-afterview'"):
        expand_user(f"{NOBODY}/a.eml")


@pytest.mark.parametrize("target", [f"{NOBODY}/a.db", f"sqlite:///{NOBODY}/a.db"])
def test_a_database_under_an_unknown_user_is_a_validation_error(target: str) -> None:
    with pytest.raises(ValidationError, match=NOBODY):
        resolve_target(target)


def test_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    code, out, err = run_cli("--db", f"{NOBODY}/a.db", "today")
    assert code == 2
    assert err.strip().splitlines() == [
        f"afterview: {NOBODY}: there is no user 'nobody-named-this-afterview' on this "
        "computer (~/ alone means your home folder)"]
    assert "Traceback" not in out + err
    assert not Path(NOBODY).exists()


async def test_the_export_form_names_the_problem_under_its_field(tmp_path: Path) -> None:
    db_path = make_fixed_db(tmp_path / "fixed.db")
    async with run_app(db_path, show="board") as (app, pilot):
        await pilot.press("right", "w")  # Globex's next note
        await wait_until(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportForm), "the export form")
        field = app.screen.query_one("#path", Input)
        field.value = f"{NOBODY}/note.eml"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportForm)  # still open, nothing written
        said = str(app.screen.query_one("#path-error", Static).render())
        assert "no user 'nobody-named-this-afterview'" in said


async def test_the_welcome_names_the_problem_under_its_import_field(tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    app = AfterviewApp(db_target=str(db_path), welcome=True)
    async with run_app(db_path, app=app) as (_, pilot):
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome")
        app.screen.query_one("#welcome-import", Input).value = f"{NOBODY}/export.json"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        said = str(app.screen.query_one("#welcome-import-error", Static).render())
        assert "no user 'nobody-named-this-afterview'" in said
