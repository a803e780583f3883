"""The board: one column per stage, a card per application.

Reads happen in thread workers that post messages; after a write only the
cards it touched are read back and moved between columns, so a key press
never waits for the whole board to reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from storage.rules import clock
from storage.rules.records import BoardData, Card, StageMove, StageRec
from tui.compat.mode_screen import ModeScreenCompat
from tui.data_watch import WatchesData
from tui.host import host
from tui.messages import DataChange, StoreReady
from tui.widgets.card_list import CardList, fit
from tui.widgets.footer import KeyFooter
from tui.write_path import Write, touched

if TYPE_CHECKING:
    from storage.db.store import Store
    from tui.modals.forms import ApplicationInput, CloseInput, ResponseInput, RoundInput


R = TypeVar("R")
#: A column's narrowest (app.tcss says the same): below six of these side by
#: side, columns take a fixed width (``#columns.-narrow``) and scroll.
COLUMN_MIN_WIDTH = 16


#: The keys that act on a card: not offered on an empty board.
CARD_ACTIONS = frozenset({"cards", "move", "reorder", "edit", "log_round", "log_response",
                          "write", "close_card"})


class StageColumn(Vertical):
    """A stage's header (name and count) above its cards."""

    def __init__(self, stage: StageRec, cards: Sequence[Card] = ()) -> None:
        super().__init__(id=f"stage-{stage.id}", classes="-closed" if stage.closed else "")
        self.stage = stage
        # Made here, not looked up: a key can reach a column that Textual has
        # put in the DOM and not yet composed (see BoardScreen._show).
        self.cards = CardList(stage_id=stage.id, cards=cards)
        self.header = Static(self._header_text(len(cards), len(cards),
                                               sum(c.overdue for c in cards)),
                             classes="column-header")

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.cards

    def _header_text(self, shown: int, total: int, overdue: int) -> Content:
        # Assembled, not markup: a stage name is the user's text ("[/x]" would crash).
        count = f"({shown}/{total})" if shown != total else f"({total})"
        late = f"  ● {overdue}" if overdue else ""
        # The numbers are what a narrow column must keep: the name gives way.
        room = self.size.width - 2 - len(count) - len(late) - 1  # padding, a space
        name = self.stage.name
        if self.size.width and cell_len(name) > room:
            name = fit(name, max(room, 1))
        parts: list[str | tuple[str, str]] = [(name, "bold"), " ", (count, "dim")]
        if late:
            parts.append((late, "$error"))
        return Content.assemble(*parts)

    def on_resize(self) -> None:
        self.update_header()
        if self.active:
            # Its first layout, or new widths (the board turned narrow): the
            # active column is where the keys act, so it is kept in view.
            self.scroll_visible(animate=False)

    def set_active(self, active: bool) -> None:
        """The active column: its header's colour and its cursor's. Classes only
        on the header, a leaf: on the column they restyle its whole subtree."""
        self.header.set_class(active, "-active")
        self.cards.set_active(active)

    @property
    def active(self) -> bool:
        return self.cards.active

    def update_header(self) -> None:
        cards = self.cards
        overdue = sum(1 for c in cards.cards if c.overdue)
        # One line, fixed height: no layout pass needed for new text.
        self.header.update(self._header_text(len(cards.cards), cards.total, overdue),
                           layout=False)


class BoardScreen(ModeScreenCompat, WatchesData, Screen[None]):
    """The kanban of applications by stage."""

    #: The board takes the keys itself (see CardList): nothing is focused at
    #: start ("" disables it; None would inherit the app's "*").
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cards('cursor_up')", "Up", show=False, id="board.up"),
        Binding("down,j", "cards('cursor_down')", "Down", show=False, id="board.down"),
        # Not g: g is Stats everywhere (PRODUCT.md); home and G stay.
        Binding("home", "cards('first')", "First", show=False, id="board.first"),
        Binding("end,G", "cards('last')", "Last", show=False, id="board.last"),
        Binding("pageup", "cards('page_up')", "Page up", show=False, id="board.page_up"),
        Binding("pagedown", "cards('page_down')", "Page down", show=False,
                id="board.page_down"),
        Binding("enter", "cards('select')", "Details", id="board.details"),
        Binding("left,h", "column(-1)", "Prev column", show=False, id="board.left"),
        Binding("right,l", "column(1)", "Next column", show=False, id="board.right"),
        Binding("shift+right", "move(1)", "Move →", id="board.move_right"),
        Binding("shift+left", "move(-1)", "Move ←", show=False, id="board.move_left"),
        Binding("shift+up", "reorder(-1)", "Up in column", show=False, id="board.reorder_up"),
        Binding("shift+down", "reorder(1)", "Down in column", show=False,
                id="board.reorder_down"),
        Binding("n", "new", "New", id="board.new"),
        Binding("e", "edit", "Edit", id="board.edit"),
        Binding("i", "log_round", "Round", id="board.round"),
        Binding("r", "log_response", "Response", id="board.response"),
        Binding("w", "write", "Write", id="board.write"),
        Binding("x", "close_card", "Close", id="board.close"),
        Binding("u", "undo", "Undo", id="board.undo"),
        Binding("slash", "filter", "Filter", id="board.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="board.clear_filter"),
    ]

    @dataclass
    class Loaded(Message):
        data: BoardData

    @dataclass
    class CardsChanged(Message):
        cards: list[Card]
        removed: list[int]
        select: int | None = None
        notice: str | None = None

    @dataclass
    class SearchReady(Message):
        text: dict[int, str]

    def __init__(self) -> None:
        super().__init__()
        self.stages: list[StageRec] = []
        self.undo_stack: list[StageMove] = []
        self._search: dict[int, str] | None = None
        self._pending_select: int | None = None
        #: A stage whose column to show once the columns are read (show_stage).
        self._pending_stage: int | None = None
        #: A filter to keep (as enter does) once the columns are read (show_filtered).
        self._pending_filter = False
        #: A board action asked for from elsewhere, run once the columns are read.
        self._pending_action: str | None = None
        self._column_index = 0
        self._ahead_timer: Timer | None = None
        #: The columns shown, swapped whole once new ones are mounted: empty
        #: while they are rebuilt, so a key then finds no card and does nothing.
        self._columns: list[StageColumn] = []

    def compose(self) -> ComposeResult:
        yield Header()
        # The board read straight from the file (AfterviewApp.first_board) is
        # composed with the screen, so the first frame drawn is the board.
        first = host(self).first_board()
        if first is None:
            yield Horizontal(id="columns")
            yield Static("Opening the database…", id="board-status")
        else:
            self.stages = first.stages
            self._columns = [StageColumn(stage, first.cards.get(stage.id, []))
                             for stage in first.stages]
            yield Horizontal(*self._columns, id="columns")
        yield KeyFooter()

    @property
    def store(self) -> Store | None:
        return host(self).store

    # -- loading --------------------------------------------------------------

    def on_mount(self) -> None:
        self.title = "Board"
        self._fit_columns()  # before the first layout: laid out once, at these widths
        if self.stages:
            self._focus_column(self._column_index)
        self.watch_data()
        if self.store is not None:
            self.load()

    def data_changed(self, change: DataChange) -> None:
        if change.origin is self:
            return  # its own write: the touched cards were read back with it
        if change.app_ids is None:
            self.load()
        elif change.app_ids:
            self._refresh_cards(sorted(change.app_ids))

    @work(thread=True, group="board-refresh", exit_on_error=False)
    def _refresh_cards(self, app_ids: list[int]) -> None:
        store = self.store
        if store is not None:
            self.post_message(self._cards_of(store, app_ids))

    @on(StoreReady)
    def _store_ready(self, message: StoreReady) -> None:
        if message.reload or not self.stages:
            self.load()

    @work(thread=True, exclusive=True, group="board-load", exit_on_error=False)
    def load(self) -> None:
        store = self.store
        if store is None:
            return
        try:
            self.post_message(self.Loaded(store.board(clock.today())))
        except Exception as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Could not load the board",
                                      severity="error")

    def reload(self) -> None:
        """Read the board again (after a change elsewhere, or a new day)."""
        self.load()

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        data = message.data
        container = self.query_one("#columns", Horizontal)
        if [s.id for s in data.stages] != [s.id for s in self.stages]:
            # Stages changed (first load, or edited in settings): rebuild the columns.
            self.stages = data.stages
            self._columns = []  # keys meanwhile do nothing (no card is selected)
            columns = [StageColumn(stage) for stage in data.stages]
            await container.remove_children()
            self._fit_columns()  # before they mount: laid out once, at these widths
            await container.mount_all(columns)
            self._columns = columns
        else:
            self.stages = data.stages
        for column in self.columns:
            column.cards.set_cards(data.cards.get(column.stage.id, []))
        self._apply_filter()  # and the headers' counts
        self.refresh_bindings()  # the card keys, hidden while the board is empty
        for status in self.query("#board-status"):
            status.display = False
        if self._pending_select is not None:
            self.select_application(self._pending_select)
            self._pending_select = None
        elif self._pending_stage is not None:
            self.show_stage(self._pending_stage)
        elif self._pending_filter:
            self._pending_filter = False
            self._filter_submitted()
        else:
            self._focus_column(self._column_index)
        if self._pending_action is not None:
            action, self._pending_action = self._pending_action, None
            self.call_later(self.run_action, action)

    def run_when_ready(self, action: str) -> None:
        """Run a board action asked for from elsewhere (the palette, Today's
        `n`): now, or once the columns are read, on the board's first showing,
        when the action would find no column and do nothing."""
        if self.columns:
            self.call_later(self.run_action, action)
        else:
            self._pending_action = action

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns share the width while each gets its minimum; narrower, they
        take a fixed width and the board scrolls sideways. (Left to ``1fr``,
        Textual gave the first column the whole width of an 80-column
        terminal, one column a screen.)"""
        needed = len(self.stages) * (COLUMN_MIN_WIDTH + 1)
        self.query_one("#columns").set_class(self.size.width < needed, "-narrow")

    @property
    def columns(self) -> list[StageColumn]:
        return self._columns

    def column_of(self, stage_id: int) -> StageColumn | None:
        for column in self.columns:
            if column.stage.id == stage_id:
                return column
        return None

    @property
    def current(self) -> StageColumn | None:
        """The active column (the board keeps the focus itself, see CardList)."""
        columns = self.columns
        if columns:
            return columns[min(self._column_index, len(columns) - 1)]
        return None

    @property
    def selected(self) -> Card | None:
        column = self.current
        return column.cards.highlighted if column is not None else None

    def select_application(self, app_id: int) -> bool:
        """Focus the card of ``app_id`` (e.g. from the command palette)."""
        for i, column in enumerate(self.columns):
            if column.cards.index_of(app_id) is None and self._search is not None:
                continue
            if column.cards.select_id(app_id):
                self._focus_column(i)
                return True
        if not self.columns:
            self._pending_select = app_id
        return False

    def _focus_column(self, index: int) -> None:
        """Make a column the active one; the keys go to the board, not to a widget."""
        columns = self.columns
        if not columns:
            return
        self._column_index = max(0, min(index, len(columns) - 1))
        for i, column in enumerate(columns):
            column.set_active(i == self._column_index)
        # Not laid out yet (just mounted), it scrolls itself into view when it
        # is (StageColumn.on_resize).
        columns[self._column_index].scroll_visible(animate=False)
        if self.focused is not None and not isinstance(self.focused, Input):
            self.set_focus(None)

    def action_cards(self, action: str) -> None:
        """Cursor keys and enter act on the active column."""
        column = self.current
        if column is not None:
            getattr(column.cards, f"action_{action}")()

    @on(CardList.Highlighted)
    def _highlighted(self, event: CardList.Highlighted) -> None:
        """Read the details of a card the user rests on (not of every card a
        held-down arrow passes): opening it is then one frame."""
        if not event.card_list.active:
            # Moving a card re-highlights the column it left, after the one
            # it joined: that must not cancel the read-ahead of the moved card.
            return
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        card = event.card
        if card is None:
            return
        self._ahead_timer = self.set_timer(
            0.1, lambda: host(self).prefetch_details(card.id))

    @on(CardList.Clicked)
    def _clicked(self, event: CardList.Clicked) -> None:
        for i, column in enumerate(self.columns):
            if column.cards is event.card_list:
                self._focus_column(i)

    # -- moving around --------------------------------------------------------

    def action_column(self, step: int) -> None:
        columns = self.columns
        if not columns:
            return
        current = self.current
        row = current.cards.cursor if current else 0
        index = (self._column_index + step) % len(columns)
        self._focus_column(index)
        # Keep the same row where the next column has one: scanning across.
        target = columns[index].cards
        target.cursor = min(row, max(len(target.cards) - 1, 0))

    # -- writes ---------------------------------------------------------------

    def run_write(self, describe: str, write: Callable[[Store], R],
                  read_back: Callable[[Store, R], CardsChanged],
                  app_ids: frozenset[int] | None) -> None:
        """Write through the app's write path; the cards it touched are read back
        on the same worker and redrawn here, the other screens are told."""
        host(self).write(Write(describe, write, app_ids, origin=self, read_back=read_back,
                               then=self._apply_cards))

    def _cards_of(self, store: Store, app_ids: list[int], *, select: int | None = None,
                  notice: str | None = None) -> CardsChanged:
        cards = store.cards(app_ids, clock.today())
        found = {c.id for c in cards}
        return self.CardsChanged(cards, [i for i in app_ids if i not in found], select, notice)

    @on(CardsChanged)
    def _cards_changed(self, message: CardsChanged) -> None:
        self._apply_cards(message)

    def _apply_cards(self, message: CardsChanged) -> None:
        """Put changed cards in their columns; only the touched columns redraw."""
        changed = {c.id for c in message.cards} | set(message.removed)
        for column in self.columns:
            arriving = [c for c in message.cards if c.stage_id == column.stage.id]
            if column.cards.update_cards(changed, arriving):
                column.update_header()
        self.refresh_bindings()  # the first card (or the last one gone): the card keys
        if message.select is not None:
            self.select_application(message.select)
        if message.notice:
            self.notify(message.notice)

    def action_move(self, step: int) -> None:
        card, column = self.selected, self.current
        if card is None or column is None:
            return
        index = self.stages.index(column.stage) + step
        if not 0 <= index < len(self.stages):
            return
        target = self.stages[index]

        def read_back(store: Store, move: StageMove | None) -> BoardScreen.CardsChanged:
            if move is not None:
                self.undo_stack.append(move)
            return self._cards_of(store, [card.id], select=card.id)

        self.run_write("move the card", lambda store: store.move_card(card.id, target.id),
                       read_back, touched(card.id))

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", severity="warning")
            return
        move = self.undo_stack.pop()

        def read_back(store: Store, _: object) -> BoardScreen.CardsChanged:
            return self._cards_of(store, [move.application_id],
                                  select=move.application_id, notice="Move undone")

        self.run_write("undo the move", lambda store: store.undo_move(move), read_back,
                       touched(move.application_id))

    def action_reorder(self, step: int) -> None:
        column = self.current
        if column is None or column.cards.highlighted is None:
            return
        if self._filter_text():
            self.notify("Clear the filter to reorder cards", severity="warning")
            return
        cards = column.cards
        index = cards.cursor + step
        if not 0 <= index < len(cards.cards):
            return
        first, second = cards.cards[cards.cursor], cards.cards[index]

        def read_back(store: Store, _: object) -> BoardScreen.CardsChanged:
            return self._cards_of(store, [first.id, second.id], select=first.id)

        self.run_write("reorder", lambda store: store.swap_positions(first.id, second.id),
                       read_back, touched(first.id, second.id))

    # -- forms ------------------------------------------------------------------

    def _write_card(self, describe: str, app_id: int, write: Callable[[Store], Any],
                    notice: str) -> None:
        """Write, then show the card again, selected, with a notice."""

        def read_back(store: Store, _: object) -> BoardScreen.CardsChanged:
            return self._cards_of(store, [app_id], select=app_id, notice=notice)

        self.run_write(describe, write, read_back, touched(app_id))

    def action_new(self) -> None:
        from tui.modals.forms import ApplicationForm  # deferred: not on the first frame's path

        column = self.current
        if column is None:
            return  # the columns are still being read or rebuilt
        stage_id = column.stage.id
        host(self).open_form(
            lambda store: store.companies(),
            lambda companies: ApplicationForm(self.stages, companies, stage_id=stage_id),
            self._create)

    def _create(self, result: ApplicationInput | None) -> None:
        if result is None:
            return

        def write(store: Store) -> int:  # one transaction, the first contact included
            return store.add_application(
                result.company, result.role, stage_id=result.stage_id,
                applied_on=result.applied_on, company_domain=result.company_domain,
                notes=result.notes,
                contacts=[result.main_contact] if result.main_contact is not None else []).id

        def read_back(store: Store, app_id: int) -> BoardScreen.CardsChanged:
            return self._cards_of(store, [app_id], select=app_id,
                                  notice=f"Added {result.company} · {result.role}")

        # A new application: its id is not known before, so "anything".
        self.run_write("add the application", write, read_back, None)

    def action_edit(self) -> None:
        from tui.modals.forms import ApplicationForm

        card = self.selected
        if card is None:
            return

        def done(result: ApplicationInput | None) -> None:
            if result is not None:
                self._write_card("save the application", card.id,
                                 lambda store: result.update(store, card.id), "Saved")

        host(self).open_form(
            lambda store: (store.companies(), store.application(card.id)),
            lambda data: ApplicationForm(self.stages, *data), done)

    def action_log_round(self) -> None:
        from tui.modals.forms import RoundForm

        card = self.selected
        if card is None:
            return

        def done(result: RoundInput | None) -> None:
            if result is not None:
                self._write_card("log the round", card.id,
                                 lambda store: result.save(store, card.id),
                                 "Round logged: thank-you notes are due within a day")

        host(self).open_form(
            lambda store: list(store.detail(card.id).contacts),
            lambda contacts: RoundForm(card.company, contacts), done)

    def action_log_response(self) -> None:
        from tui.modals.forms import ResponseForm

        card = self.selected
        if card is None:
            return

        def done(result: ResponseInput | None) -> None:
            if result is not None:
                self._write_card("log the response", card.id,
                                 lambda store: result.save(store, card.id), "Response logged")

        host(self).open_form(
            lambda store: list(store.detail(card.id).contacts),
            lambda contacts: ResponseForm(card.company, contacts), done)

    def action_write(self) -> None:
        card = self.selected
        if card is not None:
            host(self).open_composer(card.id)

    def action_close_card(self) -> None:
        from tui.modals.forms import CloseForm

        card = self.selected
        if card is None:
            return
        host(self).open_form(
            lambda store: store.settings().reconnect_months,
            lambda months: CloseForm(card.company, months),
            lambda result: self._close(card.id, result))

    def _close(self, app_id: int, result: CloseInput | None) -> None:
        if result is None:
            return

        def read_back(store: Store, move: StageMove | None) -> BoardScreen.CardsChanged:
            if move is not None:
                self.undo_stack.append(move)
            note = " · reminder set" if result.reconnect_on else ""
            return self._cards_of(store, [app_id], select=app_id,
                                  notice=f"Closed: {result.outcome}{note} (u undoes)")

        self.run_write("close the application", lambda store: store.close_card(
            app_id, result.outcome, reconnect_on=result.reconnect_on), read_back,
            touched(app_id))

    # -- details ----------------------------------------------------------------

    @on(CardList.Selected)
    def _open(self, event: CardList.Selected) -> None:
        host(self).show_details(event.card.id)

    # -- filter -----------------------------------------------------------------

    def _filter_box(self) -> Input | None:
        """The filter's input, once the first `/` has made it."""
        for box in self.query("#filter").results(Input):
            return box
        return None

    async def action_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            # Made on first use, not composed: an Input (hidden until `/`) cost
            # the first board frame its styles and mounting. Awaited, so the
            # keys typed right after `/` reach it.
            box = Input(placeholder="Filter: company, role or contact — enter keeps it, "
                        "escape clears", id="filter")
            await self.mount(box, before="#columns")
        box.display = True
        box.focus()
        if self._search is None:
            self._load_search()

    @work(thread=True, group="board-search", exit_on_error=False)
    def _load_search(self) -> None:
        store = self.store
        if store is not None:
            self.post_message(self.SearchReady(store.search_text()))

    @on(SearchReady)
    def _search_ready(self, message: SearchReady) -> None:
        self._search = message.text
        self._apply_filter()

    def _filter_text(self) -> str:
        box = self._filter_box()
        return box.value.strip().casefold() if box is not None and box.display else ""

    def _apply_filter(self) -> None:
        words = self._filter_text().split()
        search = self._search
        if not words:
            predicate = None
        elif search is None:
            # Contact names are still loading: company and role meanwhile.
            def predicate(card: Card) -> bool:
                hay = f"{card.company} {card.role}".casefold()
                return all(w in hay for w in words)
        else:
            def predicate(card: Card) -> bool:
                hay = search.get(card.id, "")
                return all(w in hay for w in words)
        for column in self.columns:
            column.cards.set_filter(predicate)
            column.update_header()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        for i, column in enumerate(self.columns):
            if column.cards.cards:
                column.cards.cursor = 0
                self.set_focus(None)  # the keys go back to the board
                self._focus_column(i)
                return
        self.notify("No card matches the filter", severity="warning")

    async def show_filtered(self, text: str) -> None:
        """The board filtered by ``text`` as if typed after `/` and kept with enter
        (Stats' enter on a company)."""
        await self.action_filter()
        box = self._filter_box()
        if box is not None:
            box.value = text
            self._apply_filter()
            # After the input's focus (queued by `/`'s action), as enter would.
            self.app.call_later(self._keep_filter)

    def _keep_filter(self) -> None:
        if self.columns:
            self._filter_submitted()
        else:  # the board's first read is on its way
            self._pending_filter = True

    def show_stage(self, stage_id: int) -> None:
        """No filter, and the column of ``stage_id`` active (Stats' enter on a stage)."""
        self.action_clear_filter()
        self._pending_stage = None if self.columns else stage_id
        for i, column in enumerate(self.columns):
            if column.stage.id == stage_id:
                self._focus_column(i)
                return

    def action_clear_filter(self) -> None:
        box = self._filter_box()
        if box is None or not box.display:
            return
        box.value = ""
        box.display = False
        self._apply_filter()
        self.set_focus(None)
        self._focus_column(self._column_index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CARD_ACTIONS and not any(c.cards.total for c in self.columns):
            # An empty board: these keys would do nothing, and in their place a
            # narrow footer has room for `n New`, the one key that does.
            return False
        if action == "clear_filter":
            box = self._filter_box()
            return box is not None and box.display
        # Typing in the filter: arrows and letters are the input's.
        return not (isinstance(self.focused, Input) and action in ("cards", "column"))
