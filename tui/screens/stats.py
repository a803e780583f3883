"""Stats (`g`): how the search is going, over a period (90 days, 30 days, this
year, everything): the funnel, weekly activity, who answers and how fast, and
whether the notes keep up.

The figures come from :meth:`storage.db.store.Store.stats` (grouped in SQL,
computed in :mod:`storage.rules.stats`) on a worker. Periods already read are
kept until the next write; the next period in `p`'s cycle is read ahead after
each frame, and the app reads the default one ahead once the store opens, so
`g` and `p` usually draw at once.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from storage.rules import clock
from storage.rules.stats import (
    ACTION_KIND_NAMES,
    DEFAULT_PERIOD,
    ResponseRate,
    StatsReport,
    next_period,
    percent,
    period,
)
from tui.compat.mode_screen import ModeScreenCompat
from tui.data_watch import WatchesData
from tui.host import host
from tui.messages import DataChange, StoreReady
from tui.widgets.footer import KeyFooter
from tui.widgets.stats_charts import WeeklyActivity, funnel_prompt

#: Below this width the panels stack (one column, scrolled).
NARROW = 76
#: The responses table's figures: heading and width, then their short forms,
#: taken when the long ones would leave the names too few cells (80 columns).
COLUMNS = (("Rounds", 6), ("Replied", 7), ("Follow-ups", 10), ("Replied", 7), ("Days", 5))
SHORT_COLUMNS = (("Rnds", 4), ("Repl", 4), ("F-ups", 5), ("Repl", 4), ("Days", 5))
#: The fewest cells for the names before the headings take their short forms.
NAME_ROOM = 14


def figures_width(columns: tuple[tuple[str, int], ...]) -> int:
    """Cells the figures' columns take, with every column's padding (the name's too)."""
    return sum(width for _, width in columns) + (len(columns) + 1) * 2
#: Rows the table takes a frame after its first (which takes a screen's height).
ROWS_A_FRAME = 400
#: Seconds before the rest of the rows (after the first frame) and between chunks
#: (keys pressed meanwhile are handled in the gaps).
FIRST_FILL_DELAY = 0.1
FILL_GAP = 0.02
#: How the responses table is sorted, in `s`'s cycle.
SORTS: tuple[str, ...] = ("rate", "name")

def _days(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}d"


def discipline_text(report: StatsReport) -> Content:
    """The short discipline summary, time in stage and outcomes: short lines, so
    that a third of an 80-column terminal holds them."""
    d = report.discipline
    pad = " " * 11

    def label(text: str) -> tuple[str, str]:
        return (f"{text:<11}", "$text-muted")

    lines: list[Content] = [
        Content.assemble(label("Thank-yous"), (str(d.thank_you_on_time), "bold $success"),
                         " on time"),
        Content.assemble(pad, (str(d.thank_you_late), "bold $warning"), " late · ",
                         (str(d.thank_you_never), "bold $error"), " never"),
        Content.assemble(pad, f"{d.thank_you_skipped} skipped"),
        Content.assemble(pad, f"{d.thank_you_waiting} to come"),
        Content.assemble(label("Follow-ups"), (str(d.follow_up_on_day), "bold $success"),
                         " on the day"),
        Content.assemble(pad, (str(d.follow_up_later), "bold"), " later · ",
                         (str(d.follow_up_early), "bold $warning"), " early"),
    ]
    skipped = sum(n for _, n in d.skipped)
    kinds = ", ".join(f"{ACTION_KIND_NAMES.get(k, k)} {n}" for k, n in d.skipped)
    lines.append(Content.assemble(label("Skipped"), (str(skipped), "bold"),
                                  f" ({kinds})" if kinds else ""))
    lines.append(Content.assemble(label("Overdue"),
                                  (str(d.overdue), "bold $error" if d.overdue else "bold"),
                                  " now"))
    stays = " · ".join(f"{t.name} {_days(t.median_days)}" for t in report.time_in_stage)
    lines.append(Content.assemble(label("In stage"), stays or "–",
                                  ("  median" if stays else "", "$text-muted")))
    outcomes = " · ".join(f"{name} {n}" for name, n in report.outcomes)
    lines.append(Content.assemble(label("Outcomes"), outcomes or "–"))
    return Content("\n").join(lines)


class StatsScreen(ModeScreenCompat, WatchesData, Screen[None]):
    """The figures of a period; `p` the period, `s` the sort, `v` stages or
    companies, `enter` the board on that stage or company."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # First: on a short footer the screen's keys are kept in this order.
        # Priority: the table and the list would take enter and hide it from the footer.
        Binding("enter", "open_board", "To board", priority=True, id="stats.board"),
        Binding("p", "period", "Period", id="stats.period"),
        Binding("s", "sort", "Sort", id="stats.sort"),
        Binding("v", "group", "Stages/companies", id="stats.group"),
    ]
    AUTO_FOCUS = "#stats-responses"

    def __init__(self) -> None:
        super().__init__()
        self.period_key = DEFAULT_PERIOD
        self.report: StatsReport | None = None
        self.sort = SORTS[0]
        self.by_company = True
        self._stale = False
        #: The (period, data generation) asked for and not yet landed.
        self._waiting_for: tuple[str, int] | None = None
        #: The rows of the responses table, in its order.
        self._rows: list[ResponseRate] = []
        #: Which filling of the table is current (rows are added a chunk a frame).
        self._fill_token = 0
        #: The row to put the cursor back on once the table holds it.
        self._cursor_wanted: int | None = None
        #: The name column's width and the figures' headings the table was filled with.
        self._fitted: tuple[int, tuple[tuple[str, int], ...]] = (0, COLUMNS)

    def compose(self) -> ComposeResult:
        # Stacked (narrow), the focused table would scroll the screen past the
        # funnel, the first thing to read: the funnel takes the focus there.
        if self.app.size.width < NARROW:
            self.AUTO_FOCUS = "#stats-funnel"  # type: ignore[misc]  # read via self
        yield Header()
        # Not a focus stop of its own (tab landed on nothing to be seen): the
        # panels are, and scroll it to themselves when stacked.
        with VerticalScroll(id="stats-body", can_focus=False):
            with Horizontal(id="stats-top"):
                funnel = OptionList(id="stats-funnel")
                funnel.border_title = "Funnel"
                yield funnel
                with Vertical(id="stats-activity-box") as box:
                    box.border_title = "Per week"
                    yield WeeklyActivity(id="stats-activity")
            with Horizontal(id="stats-bottom"):
                table: DataTable[str | Text] = DataTable(id="stats-responses",
                                                         cursor_type="row", zebra_stripes=True)
                table.border_title = "Replies"
                yield table
                discipline = Static(id="stats-discipline")
                discipline.border_title = "Discipline"
                # Tab reaches it, bringing it into view when the panels stack.
                discipline.can_focus = True
                yield discipline
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Stats"
        self.sub_title = "reading…"
        table = self.query_one("#stats-responses", DataTable)
        # Fixed widths: the table does not measure every cell of every row.
        for label, width in (("Company", 24), *COLUMNS):
            table.add_column(label, width=width)
        self.watch_data()
        self.load()

    # -- reading ----------------------------------------------------------------

    def load(self) -> None:
        """Show the period's figures: at once when already read (the app reads
        the default one ahead), else when its read lands (see tui.stats_reads)."""
        self._stale = False
        key = self.period_key
        app = host(self)
        asked = (key, app.data_generation)
        if asked == self._waiting_for and app.store is not None:
            return  # already asked: its read lands once
        self._waiting_for = asked
        report = app.stats_reads.want(key, app.data_generation,
                                      lambda report: self._landed(key, report))
        if report is not None:
            self._landed(key, report)

    def _landed(self, key: str, report: StatsReport) -> None:
        self._waiting_for = None
        if key != self.period_key:
            return  # `p` moved on meanwhile
        self.show(report)
        # The next period in p's cycle, after this frame: a read beside it
        # would slow its drawing.
        self.call_after_refresh(self._read_ahead)

    def _read_ahead(self) -> None:
        app = host(self)
        app.stats_reads.want(next_period(self.period_key), app.data_generation)

    def data_changed(self, change: DataChange) -> None:
        if self.is_current:
            self.load()
        else:
            self._stale = True  # read when shown again (the figures stay meanwhile)

    def on_store_ready(self, message: StoreReady) -> None:
        self.load()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._stale or self.report is None:
            self.load()

    # -- drawing ----------------------------------------------------------------

    def show(self, report: StatsReport) -> None:
        self.report = report
        noun = "application" if report.applications == 1 else "applications"
        self.sub_title = f"{report.period.label} · {report.applications} {noun} added"
        self._show_funnel()
        self.query_one(WeeklyActivity).show(report.weeks)
        self.query_one("#stats-discipline", Static).update(discipline_text(report))
        self._show_table()

    def _show_funnel(self) -> None:
        report = self.report
        if report is None:
            return
        funnel = self.query_one("#stats-funnel", OptionList)
        # Inside the border and the options' padding; before its first layout,
        # the panel's share of the screen.
        shown = funnel.size.width or (self.size.width if self.has_class("-narrow")
                                      else self.size.width // 2)
        width = max(shown - 4, 30)
        name_width = min(max((len(s.name) for s in report.funnel), default=6), 12)
        # name, bar, count (5), share (5), conversion (7)
        bar_width = max(width - name_width - 1 - 1 - 5 - 5 - 7, 4)
        most = max((s.reached for s in report.funnel), default=0)
        highlighted = funnel.highlighted
        funnel.set_options(
            Option(funnel_prompt(step, name_width=name_width, bar_width=bar_width, most=most,
                                 first=i == 0), id=f"stage-{step.stage_id}")
            for i, step in enumerate(report.funnel))
        if funnel.option_count:
            # The first step at once: enter acts on what is highlighted.
            funnel.highlighted = (highlighted if highlighted is not None
                                  and highlighted < funnel.option_count else 0)

    def _show_table(self) -> None:
        report = self.report
        if report is None:
            return
        table: DataTable[str | Text] = self.query_one("#stats-responses", DataTable)
        rows = list(report.by_company if self.by_company else report.by_stage)
        if self.sort == "name" and self.by_company:
            rows.sort(key=lambda r: r.name.casefold())
        elif self.sort == "rate":
            rows.sort(key=lambda r: (-(r.round_rate or 0.0), -r.rounds, r.name.casefold()))
        self._rows = rows
        self._cursor_wanted = max(table.cursor_row, 0)
        table.clear()
        self._fitted = name_width, figures = self._fitting_columns()
        first, *others = table.columns.values()
        first.label = Text("Company" if self.by_company else "Stage")
        first.width = name_width
        for column, (label, width) in zip(others, figures, strict=True):
            column.label = Text(label)
            column.width = width
        sort = "by rate" if self.sort == "rate" else (
            "by name" if self.by_company else "by stage")
        table.border_title = f"Replies by {'company' if self.by_company else 'stage'}"
        table.border_subtitle = f"{len(rows)} · {sort}"
        # A screenful now, the rest a chunk a frame: 3,400 companies took a
        # DataTable 0.35 s to take in at once, and the first frame waited.
        self._fill_token += 1
        self._fill(self._fill_token, 0)

    def _fitting_columns(self) -> tuple[int, tuple[tuple[str, int], ...]]:
        """The name's width and the figures' headings: the name gives way first,
        then the headings take their short forms, so that every figure keeps
        its column on 80 cells."""
        table = self.query_one("#stats-responses", DataTable)
        # Before its first layout: its share of the screen (3/5, or all of it
        # stacked), so that the first frame is not filled twice. Less 2 for the
        # vertical scrollbar.
        width = (table.size.width or (self.size.width if self.has_class("-narrow")
                                      else self.size.width * 3 // 5)) - 2
        figures = COLUMNS if width - figures_width(COLUMNS) >= NAME_ROOM else SHORT_COLUMNS
        return max(10, min(24, width - figures_width(figures))), figures

    def _fill(self, token: int, start: int) -> None:
        if token != self._fill_token:
            return  # a newer sort or read replaced the rows
        table: DataTable[str | Text] = self.query_one("#stats-responses", DataTable)
        # First as many rows as the screen has lines: the table shows fewer.
        end = start + (max(self.size.height, 24) if start == 0 else ROWS_A_FRAME)
        # Text, not str: a DataTable reads a str as markup, and names are the user's.
        # The figures too: a str cell is parsed as markup, row after row.
        def figure(text: str) -> Text:
            return Text(text, justify="right")

        table.add_rows(
            (Text(r.name, no_wrap=True, overflow="ellipsis"), figure(str(r.rounds)),
             figure(percent(r.round_rate)), figure(str(r.follow_ups)),
             figure(percent(r.follow_up_rate)), figure(_days(r.median_days)))
            for r in self._rows[start:end])
        wanted = self._cursor_wanted
        if wanted is not None and (wanted < table.row_count or end >= len(self._rows)):
            if table.row_count:
                table.move_cursor(row=min(wanted, table.row_count - 1), animate=False)
            self._cursor_wanted = None
        if end < len(self._rows):
            # On a timer, not after the next refresh: the first `g` holds the
            # screen's updates until its switch ends, and refreshes queued
            # meanwhile ran every chunk before the first frame (1.7 s, not 0.6,
            # at 5,000 applications on a busy machine).
            self.set_timer(FIRST_FILL_DELAY if start == 0 else FILL_GAP,
                           lambda: self._fill(token, end))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        # The bars and the name column follow the panels' widths.
        self.call_after_refresh(self._show_funnel)
        self.call_after_refresh(self._fit_table)

    def _fit_table(self) -> None:
        if self.report is not None and self._fitting_columns() != self._fitted:
            self._show_table()

    # -- keys ---------------------------------------------------------------------

    def action_period(self) -> None:
        self.period_key = next_period(self.period_key)
        # Read ahead, it is drawn with this key's frame; else a word until it lands.
        self.sub_title = f"{period(self.period_key, clock.today()).label} · reading…"
        self.load()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show_table()

    def action_group(self) -> None:
        self.by_company = not self.by_company
        self._show_table()

    def action_open_board(self) -> None:
        focused = self.focused
        report = self.report
        if report is None:
            return
        if focused is self.query_one("#stats-funnel", OptionList):
            index = self.query_one("#stats-funnel", OptionList).highlighted
            if index is not None and index < len(report.funnel):
                stage_id = report.funnel[index].stage_id
                if stage_id is not None:
                    host(self).show_board(stage_id=stage_id)
            return
        table = self.query_one("#stats-responses", DataTable)
        if focused is table and 0 <= table.cursor_row < len(self._rows):
            row = self._rows[table.cursor_row]
            if row.stage_id is not None:
                host(self).show_board(stage_id=row.stage_id)
            else:
                host(self).show_board(company=row.name)

    @on(DataTable.RowSelected, "#stats-responses")
    @on(OptionList.OptionSelected, "#stats-funnel")
    def _selected(self) -> None:
        # A click on the highlighted row or option, as enter.
        self.action_open_board()

    @on(DataTable.HeaderSelected, "#stats-responses")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        # A click on a heading sorts by it: the first by name, the others by rate.
        self.sort = "name" if event.column_index == 0 else "rate"
        self._show_table()
