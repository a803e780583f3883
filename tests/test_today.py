"""Today, the start screen, driven by keys on fixed data (today is Sun 22 Nov 2026)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from storage.db.engine import open_database
from storage.db.store import Store
from storage.rules.records import AgendaItem
from tests.conftest import run_app, settle, wait_until
from tests.fixtures import make_compose_db
from tests.helpers import board, db_detail
from tui.app import AfterviewApp
from tui.composer.screen import ComposerScreen
from tui.modals.note_forms import ConfirmScreen
from tui.screens.details import DetailsScreen
from tui.screens.today import TodayScreen

TODAY = date(2026, 11, 22)


@asynccontextmanager
async def on_today(db_path: Path) -> AsyncIterator[tuple[AfterviewApp, Pilot[None]]]:
    async with run_app(db_path) as (app, pilot):
        assert isinstance(app.screen, TodayScreen)
        yield app, pilot


def today(app: AfterviewApp) -> TodayScreen:
    assert isinstance(app.screen, TodayScreen), app.screen
    return app.screen


def rows(app: AfterviewApp) -> list[str]:
    """Every line of the list as shown: headings and actions."""
    agenda = today(app).query_one("#agenda", OptionList)
    return [str(agenda.get_option_at_index(i).prompt) for i in range(agenda.option_count)]


def listed(app: AfterviewApp) -> list[AgendaItem]:
    screen = today(app)
    agenda = screen.query_one("#agenda", OptionList)
    ids = [agenda.get_option_at_index(i).id for i in range(agenda.option_count)]
    return [screen._rows[i] for i in ids if i]


def stored(db_path: Path, on: date = TODAY) -> tuple[list[AgendaItem], Store]:
    db = open_database(db_path)
    store = Store(db)
    items = store.agenda(None, on + timedelta(days=7), on)
    return items, store


async def highlight(app: AfterviewApp, pilot: Pilot[None], title: str) -> None:
    """Arrow down to the row whose action is ``title``, as a user does."""
    for _ in range(30):
        item = today(app).selected_item()
        if item is not None and item.title == title:
            return
        await pilot.press("down")
    raise AssertionError(f"no row {title!r}")


async def test_today_lists_exactly_the_agenda_in_order(fixed_db: Path) -> None:
    expected, store = stored(fixed_db)
    store.db.close()
    async with on_today(fixed_db) as (app, _):
        assert listed(app) == expected
        assert [(i.title, i.company) for i in listed(app)] == [
            ("Thank-you note to Dana Lee", "Acme"),
            ("Tell your references to expect a call", "Hooli"),
            ("First follow-up to Sam Ortiz", "Globex"),
            ("Second follow-up to Bill Lumbergh", "Initech"),
            ("First follow-up to Dana Lee", "Acme"),
        ]
        headings = [r for r in rows(app) if "\n" not in r]
        assert headings == ["Overdue (1)", "Today, Sun 22 Nov", "Tomorrow, Mon 23 Nov",
                            "Tue 24 Nov", "Thu 26 Nov"]
        first = rows(app)[1]
        assert "Acme · Backend Engineer" in first
        assert "within 24 hours of the interview on Thu 19 Nov" in first
        summary = str(today(app).query_one("#today-summary", Static).render())
        assert summary == "1 overdue · 1 due today · 3 in the next 7 days"
        nudges = str(today(app).query_one("#today-nudges", Static).render())
        assert "Acme: Ask when they expect to decide" in nudges


async def test_d_marks_done_and_the_row_goes(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "Thank-you note to Dana Lee")
        await pilot.press("d")
        await settle(pilot)
        assert "Thank-you note to Dana Lee" not in [i.title for i in listed(app)]
    overrides = db_detail(fixed_db, "Acme").overrides
    assert [(o.kind, o.done_on) for o in overrides] == [("thank_you", TODAY)]


async def test_s_snoozes_to_a_typed_date(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "First follow-up to Sam Ortiz")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"2026-11-30", "ctrl+s")
        await settle(pilot)
        assert "First follow-up to Sam Ortiz" not in [i.title for i in listed(app)]
    assert [(o.kind, o.snoozed_to) for o in db_detail(fixed_db, "Globex").overrides] == [
        ("follow_up", date(2026, 11, 30))]


async def test_a_snooze_that_would_not_postpone_is_refused_on_the_field(
        fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "First follow-up to Sam Ortiz")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"today", "ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#until .date-field--hint", Static).render())
        assert "Pick a day after Mon 23 Nov" in error
        await pilot.press("escape")
        await settle(pilot)
    assert db_detail(fixed_db, "Globex").overrides == ()


async def test_x_skips(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "Second follow-up to Bill Lumbergh")
        await pilot.press("x")
        await settle(pilot)
        assert "Second follow-up to Bill Lumbergh" not in [i.title for i in listed(app)]
    assert [(o.kind, o.skipped_on) for o in db_detail(fixed_db, "Initech").overrides] == [
        ("second_follow_up", TODAY)]


async def test_enter_opens_the_composer_on_that_action(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "First follow-up to Sam Ortiz")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComposerScreen)
        assert app.screen.title == "First follow-up to Sam Ortiz"
        assert app.screen.kind == "follow_up"
        assert app.screen.item is not None and app.screen.item.company == "Globex"


async def test_sending_from_today_moves_the_schedule_on(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "First follow-up to Sam Ortiz")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        # No name in the settings: "[your name]" is an error, so it asks first.
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        titles = [i.title for i in listed(app)]
        assert "First follow-up to Sam Ortiz" not in titles


async def test_o_opens_the_application(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "Tell your references to expect a call")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        assert app.screen.detail is not None
        assert app.screen.detail.application.company == "Hooli"


async def test_a_change_on_the_board_shows_on_today_without_restart(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        assert "Acme" in {i.company for i in listed(app)}
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("right", "right", "x")  # Interview: Acme, close it
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "Acme" not in {i.company for i in listed(app)}


async def test_an_empty_day_says_so_and_what_comes_next(tmp_path: Path) -> None:
    async with on_today(make_compose_db(tmp_path / "c.db")) as (app, _):
        assert "Nothing due today. Next: Mon 23 Nov, Move on: close it and keep the " \
               "contacts (Initech)" in [r.strip() for r in rows(app)]


async def test_today_rolls_over_at_midnight(fixed_db: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AfterviewApp, "DAY_CHECK_SECONDS", 0.1)
    async with on_today(fixed_db) as (app, pilot):
        assert today(app).sub_title == "Sun 22 Nov"
        monkeypatch.setenv("AFTERVIEW_TODAY", "2026-11-24")
        await wait_until(pilot, lambda: today(app).sub_title == "Tue 24 Nov",
                         "Today to roll over to Tue 24 Nov (the day is checked every 0.1 s)")
        await settle(pilot)
        assert "Today, Tue 24 Nov" in rows(app)
        # The thank-you due Fri 20 Nov is now past its outer bound: late.
        late = next(r for r in rows(app) if r.startswith("● Thank-you note to Dana Lee"))
        assert "LATE" in late and "(late: send it anyway)" in late


async def test_done_on_today_shows_on_the_board_card(fixed_db: Path) -> None:
    async with on_today(fixed_db) as (app, pilot):
        await highlight(app, pilot, "Thank-you note to Dana Lee")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        acme = next(c for column in board(app).columns for c in column.cards.cards
                    if c.company == "Acme")
        assert acme.next_label == "Follow-up to Dana Lee"  # was the thank-you


async def test_the_first_frame_shows_the_list_read_aside_before_the_store_opens(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI reads Today's first rows and the totals in a forked process while
    # the app imports (storage.fastpath.aside); Today composes with them. Held here: the
    # full store never opens, so what shows is the aside's alone.
    from storage.db.engine import HEAD
    from storage.fastpath.aside import agenda_aside
    from storage.interchange.demo import create_demo_database
    from tui.first_frame import FIRST_FRAME_ROWS

    path = tmp_path / "demo.db"
    create_demo_database(path, TODAY, applications=300)
    expected, store = stored(path)
    store.db.close()
    overdue = sum(1 for i in expected if i.date < TODAY)
    assert overdue > FIRST_FRAME_ROWS  # enough to fill the first frame with overdue rows
    monkeypatch.setattr(AfterviewApp, "open_store", lambda self, first: None)
    aside = agenda_aside(str(path), TODAY + timedelta(days=7), TODAY, HEAD, FIRST_FRAME_ROWS)
    app = AfterviewApp(db_target=str(path), agenda_aside=aside)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        assert app.store is None
        assert listed(app) == expected[:FIRST_FRAME_ROWS]
        assert rows(app)[0] == f"Overdue ({overdue})"
        summary = str(today(app).query_one("#today-summary", Static).render())
        due = sum(1 for i in expected if i.date == TODAY)
        assert summary == (f"{overdue} overdue · {due} due today · "
                           f"{len(expected) - overdue - due} in the next 7 days")


@pytest.mark.parametrize("size,hint", [((30, 12), "o shows them"),
                                       ((40, 12), "o on an action shows them"),
                                       ((130, 12), "o on an action shows its application's")],
                         ids=["30", "40", "130"])
async def test_the_nudges_hint_is_never_cut(fixed_db: Path, size: tuple[int, int],
                                            hint: str) -> None:
    """On a short screen one line counts the nudges with a hint: short words on a
    narrow terminal, not the end cut off."""
    async with run_app(fixed_db, size=size) as (app, _pilot):
        widget = today(app).query_one("#today-nudges", Static)
        line = str(widget.render())
        assert line.startswith("Nudges (") and line.endswith(hint)
        assert len(line) <= widget.content_region.width


async def test_an_empty_today_says_n_adds_an_application_and_n_does(tmp_path: Path) -> None:
    """A first week starts on an empty Today: its line names `n`, and `n` opens
    the new-application form (on the board, where the card will be)."""
    from tests.fixtures import make_db
    from tui.modals.forms import ApplicationForm
    from tui.screens.board import BoardScreen

    db = make_db(tmp_path / "empty.db", {"format": "afterview/1", "applications": []})
    async with run_app(db) as (app, pilot):
        assert rows(app) == [
            "Today, Sun 22 Nov",
            "  Nothing due today, and nothing scheduled after it: n adds an application."]
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationForm), "the form")
        assert isinstance(app.screen_stack[0], BoardScreen)
