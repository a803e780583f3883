"""A month as a grid of weeks, each day with its actions counted by kind and status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from storage.rules.cadence import ActionKind
from storage.rules.records import AgendaItem

#: The letter each kind is counted under, in display order.
KIND_LETTER: dict[str, str] = {
    ActionKind.THANK_YOU: "T", ActionKind.FOLLOW_UP: "F", ActionKind.SECOND_FOLLOW_UP: "S",
    ActionKind.MOVE_ON: "M", ActionKind.REFERENCES: "R", ActionKind.CUSTOM: "•",
}
KIND_STYLE: dict[str, str] = {
    ActionKind.THANK_YOU: "$success", ActionKind.FOLLOW_UP: "$primary",
    ActionKind.SECOND_FOLLOW_UP: "$secondary", ActionKind.MOVE_ON: "$foreground",
    ActionKind.REFERENCES: "$accent", ActionKind.CUSTOM: "$foreground",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CELL_LINES = 3


def today_label(day: date) -> str:
    """Today's day number as the grid draws it: " [1]", "[22]" (4 cells, the narrowest)."""
    return f"[{day.day}]".rjust(4)


def grid_days(month: date, first_weekday: int) -> list[date]:
    """The days the grid shows: whole weeks from the one holding the 1st (6 rows)."""
    first = month.replace(day=1)
    start = first - timedelta(days=(first.weekday() - first_weekday) % 7)
    return [start + timedelta(days=n) for n in range(42)]


def counts(items: list[AgendaItem]) -> list[tuple[str, int, str]]:
    """(letter, count, style) per kind: red if any is overdue or late, amber if due today."""
    out = []
    for kind, letter in KIND_LETTER.items():
        mine = [i for i in items if i.kind == kind]
        if not mine:
            continue
        statuses = {i.status for i in mine}
        style = ("$error" if statuses & {"overdue", "late"} else
                 "$warning" if "due" in statuses else KIND_STYLE[kind])
        out.append((letter, len(mine), style))
    return out


class MonthGrid(Widget, can_focus=True):
    """Draws one month; the screen owns the keys and tells it what to show."""

    DEFAULT_CSS = """
    MonthGrid { height: auto; min-height: 21; }
    """

    selected: reactive[date] = reactive(date(2000, 1, 1))

    class DayClicked(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.month = date(2000, 1, 1)
        self.today = date(2000, 1, 1)
        self.first_weekday = 0
        self.by_day: dict[date, list[AgendaItem]] = {}
        self.is_workday: Callable[[date], bool] = lambda d: d.weekday() < 5
        self.days = grid_days(self.month, self.first_weekday)
        #: Rendered lines of what show() was given: the heading's (key "top")
        #: and each week's (key: week, its marked day, focus). See render_line.
        self._lines: dict[object, list[Strip]] = {}

    def show(self, month: date, today: date, selected: date, first_weekday: int,
             by_day: dict[date, list[AgendaItem]], is_workday: Callable[[date], bool]) -> None:
        self.month, self.today, self.first_weekday = month.replace(day=1), today, first_weekday
        self.by_day, self.is_workday = by_day, is_workday
        self.days = grid_days(self.month, first_weekday)
        self._lines.clear()
        self.selected = selected
        self.refresh()

    def _cell_width(self) -> int:
        return max(self.size.width // 7, 4)

    def render_line(self, y: int) -> Strip:
        # Line by line, a week's three lines cached: moving the selected day
        # redraws the one or two weeks it touches, not the whole month (a
        # quarter of a day key's time when all 20 lines were rendered).
        width = self.size.width
        if y >= 2 + 6 * CELL_LINES:
            return Strip.blank(width, self.rich_style)
        week = (y - 2) // CELL_LINES
        days = self.days[week * 7:(week + 1) * 7] if y >= 2 else []
        marked = self.selected if self.selected in days else None
        key: object = "top" if y < 2 else (week, marked, marked and self.has_focus)
        block = self._lines.get(key)
        if block is None or block[0].cell_length != width:
            lines = self._heading() if y < 2 else self._week(days)
            block = self._lines[key] = [
                Visual.to_strips(self, line, width, 1, self.visual_style, pad=True)[0]
                for line in lines]
        return block[y if y < 2 else (y - 2) % CELL_LINES]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2 + 6 * CELL_LINES

    def _heading(self) -> list[Content]:
        width = self._cell_width()
        names = [WEEKDAYS[(self.first_weekday + n) % 7] for n in range(7)]
        return [Content.styled(self.month.strftime("%B %Y").center(width * 7), "bold"),
                Content.assemble(*[(name.center(width), "dim") for name in names])]

    def _week(self, days: list[date]) -> list[Content]:
        width = self._cell_width()
        return [Content("").join([self._day_label(day, width) for day in days]),
                Content("").join([self._day_counts(day, width) for day in days]),
                Content("")]

    def notify_style_update(self) -> None:
        self._lines.clear()  # a new theme: other colours
        super().notify_style_update()

    def _day_label(self, day: date, width: int) -> Content:
        text = f" {day.day:>2}"
        style = ""
        if day.month != self.month.month or not self.is_workday(day):
            style = "dim"
        if day == self.today:
            # Brackets, not a glyph beside the number: "•" counts reminders on
            # the line below, and brackets still read without colour and in
            # the selected day's reverse. Its digits stay where other days' are.
            text = today_label(day)
            style = "bold $accent"
        label = Content.styled(text.ljust(width), style)
        if day == self.selected:
            label = label.stylize(f"reverse{' $accent' if self.has_focus else ''}")
        return label

    def _day_counts(self, day: date, width: int) -> Content:
        parts: list[str | tuple[str, str]] = [" "]
        used = 1
        for letter, count, style in counts(self.by_day.get(day, [])):
            piece = f"{letter}{count} "
            if used + len(piece) > width:
                parts.append(("+", "bold"))  # more than fits: the day's list has all
                used += 1
                break
            parts.append((piece, style))
            used += len(piece)
        parts.append(" " * (width - used))
        cell = Content.assemble(*parts)
        if day.month != self.month.month or not self.is_workday(day):
            cell = cell.stylize("dim")
        return cell

    def day_at(self, x: int, y: int) -> date | None:
        row, col = (y - 2) // CELL_LINES, x // self._cell_width()
        if y < 2 or not 0 <= row < 6 or not 0 <= col < 7:
            return None
        return self.days[row * 7 + col]

    def on_click(self, event: events.Click) -> None:
        day = self.day_at(event.x, event.y)
        if day is not None:
            self.post_message(self.DayClicked(day))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
