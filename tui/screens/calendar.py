"""The calendar: a month of due actions, and the selected day's agenda beside it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from dateutil.relativedelta import relativedelta
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from storage.rules import clock
from storage.rules.business_days import WorkCalendar
from storage.rules.cadence import format_day
from storage.rules.records import AgendaItem
from tui.compat.mode_screen import ModeScreenCompat
from tui.screens.agenda_actions import AgendaActions, agenda_bindings
from tui.screens.today import STATUS_MARK
from tui.widgets.day_agenda import DayAgenda
from tui.widgets.footer import KeyFooter
from tui.widgets.month_grid import KIND_LETTER, KIND_STYLE, MonthGrid, grid_days

if TYPE_CHECKING:
    pass


def legend() -> Content:
    names = {"T": "thank-you", "F": "follow-up", "S": "second follow-up", "M": "move on",
             "R": "references", "•": "reminder"}
    parts: list[str | tuple[str, str]] = []
    for kind, letter in KIND_LETTER.items():
        parts += [(letter, f"bold {KIND_STYLE[kind]}"), f" {names[letter]}  "]
    # Today's brackets as the grid draws them (bold $accent), so "[ ]" and the
    # letters' "•" cannot be taken for one another.
    parts += ["\n", ("[ ]", "bold $accent"), " today  ", ("red", "$error"), " overdue  ",
              ("amber", "$warning"), " due today  ", ("dim", "dim"), " days off"]
    return Content.assemble(*parts)


class CalendarScreen(ModeScreenCompat, AgendaActions, Screen[None]):
    """Arrows move the day, `[` `]` the month, `.` today; `tab` to the day's list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Day ←", show=False, id="calendar.left"),
        Binding("right", "move(1)", "Day →", show=False, id="calendar.right"),
        Binding("up", "move(-7)", "Week ↑", show=False, id="calendar.up"),
        Binding("down", "move(7)", "Week ↓", show=False, id="calendar.down"),
        Binding("left_square_bracket", "month(-1)", "Month ←", id="calendar.prev"),
        Binding("right_square_bracket", "month(1)", "Month →", id="calendar.next"),
        Binding("full_stop", "go_today", "Today", id="calendar.today"),
        Binding("enter", "write", "Write", id="calendar.write"),
        *agenda_bindings("calendar"),
    ]
    AUTO_FOCUS = "#month"

    @dataclass
    class Loaded(Message):
        month: date
        today: date
        by_day: dict[date, list[AgendaItem]]
        first_weekday: int
        calendar: WorkCalendar
        generation: int
        """Which load it answers: an answer read before a write is dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.today = clock.today()
        self.selected = self.today
        self.month = self.today.replace(day=1)
        self.by_day: dict[date, list[AgendaItem]] = {}
        self.first_weekday = 0
        self.work_calendar = WorkCalendar()
        #: Months near the shown one, read since the last write, by their first
        #: day: the two beside it are read ahead, so `[` `]` draw at once.
        self._months: dict[date, CalendarScreen.Loaded] = {}
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="calendar-body"):
            with Vertical(id="calendar-left"):
                yield MonthGrid(id="month")
                yield Static(legend(), id="calendar-legend")
            with Vertical(id="calendar-right"):
                yield Static(id="day-title")
                yield DayAgenda(id="day-agenda", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Calendar"
        self.watch_data()

    def load(self) -> None:
        """Read the shown month again (after any write, or a new day)."""
        self._generation += 1
        self._months.clear()
        self._read_month(self.month, self._generation)

    @work(thread=True, exclusive=True, group="calendar-load", exit_on_error=False)
    def _read_month(self, month: date, generation: int) -> None:
        self._read(month, generation)

    @work(thread=True, group="calendar-ahead", exit_on_error=False)
    def _read_ahead(self, months: list[date], generation: int) -> None:
        for month in months:
            self._read(month, generation)

    def _read(self, month: date, generation: int) -> None:
        store = self.store
        if store is None:
            return
        try:
            settings = store.settings()
            days = grid_days(month, settings.first_day_of_week)
            today = clock.today()
            items = store.agenda(days[0], days[-1], today)
        except Exception as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Could not load the month",
                                      severity="error")
            return
        by_day: dict[date, list[AgendaItem]] = defaultdict(list)
        for item in items:
            by_day[item.date].append(item)
        self.post_message(self.Loaded(month, today, dict(by_day), settings.first_day_of_week,
                                      settings.calendar, generation))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.generation != self._generation:
            return  # read before a write: a newer read is on its way
        self._months[message.month] = message
        if message.month == self.month:
            self._take(message)

    def _take(self, message: Loaded) -> None:
        self.today, self.first_weekday = message.today, message.first_weekday
        self.work_calendar = message.calendar
        self.by_day = message.by_day
        self._show()
        # Kept: two months either side (a month can be 1,000 actions), so
        # going back and forth reads nothing again.
        near = {self.month + relativedelta(months=step) for step in range(-2, 3)}
        self._months = {month: loaded for month, loaded in self._months.items()
                        if month in near}
        ahead = [month for month in (self.month + relativedelta(months=1),
                                     self.month - relativedelta(months=1))
                 if month not in self._months]
        if ahead:
            # After this key's frame: a read beside it would slow its drawing.
            self.call_after_refresh(self._read_ahead, ahead, self._generation)

    def _show(self) -> None:
        # Today's date, as on Today: the grid's heading names the month. (A
        # new sub-title on every month repainted the whole screen, and a
        # frame before the day's list had its new size.)
        self.sub_title = format_day(self.today)
        self.query_one(MonthGrid).show(self.month, self.today, self.selected,
                                       self.first_weekday, self.by_day,
                                       self.work_calendar.is_business_day)
        self._show_day()

    def _show_day(self) -> None:
        items = self.by_day.get(self.selected, [])
        day = format_day(self.selected)
        if self.selected == self.today:
            day += " (today)"
        elif not self.work_calendar.is_business_day(self.selected):
            day += " (not a workday)"
        count = f"{len(items)} action{'s' * (len(items) != 1)}" if items else "nothing due"
        self.query_one("#day-title", Static).update(
            Content.assemble((day, "bold"), "  ", (count, "dim")), layout=False)
        # Text, not str: DataTable reads a str as markup, and company names
        # and reasons are the user's text ("[Acme]" must show as typed).
        self.query_one(DayAgenda).show_rows(
            (Content.styled(*STATUS_MARK.get(item.status, ("○", ""))),
             Text(item.title, no_wrap=True, overflow="ellipsis"),
             Text(f"{item.company} · {item.role}", no_wrap=True, overflow="ellipsis"),
             Text(item.why, no_wrap=True, overflow="ellipsis"))
            for item in items)
        self.refresh_bindings()  # enter, d, s, x, o: dimmed on a day with nothing due

    # -- keys ------------------------------------------------------------------------

    def _select(self, day: date) -> None:
        self.selected = day
        month = day.replace(day=1)
        if month != self.month:
            self.month = month
            if month in self._months:  # read ahead: drawn with this key's frame
                self._take(self._months[month])
            else:
                # Drawn when the month's actions arrive (a few ms): one frame,
                # not an empty month first and the counts a frame later.
                self._read_month(month, self._generation)
        else:
            self.query_one(MonthGrid).selected = day
            self._show_day()

    def action_move(self, days: int) -> None:
        self._select(self.selected + timedelta(days=days))

    def action_month(self, step: int) -> None:
        self._select(self.selected + relativedelta(months=step))

    def action_go_today(self) -> None:
        self._select(clock.today())

    @on(MonthGrid.DayClicked)
    def _clicked(self, message: MonthGrid.DayClicked) -> None:
        self._select(message.day)

    @on(DataTable.RowSelected, "#day-agenda")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_write()

    def selected_item(self) -> AgendaItem | None:
        items = self.by_day.get(self.selected, [])
        if not items:
            return None
        row = self.query_one("#day-agenda", DataTable).cursor_row
        return items[row] if 0 <= row < len(items) else items[0]

