"""The Settings screen (`,`), driven by keys on fixed data (today is Sun 22 Nov 2026),
and the stages block of the store it uses."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from storage.db.engine import open_database
from storage.db.store import Store
from storage.errors import ValidationError
from storage.rules.records import AgendaItem
from tests.conftest import run_app, settle, wait_until
from tests.helpers import header, notifications
from tui.app import AfterviewApp
from tui.modals.choice import ChoiceScreen
from tui.screens.board import BoardScreen
from tui.screens.settings import SettingsScreen, keymap_clashes
from tui.screens.today import TodayScreen
from tui.widgets.footer import KeyFooter

TODAY = date(2026, 11, 22)


def stored_agenda(db_path: Path) -> list[AgendaItem]:
    db = open_database(db_path)
    try:
        return Store(db).agenda(None, TODAY + timedelta(days=7), TODAY)
    finally:
        db.close()


def stored_store(db_path: Path) -> tuple[Store, object]:
    db = open_database(db_path)
    return Store(db), db


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.press("comma")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen), screen
    return screen


async def click(pilot: Pilot[None], selector: str, *, opens: bool = False) -> None:
    """Scroll ``selector`` into view and click it, as a person does. ``opens``: a
    Select, whose list then covers the point clicked (so the click reports False)."""
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    assert await pilot.click(selector) or opens, f"{selector} is covered"
    await pilot.pause()


async def retype(pilot: Pilot[None], selector: str, text: str) -> None:
    """Click a field, clear it with the keyboard, type ``text`` (not yet saved)."""
    await click(pilot, selector)
    field = pilot.app.screen.query_one(selector, Input)
    await pilot.press("end", *["backspace"] * len(field.value), *text)


def error_under(app: AfterviewApp, field: str) -> str:
    """The error line under a field ("" when it has none: the line is made
    only when an error is first shown)."""
    lines = app.screen.query(f"#{field}-error")
    return str(lines.first(Static).render()) if lines else ""


def today_items(app: AfterviewApp) -> list[AgendaItem]:
    screen = app.screen
    assert isinstance(screen, TodayScreen), screen
    return screen.items


async def test_comma_opens_settings_showing_the_stored_values(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        screen = await open_settings(pilot)
        assert screen.query_one("#workdays", Input).value == "Mon Tue Wed Thu Fri"
        assert screen.query_one("#thank_you_hours", Input).value == "24"
        footer = str(screen.query_one(KeyFooter).render())
        assert "^s Save" in footer and "t Today" in footer
        stages = screen.query_one("#stages", OptionList)
        names = [str(stages.get_option_at_index(i).prompt) for i in range(stages.option_count)]
        assert names[0].startswith("Applied") and names[-1] == "Closed  closed"
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_the_palette_opens_settings(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"settings")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_a_holiday_moves_a_follow_up_to_the_next_business_day_on_today(
        fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        globex = next(i for i in today_items(app) if i.company == "Globex")
        assert (globex.kind, globex.date) == ("follow_up", date(2026, 11, 23))
        await open_settings(pilot)
        await retype(pilot, "#holidays", "nov 23")
        await pilot.press("enter")
        await settle(pilot)
        assert "Settings saved" in notifications(app)
        await pilot.press("t")
        await settle(pilot)
        globex = next(i for i in today_items(app) if i.company == "Globex")
        assert (globex.kind, globex.date) == ("follow_up", date(2026, 11, 24))
    store, db = stored_store(fixed_db)
    assert store.settings().holidays == (date(2026, 11, 23),)
    db.close()  # type: ignore[attr-defined]


async def test_a_cadence_number_recomputes_what_is_due_at_once(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        await open_settings(pilot)
        await retype(pilot, "#first_follow_up_business_days", "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        # Acme's interview was Thu 19 Nov: its follow-up 2 business days on (Mon 23).
        acme = next(i for i in today_items(app) if i.company == "Acme" and i.kind == "follow_up")
        assert acme.date == date(2026, 11, 23)
    assert next(i for i in stored_agenda(fixed_db)
                if i.company == "Acme" and i.kind == "follow_up").date == date(2026, 11, 23)


async def test_bad_values_show_under_their_field_and_nothing_is_saved(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        await open_settings(pilot)
        await retype(pilot, "#your_name", "Alex Rivera")
        await retype(pilot, "#your_email", "alex at example")
        await pilot.press("enter")
        await settle(pilot)
        assert "an email address" in error_under(app, "your_email")
        await retype(pilot, "#your_email", "alex@example.com")
        await retype(pilot, "#thank_you_hours", "999")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "from 0 to 336" in error_under(app, "thank_you_hours")
        assert error_under(app, "your_email") == ""
        await retype(pilot, "#workdays", "Mon Funday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "'Funday' is not a weekday" in error_under(app, "workdays")
        store, db = stored_store(fixed_db)
        assert (store.settings().your_name, store.settings().thank_you_hours) == ("", 24)
        db.close()  # type: ignore[attr-defined]
        await retype(pilot, "#workdays", "mon-fri")
        await retype(pilot, "#thank_you_hours", "48")
        await pilot.press("ctrl+s")
        await settle(pilot)
    store, db = stored_store(fixed_db)
    saved = store.settings()
    db.close()  # type: ignore[attr-defined]
    assert (saved.your_name, saved.your_email, saved.thank_you_hours) == (
        "Alex Rivera", "alex@example.com", 48)


async def test_leaving_with_unsaved_edits_says_so_and_keeps_them(fixed_db: Path) -> None:
    """Leaving Settings with an edit not saved: a notice says where it waits; the
    database keeps the old value; back on Settings the edit is there to save.
    Leaving after a save, or with nothing changed, says nothing."""
    async with run_app(fixed_db) as (app, pilot):
        await open_settings(pilot)
        await pilot.press("t")  # nothing changed
        await settle(pilot)
        assert not [n for n in notifications(app) if "not saved" in n.lower()]
        screen = await open_settings(pilot)
        await retype(pilot, "#your_name", "Sam Porter")
        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert any("Settings not saved" in n for n in notifications(app))
        store, db = stored_store(fixed_db)
        assert store.settings().your_name == ""
        db.close()  # type: ignore[attr-defined]
        app.clear_notifications()
        await open_settings(pilot)
        assert screen.query_one("#your_name", Input).value == "Sam Porter"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen._saving and screen.settings is not None
                         and screen.settings.your_name == "Sam Porter", "the save")
        await pilot.press("t")
        await settle(pilot)
        assert not [n for n in notifications(app) if "not saved" in n.lower()]
    store, db = stored_store(fixed_db)
    assert store.settings().your_name == "Sam Porter"
    db.close()  # type: ignore[attr-defined]


def word_options(screen: SettingsScreen) -> list[str]:
    words = screen.query_one("#words", OptionList)
    return [str(words.get_option_at_index(i).prompt) for i in range(words.option_count)]


async def test_words_are_added_and_removed_on_their_list(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (_, pilot):
        screen = await open_settings(pilot)
        await click(pilot, "#word-new")
        await pilot.press(*"Kubernetes, rollout  HIPAA", "enter")
        await wait_until(pilot, lambda: word_options(screen) == ["HIPAA", "Kubernetes",
                                                                 "rollout"],
                         "the three words on the list, in order")
        assert screen.query_one("#word-new", Input).value == ""
        await click(pilot, "#words")
        await pilot.press("home", "down")  # Kubernetes
        footer = str(screen.query_one(KeyFooter).render())
        assert "Remove word" in footer
        await pilot.press("delete")
        await wait_until(pilot, lambda: word_options(screen) == ["HIPAA", "rollout"],
                         "Kubernetes gone from the list")
    store, db = stored_store(fixed_db)
    assert store.settings().word_list == ("HIPAA", "rollout")
    db.close()  # type: ignore[attr-defined]


def test_store_removes_words_whatever_their_case(store: Store) -> None:
    store.add_words(["Kubernetes", "rollout"])
    assert store.remove_words(["kubernetes"]).word_list == ("rollout",)
    assert store.settings().word_list == ("rollout",)


async def test_theme_is_saved(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        await open_settings(pilot)
        await click(pilot, "#theme", opens=True)
        await pilot.press(*["down"] * 3, "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        chosen = app.theme
        assert chosen != "textual-dark"
    store, db = stored_store(fixed_db)
    settings = store.settings()
    db.close()  # type: ignore[attr-defined]
    assert settings.theme == chosen


# -- stages -----------------------------------------------------------------------


async def test_renaming_a_stage_changes_nothing_due(fixed_db: Path) -> None:
    before = stored_agenda(fixed_db)
    async with run_app(fixed_db) as (app, pilot):
        screen = await open_settings(pilot)
        await click(pilot, "#stages")
        await pilot.press("home", "down", "down")  # Interview
        await retype(pilot, "#stage-name", "Onsite")
        await pilot.press("enter")
        await settle(pilot)
        stages = screen.query_one("#stages", OptionList)
        assert "Onsite" in str(stages.get_option_at_index(2).prompt)
        await pilot.press("b")
        await settle(pilot)
        assert "Onsite" in header(app, "Onsite")
    after = stored_agenda(fixed_db)
    assert [(i.kind, i.date, i.company) for i in after] == [
        (i.kind, i.date, i.company) for i in before]


async def test_stages_are_added_moved_given_a_role_and_deleted_only_when_empty(
        fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        screen = await open_settings(pilot)
        await click(pilot, "#stage-new")
        await pilot.press(*"Take-home", "enter")
        await settle(pilot)
        names = [s.name for s in screen.stages]
        assert names.index("Take-home") == names.index("Offer") - 1  # last open stage
        await click(pilot, "#stages")
        await pilot.press("home", *["down"] * names.index("Take-home"), "shift+up")
        await settle(pilot)
        names = [s.name for s in screen.stages]
        assert names.index("Take-home") == names.index("Final round") - 1
        await pilot.press("r")  # the roles, each with what it means
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the role picker")
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.highlighted == 0  # open, its role now
        assert "no follow-ups" in str(choices.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")  # offer
        await settle(pilot)
        assert app.screen is screen
        assert next(s for s in screen.stages if s.name == "Take-home").role == "offer"
        await pilot.press("r", "escape")  # escape changes nothing
        await settle(pilot)
        assert next(s for s in screen.stages if s.name == "Take-home").role == "offer"
        await pilot.press("delete")
        await settle(pilot)
        assert "Take-home" not in [s.name for s in screen.stages]
        # Interview holds two applications: refused, said next to the list.
        await pilot.press("home", "down", "down", "delete")
        await settle(pilot)
        assert "holds 2 applications" in error_under(app, "stage-new")
        assert "Interview" in [s.name for s in screen.stages]


def test_store_stage_block(store: Store) -> None:
    added = store.add_stage("Take-home")
    assert [s.name for s in store.stages()][:5] == [
        "Applied", "Screen", "Interview", "Final round", "Take-home"]
    with pytest.raises(ValidationError, match="already a stage"):
        store.add_stage("take-home")
    order = store.move_stage(added.id, -10)
    assert order[0].name == "Take-home"
    store.delete_stage(added.id)
    assert "Take-home" not in [s.name for s in store.stages()]
    for stage in store.stages():
        if stage.role == "open" and stage.name != "Applied":
            store.delete_stage(stage.id)
    applied = next(s for s in store.stages() if s.name == "Applied")
    with pytest.raises(ValidationError, match="only open stage"):
        store.delete_stage(applied.id)


# -- keymap -----------------------------------------------------------------------


async def test_a_remapped_key_shows_in_the_footer_works_and_is_applied_at_start(
        fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        screen = await open_settings(pilot)
        await click(pilot, "#keymap")
        keymap = screen.query_one("#keymap", OptionList)
        ids = [keymap.get_option_at_index(i).id for i in range(keymap.option_count)]
        await pilot.press("home", *["down"] * ids.index("app.board"))
        await retype(pilot, "#keymap-keys", "B")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        footer = str(app.screen.query_one(KeyFooter).render())
        assert "B Board" in footer and "b Board" not in footer
        await pilot.press("b")  # the old key does nothing now
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    store, db = stored_store(fixed_db)
    assert store.settings().to_mapping()["keymap"] == {"app.board": "B"}
    db.close()  # type: ignore[attr-defined]
    async with run_app(fixed_db) as (app, pilot):
        assert "B Board" in str(app.screen.query_one(KeyFooter).render())
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_a_key_another_binding_has_is_refused_with_its_name(fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        screen = await open_settings(pilot)
        await click(pilot, "#keymap")
        keymap = screen.query_one("#keymap", OptionList)
        ids = [keymap.get_option_at_index(i).id for i in range(keymap.option_count)]
        await pilot.press("home", *["down"] * ids.index("app.board"))
        await retype(pilot, "#keymap-keys", "t")  # Today's key, heard everywhere
        await pilot.press("enter")
        await settle(pilot)
        assert "t is already app.today's key" in error_under(app, "keymap-keys")
        await pilot.press("escape", "b")  # nothing saved: b is still the board
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    store, db = stored_store(fixed_db)
    assert store.settings().keymap == ()
    db.close()  # type: ignore[attr-defined]


def test_keymap_clashes_are_within_one_screen_or_with_the_apps_keys() -> None:
    rows = [("app.today", "t", "Today", "tui.app.AfterviewApp"),
            ("board.new", "n", "New", "tui.screens.board.BoardScreen"),
            ("board.edit", "e", "Edit", "tui.screens.board.BoardScreen"),
            ("details.edit", "e", "Edit", "tui.screens.details.DetailsScreen")]
    assert keymap_clashes(rows, {"board.new": "e"}) == [
        "e is already board.edit's key: change that one too, or pick another"]
    assert keymap_clashes(rows, {"board.new": "x,t"}) == [
        "t is already app.today's key: change that one too, or pick another"]
    assert keymap_clashes(rows, {"details.edit": "n"}) == []  # another screen's key
    assert keymap_clashes(rows, {"board.new": "e", "board.edit": "n"}) == []  # a swap


def test_the_new_settings_are_validated_like_the_others() -> None:
    from storage.rules.settings import Settings, parse_weekdays

    settings = Settings.from_mapping({"keymap": {"board.round": "I", "details.round": "I",
                                                 "app.board": "ctrl+b, f2"},
                                      "your_email": " alex@example.com ", "welcomed": True})
    assert settings.to_mapping()["keymap"] == {
        "app.board": "ctrl+b,f2", "board.round": "I", "details.round": "I"}
    assert (settings.your_email, settings.welcomed) == ("alex@example.com", True)
    for bad, message in (({"keymap": {"board": "x"}}, "not a binding id"),
                         ({"keymap": {"board.new": "a b"}}, "not a key name"),
                         ({"keymap": {"board.new": "x", "board.edit": "x"}}, "already the key"),
                         ({"keymap": {"app.today": "x", "board.edit": "x"}}, "already the key"),
                         ({"your_email": "alex"}, "an email address"),
                         ({"welcomed": "yes"}, "true or false")):
        with pytest.raises(ValidationError, match=message):
            Settings.from_mapping(bad)
    assert parse_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_weekdays("Sat-Mon") == [0, 5, 6]
    with pytest.raises(ValidationError, match="'Funday' is not a weekday"):
        parse_weekdays("Mon Funday")


async def test_a_countrys_holidays_fill_the_field_and_move_what_is_due_once_saved(
        fixed_db: Path) -> None:
    async with run_app(fixed_db) as (app, pilot):
        acme = next(i for i in today_items(app) if i.company == "Acme" and i.kind == "follow_up")
        assert acme.date == date(2026, 11, 26)  # Thanksgiving in the US
        screen = await open_settings(pilot)
        await click(pilot, "#holiday-country")
        await pilot.press(*"XX", "enter")
        await settle(pilot)
        assert "XX not available" in error_under(app, "holiday-country")
        await pilot.press("backspace", "backspace", *"US", "enter")
        await settle(pilot)
        assert "2026-11-26" in screen.query_one("#holidays", Input).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        acme = next(i for i in today_items(app) if i.company == "Acme" and i.kind == "follow_up")
        assert acme.date == date(2026, 11, 27)
    store, db = stored_store(fixed_db)
    assert date(2027, 12, 24) in store.settings().holidays  # next year's too (observed)
    db.close()  # type: ignore[attr-defined]


async def test_random_keys_on_settings_at_40_by_12_raise_nothing(fixed_db: Path) -> None:
    import random

    keys = ["tab", "shift+tab", "up", "down", "enter", "escape", "delete", "shift+up",
            "shift+down", "r", "x", "1", "-", "space", "backspace", "ctrl+s", "home", "end"]
    chosen = random.Random(12).choices(keys, k=300)
    async with run_app(fixed_db, size=(40, 12), notifications=False) as (app, pilot):
        await open_settings(pilot)
        for key in chosen:
            await pilot.press(key)
        await settle(pilot)
        # Nothing crashed (a key typed into the keymap may well have sent it elsewhere).
        assert app.is_running and app.return_code is None


async def test_keys_read_with_ctrl_s_are_saved_too(fixed_db: Path) -> None:
    """A name typed and ctrl+s in one terminal read (a paste, a text expander):
    the save holds the whole name, not what the field held before the keys."""
    from tests.helpers import arrive_together, typed

    async with run_app(fixed_db) as (app, pilot):
        screen = await open_settings(pilot)
        await click(pilot, "#your_name")
        arrive_together(app, [*typed("Sam Porter"), ("ctrl+s", None)])
        await wait_until(pilot, lambda: screen.settings is not None
                         and screen.settings.your_name == "Sam Porter", "the save")
    store, db = stored_store(fixed_db)
    assert store.settings().your_name == "Sam Porter"
    db.close()  # type: ignore[attr-defined]
