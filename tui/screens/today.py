"""Today, the start screen: what is overdue, due today and due in the next 7 days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from storage.rules import clock
from storage.rules.agenda_rows import TODAY_AHEAD, DayCounts, day_counts
from storage.rules.cadence import Nudge, format_day
from storage.rules.records import AgendaItem
from tui.compat.mode_screen import ModeScreenCompat
from tui.first_frame import FIRST_FRAME_ROWS
from tui.screens.agenda_actions import AgendaActions, agenda_bindings
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from storage.db.store import Store
    from storage.fastpath.quickread import FirstAgenda

AHEAD = TODAY_AHEAD
#: Overdue rows shown at most: a long-neglected database must not bury today.
OVERDUE_SHOWN = 200
#: Applications whose nudges are shown below the list.
NUDGED_APPS = 5

STATUS_MARK = {"overdue": ("●", "$error"), "late": ("●", "$error"),
               "due": ("◆", "$warning"), "upcoming": ("○", "dim")}


def sections(items: list[AgendaItem], today: date, overdue_total: int | None = None
             ) -> list[tuple[str, list[AgendaItem]]]:
    """(heading, items) in Today's order: overdue, today, then each of the next days.
    ``overdue_total``: how many are overdue, when ``items`` is only the list's start."""
    overdue = [i for i in items if i.date < today]
    total = len(overdue) if overdue_total is None else overdue_total
    out: list[tuple[str, list[AgendaItem]]] = [
        (f"Overdue ({total})", overdue)] if overdue else []
    out.append((f"Today, {format_day(today)}", [i for i in items if i.date == today]))
    for n in range(1, AHEAD + 1):
        day = today + timedelta(days=n)
        todays = [i for i in items if i.date == day]
        if todays:
            label = "Tomorrow, " + format_day(day) if n == 1 else format_day(day)
            out.append((label, todays))
    return out


def row(item: AgendaItem) -> Content:
    mark, style = STATUS_MARK.get(item.status, ("○", "dim"))
    parts: list[str | tuple[str, str]] = [(mark, style), " ", (item.title, "bold"), "  ",
                                          f"{item.company} · {item.role}"]
    if item.status == "late":
        parts += ["  ", (" LATE ", "bold $text-error on $error-muted")]
    when = format_day(item.date)
    if item.due_at is not None:
        when += f" {item.due_at:%H:%M}"
    parts += ["\n  ", (f"{when} · {item.why}", "dim")]
    return Content.assemble(*parts)


def fitting(width: int, *texts: str) -> str:
    """The first of ``texts`` (longest first) that fits in ``width`` cells, else the last."""
    return next((text for text in texts if len(text) <= width), texts[-1])


class TodayScreen(ModeScreenCompat, AgendaActions, Screen[None]):
    """The day's work; `enter` writes the note, `d` `s` `x` resolve it, `o` opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the list would take enter for itself and hide it from the footer.
        Binding("enter", "write", "Write", priority=True, id="today.write"),
        *agenda_bindings("today"),
        # Named by the empty list's line (not in the footer, which is full):
        # a first week starts here, and the form lives on the board.
        Binding("n", "app.board_action('new')", "New application", show=False,
                id="today.new"),
    ]
    AUTO_FOCUS = "#agenda"

    @dataclass
    class Loaded(Message):
        today: date
        items: list[AgendaItem]
        next_item: AgendaItem | None = None
        nudges: list[Nudge] = field(default_factory=list)
        complete: bool = True
        """False for the first frame's quick read (no "what next", no nudges yet)."""
        totals: DayCounts | None = None
        """When ``items`` is only the list's start (the first frame): the counts of all."""

        @classmethod
        def first_frame(cls, today: date, first: FirstAgenda) -> TodayScreen.Loaded:
            """The quick read's start of the list, before the full store opens."""
            return cls(today, first.items, complete=False, totals=first.totals)

    def __init__(self) -> None:
        super().__init__()
        self.today = clock.today()
        self.items: list[AgendaItem] = []
        self._rows: dict[str, AgendaItem] = {}
        self._nudges: list[Nudge] = []
        self._counts: DayCounts | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="today-summary")
        yield OptionList(id="agenda")
        yield Static(id="today-nudges")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Today"
        first = self._app.first_agenda()
        if first is not None:
            self._show(first)  # in the first frame, before any worker
        self.watch_data()

    @classmethod
    def read(cls, store: Store, today: date) -> Loaded:
        items = store.agenda(None, today + timedelta(days=AHEAD), today)
        next_item = store.first_due_after(today, today) if not any(
            i.date == today for i in items) else None
        nudges = store.pipeline_nudges()
        seen: list[int] = []
        for item in items:
            if item.application_id not in seen:
                seen.append(item.application_id)
            if len(seen) == NUDGED_APPS:
                break
        for app_id in seen:
            nudges += store.nudges_for(app_id)
        return cls.Loaded(today, items, next_item, nudges)

    @work(thread=True, exclusive=True, group="today-load", exit_on_error=False)
    def load(self) -> None:
        store = self.store
        if store is None:
            return
        try:
            self.post_message(self.read(store, clock.today()))
        except Exception as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Could not load Today",
                                      severity="error")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.today, self.items = message.today, message.items
        self.sub_title = format_day(message.today)
        agenda = self.query_one("#agenda", OptionList)
        keep = agenda.highlighted_option.id if agenda.highlighted_option else None
        options: list[Option] = []
        self._rows = {}
        # The first frame (the quick read) needs a screenful: the list measures
        # every row it is given, so the rest waits for the full load.
        room = None if message.complete else FIRST_FRAME_ROWS
        totals = message.totals
        for heading, group in sections(message.items, message.today,
                                       totals.overdue if totals else None):
            if room == 0:
                break
            options.append(Option(Content.styled(heading, "bold $accent"), disabled=True))
            shown = group[:OVERDUE_SHOWN] if heading.startswith("Overdue") else group
            if room is not None:
                shown = shown[:room]
                room -= len(shown)
            for item in shown:
                key = (f"{item.application_id}:{item.kind}:{item.interview_id}:"
                       f"{item.contact_id}:{item.custom_action_id}")
                self._rows[key] = item
                options.append(Option(row(item), id=key))
            if len(group) > len(shown) and message.complete:
                options.append(Option(Content.styled(
                    f"  … and {len(group) - len(shown):,} older overdue actions (see the "
                    "calendar, or `afterview agenda`)", "dim"), disabled=True))
            if not group and heading.startswith("Today"):
                options.append(Option(self._nothing_today(message), disabled=True))
        agenda.set_options(options)
        self._restore_highlight(agenda, keep)
        self.refresh_bindings()  # enter, d, s, x, o: dimmed while nothing is selected
        self._show_summary(message)
        self._show_nudges(message.nudges)

    def _nothing_today(self, message: Loaded) -> Content:
        upcoming = [i for i in message.items if i.date > message.today]
        nxt = upcoming[0] if upcoming else message.next_item
        if nxt is None:
            if not message.complete:
                return Content.styled("  Nothing due today.", "dim")
            return Content.assemble(
                ("  Nothing due today, and nothing scheduled after it: ", "dim"),
                ("n", "bold"), (" adds an application.", "dim"))
        # "Reconnect with Globex" names its company already: not "(Globex)" again.
        company = "" if nxt.company in nxt.title else f" ({nxt.company})"
        return Content.assemble(("  Nothing due today. Next: ", "dim"),
                                (format_day(nxt.date), "bold"),
                                (f", {nxt.title}{company}", "dim"))

    def _restore_highlight(self, agenda: OptionList, keep: str | None) -> None:
        ids = [agenda.get_option_at_index(i).id for i in range(agenda.option_count)]
        # Headings have no id: "None in ids" must not put the cursor on one.
        if keep is not None and keep in ids:
            agenda.highlighted = ids.index(keep)
            return
        first = next((i for i, option_id in enumerate(ids) if option_id), None)
        agenda.highlighted = first

    def _show_summary(self, message: Loaded) -> None:
        self._counts = message.totals or day_counts(message.items, message.today)
        self._draw_summary()

    def _draw_summary(self) -> None:
        counts = self._counts
        if counts is None:
            return
        overdue, today = f"{counts.overdue} overdue", f"{counts.today} due today"
        ahead = f"{counts.ahead} in the next {AHEAD} days"
        # One line (its height is fixed): on a narrow terminal the short words,
        # not the end cut off ("0 in the" at 40 columns).
        if len(f"{overdue} · {today} · {ahead}") > self.app.size.width - 2:
            today, ahead = f"{counts.today} today", f"{counts.ahead} next {AHEAD} days"
        self.query_one("#today-summary", Static).update(Content.assemble(
            (overdue, "$error" if counts.overdue else "dim"),
            " · ", (today, "$warning" if counts.today else ""), " · ", ahead), layout=False)

    def nudge_room(self) -> int:
        """How many nudge lines Today shows under their title: a quarter of the
        screen, so the list keeps the rest; 0 on a short screen (below 20
        lines), where one line counts them instead (at 40×12 six lines of
        nudges left one row of the list)."""
        return 0 if self.size.height < 20 else self.size.height // 4 - 1

    def on_resize(self) -> None:
        self._draw_summary()
        self._show_nudges(self._nudges)

    def _show_nudges(self, nudges: list[Nudge]) -> None:
        self._nudges = nudges
        widget = self.query_one("#today-nudges", Static)
        widget.display = bool(nudges)
        if not nudges:
            return
        room = self.nudge_room()
        # The hints' short words on a narrow terminal, not their end cut off.
        width = self.app.size.width - 2
        if room == 0:
            title = f"Nudges ({len(nudges)}) "
            hint = fitting(width - len(title), "o on an action shows its application's",
                           "o on an action shows them", "o shows them")
            widget.update(Content.assemble((title, "bold"), (hint, "dim")))
            return
        shown = nudges if len(nudges) <= room else nudges[:room - 1]
        companies = {i.application_id: i.company for i in self.items}
        lines: list[str | tuple[str, str]] = [("Nudges", "bold")]
        for nudge in shown:
            lines += ["\n", ("• ", "$accent")]
            if nudge.application_id in companies:
                lines.append((f"{companies[nudge.application_id]}: ", "bold"))
            lines.append(nudge.message)
        if len(shown) < len(nudges):
            more = f"  … and {len(nudges) - len(shown)} more"
            lines += ["\n", (more + fitting(width - len(more),
                                            ": o opens an application with its nudges",
                                            ": o shows them", ""), "dim")]
        widget.update(Content.assemble(*lines))

    def selected_item(self) -> AgendaItem | None:
        option = self.query_one("#agenda", OptionList).highlighted_option
        return self._rows.get(option.id) if option is not None and option.id else None

    @on(OptionList.OptionSelected, "#agenda")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_write()  # a click on a row

