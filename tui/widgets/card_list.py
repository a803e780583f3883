"""A stage column's cards: a virtual list drawn with Textual's line API.

Only the rows on screen are ever rendered, so a column of 5,000 cards costs
what a column of 10 does: no widget per card, and no prompt objects built
up front (an OptionList of 5,000 prompts takes about 0.6 s to fill).
Each card is three lines (company, role, next action) and a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storage.rules.board_cards import tiny_label
from storage.rules.cadence import format_day
from storage.rules.records import Card
from tui.compat.scroll_in_place import set_virtual_size_in_place

CARD_HEIGHT = 4
"""Three lines of card and one of gap."""


def fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class CardList(ScrollView, can_focus=False):
    """The cards of one column, with a cursor.

    Not focusable: the board keeps the focus and makes one list active. In
    Textual 8 every focus change repaints the whole screen (the screen's
    ``focused`` reactive), which made moving between columns cost 50 ms
    instead of 10. Being active is a flag, not a CSS class: a class change
    works out the styles of the list's subtree again (8 ms a list, twice in
    every card move); the active cursor's colours are a component class of
    their own instead.
    """

    DEFAULT_CSS = """
    CardList {
        height: 1fr;
        background: $surface;
        /* The list draws its own one-cell scroll mark (see _mark): Textual's
           scrollbars were half of every switch to the board (32 -> 16 ms). */
        scrollbar-size-vertical: 0;
        overflow-x: hidden;
    }
    CardList > .card-list--card { background: $surface-lighten-1; }
    CardList > .card-list--cursor { background: $block-cursor-blurred-background; }
    CardList > .card-list--cursor-active {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    CardList > .card-list--company { text-style: bold; }
    CardList > .card-list--role { color: $text-muted; }
    CardList > .card-list--upcoming { color: $text-muted; }
    CardList > .card-list--due { color: $warning; text-style: bold; }
    CardList > .card-list--overdue { color: $error; text-style: bold; }
    CardList > .card-list--empty { color: $text-disabled; }
    CardList > .card-list--mark { color: $scrollbar; background: $scrollbar-background; }
    CardList > .card-list--mark-thumb {
        color: $scrollbar-hover;
        background: $scrollbar-background;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-list--card", "card-list--cursor", "card-list--cursor-active",
        "card-list--company", "card-list--role",
        "card-list--upcoming", "card-list--due", "card-list--overdue", "card-list--empty",
        "card-list--mark", "card-list--mark-thumb",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted card among the visible (filtered) cards."""

    @dataclass
    class Highlighted(Message):
        card_list: CardList
        card: Card | None

        @property
        def control(self) -> CardList:
            return self.card_list

    @dataclass
    class Clicked(Message):
        """A click made this column the active one."""

        card_list: CardList

        @property
        def control(self) -> CardList:
            return self.card_list

    @dataclass
    class Selected(Message):
        card_list: CardList
        card: Card

        @property
        def control(self) -> CardList:
            return self.card_list

    def __init__(self, *, stage_id: int, cards: Sequence[Card] = (), name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.stage_id = stage_id
        # Cards given here are drawn in the first frame (on_resize sizes the list).
        self._all: list[Card] = list(cards)
        self._cards: list[Card] = self._all
        self._filter: Callable[[Card], bool] | None = None
        self.empty_text = "No cards"
        self._paints: dict[tuple[str, bool, bool, bool], Style] = {}
        self._active = False
        self._blanks: dict[int, Strip] = {}

    # -- data ---------------------------------------------------------------

    @property
    def cards(self) -> Sequence[Card]:
        """The cards shown (after the filter)."""
        return self._cards

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def highlighted(self) -> Card | None:
        if 0 <= self.cursor < len(self._cards):
            return self._cards[self.cursor]
        return None

    def set_cards(self, cards: Sequence[Card], *, keep: int | None = None) -> None:
        """Replace the cards; the highlighted card (or ``keep``) stays highlighted."""
        keep_id = keep if keep is not None else (
            self.highlighted.id if self.highlighted else None)
        self._all = list(cards)
        self._apply_filter(keep_id)

    def update_cards(self, remove: set[int], add: Sequence[Card] = ()) -> bool:
        """Drop the cards in ``remove`` and insert ``add`` in position order.

        Returns whether anything changed. The highlighted card stays highlighted.
        """
        kept = [c for c in self._all if c.id not in remove]
        if len(kept) == len(self._all) and not add:
            return False
        for card in add:
            key = (card.position, card.id)
            at = next((i for i, c in enumerate(kept) if (c.position, c.id) > key), len(kept))
            kept.insert(at, card)
        self.set_cards(kept)
        return True

    def set_filter(self, predicate: Callable[[Card], bool] | None) -> None:
        self._filter = predicate
        self._apply_filter(self.highlighted.id if self.highlighted else None)

    def _apply_filter(self, keep_id: int | None) -> None:
        self._cards = self._all if self._filter is None else [
            c for c in self._all if self._filter(c)]
        self._set_virtual_height(max(len(self._cards) * CARD_HEIGHT, 1))
        index = self.index_of(keep_id) if keep_id is not None else None
        old = self.cursor
        self.cursor = index if index is not None else min(old, max(len(self._cards) - 1, 0))
        self._clamp()
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area without a layout of the screen.

        ``virtual_size`` is a layout reactive: every card moved in or out would
        reflow the whole screen (a third of a card move's time). The scroll
        bounds are updated in place, as Textual's own resize path does
        (tui.compat.scroll_in_place).
        """
        new = Size(self.size.width, height)
        if new == self.virtual_size:
            return
        # No scrollbar takes width (the list draws its own mark), so a new
        # height never moves anything else: in place, always.
        set_virtual_size_in_place(self, new)
        self.refresh()

    def index_of(self, app_id: int) -> int | None:
        for i, card in enumerate(self._cards):
            if card.id == app_id:
                return i
        return None

    def select_id(self, app_id: int) -> bool:
        index = self.index_of(app_id)
        if index is None:
            return False
        self.cursor = index
        return True

    # -- cursor -------------------------------------------------------------

    def _clamp(self) -> None:
        if self.cursor >= len(self._cards):
            self.cursor = max(len(self._cards) - 1, 0)

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._cards:
            self.post_message(self.Highlighted(self, None))
            return
        self.refresh(self._card_region(old), self._card_region(new))
        self.scroll_to_region(self._card_region(new, virtual=True), animate=False,
                              immediate=True)
        self.post_message(self.Highlighted(self, self.highlighted))

    def _card_region(self, index: int, virtual: bool = False) -> Region:
        top = index * CARD_HEIGHT - (0 if virtual else self.scroll_offset.y)
        return Region(0, top, self.size.width, CARD_HEIGHT - 1)

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_cursor_down(self) -> None:
        if self.cursor < len(self._cards) - 1:
            self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(len(self._cards) - 1, 0)

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - max(self.size.height // CARD_HEIGHT, 1), 0)

    def action_page_down(self) -> None:
        step = max(self.size.height // CARD_HEIGHT, 1)
        self.cursor = min(self.cursor + step, max(len(self._cards) - 1, 0))

    def action_select(self) -> None:
        card = self.highlighted
        if card is not None:
            self.post_message(self.Selected(self, card))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // CARD_HEIGHT
        if not 0 <= index < len(self._cards):
            return
        event.stop()
        was_active = self.active
        self.post_message(self.Clicked(self))
        # A click selects; a second click (or a double click) on it opens it.
        if index == self.cursor and (event.chain > 1 or was_active):
            self.post_message(self.Selected(self, self._cards[index]))
        else:
            self.cursor = index

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, max(len(self._cards) * CARD_HEIGHT, 1))

    @property
    def active(self) -> bool:
        return self._active

    def set_active(self, active: bool) -> None:
        if active == self._active:
            return
        self._active = active
        self.refresh(self._card_region(self.cursor))
        if active:
            self.post_message(self.Highlighted(self, self.highlighted))

    # -- drawing ------------------------------------------------------------

    def _mark_rows(self) -> range | None:
        """The rows of the scroll mark's thumb, or None when every card fits.

        The list's own one-cell scrollbar, drawn with each line: Textual's
        scrollbar widgets cost as much to draw as the six columns of cards.
        """
        height, total = self.size.height, self.virtual_size.height
        if not height or total <= height:
            return None
        size = max(1, height * height // total)
        # The scroll's share of its range, on the thumb's: the last card puts
        # the thumb at the bottom.
        top = round(self.scroll_offset.y * (height - size) / (total - height))
        return range(top, top + size)

    def _mark(self, y: int, thumb: range) -> Segment:
        if y in thumb:
            return Segment("▐", self._style("card-list--mark-thumb"))
        return Segment("│", self._style("card-list--mark"))

    def render_line(self, y: int) -> Strip:
        thumb = self._mark_rows()
        if thumb is None:
            return self._line(y, self.size.width)
        width = self.size.width - 1
        return Strip([*self._line(y, width), self._mark(y, thumb)], width + 1)

    def _line(self, y: int, width: int) -> Strip:
        line = self.scroll_offset.y + y
        index, row = divmod(line, CARD_HEIGHT)
        if not self._cards:
            if line == 1:
                return self._text_strip(f" {self.empty_text}", width,
                                        self._style("card-list--empty"))
            return self._blank(width)
        if index >= len(self._cards) or row == CARD_HEIGHT - 1:
            return self._blank(width)
        card = self._cards[index]
        on_cursor = index == self.cursor
        if row == 0:
            marker = " ●" if card.overdue else ""
            name = fit(f" {card.company}", width - len(marker))
            segments = [Segment(name, self._paint("card-list--company", on_cursor))]
            if marker:
                segments.append(Segment(marker, self._paint("card-list--overdue", on_cursor,
                                                            marker=True)))
            return Strip(segments, width)
        if row == 1:
            return self._text_strip(f" {card.role}", width,
                                    self._paint("card-list--role", on_cursor))
        return self._text_strip(f" {self._next_text(card, width - 1)}", width,
                                self._paint(self._next_class(card), on_cursor))

    @staticmethod
    def _next_text(card: Card, room: int) -> str:
        """The next action in ``room`` cells: the date first (what a narrow
        column must not cut off), then as much of what is due as fits: "Mon 23
        Nov · Follow-up to Sam Ortiz", "Mon 23 Nov · Follow-up", "23 Nov
        Follow-up" (at 120 columns a card has 17 cells)."""
        if card.next_on is None:
            return card.outcome.capitalize() if card.outcome else "Nothing due"
        day = format_day(card.next_on)
        full = f"{day} · {card.next_label}"
        if cell_len(full) <= room:
            return full
        tiny = tiny_label(card.next_kind) or card.next_label or ""
        for text in (f"{day} · {tiny}", f"{card.next_on.day} {card.next_on:%b} {tiny}"):
            if cell_len(text) <= room:
                return text
        return f"{card.next_on.day} {card.next_on:%b} {tiny}"

    @staticmethod
    def _next_class(card: Card) -> str:
        if card.overdue:
            return "card-list--overdue"
        if card.next_status == "due":
            return "card-list--due"
        return "card-list--upcoming"

    def _paint(self, part: str, on_cursor: bool, *, marker: bool = False) -> Style:
        """The style of one part of a card, looked up once per style change.

        A frame draws every visible line of six columns; working the styles
        out again for each line was a fifth of the first board frame.
        """
        active = on_cursor and self._active
        key = (part, on_cursor, marker, active)
        style = self._paints.get(key)
        if style is None:
            card_style = self._style("card-list--cursor-active" if active else
                                     "card-list--cursor" if on_cursor else "card-list--card")
            # Each part keeps its own colour on the card's background; the
            # active cursor takes the cursor's colours, so its text stays
            # readable (the overdue marker keeps its colour everywhere).
            paint = card_style if active and not marker else Style(bgcolor=card_style.bgcolor)
            style = self._paints[key] = self._style(part) + paint
        return style

    def _blank(self, width: int) -> Strip:
        strip = self._blanks.get(width)
        if strip is None:
            strip = self._blanks[width] = Strip.blank(width, self.rich_style)
        return strip

    def notify_style_update(self) -> None:
        # A new theme: work the styles out again.
        self._paints.clear()
        self._blanks.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        # Full (not partial) styles: theme colours with alpha ($text-muted,
        # $boost) only resolve against a background.
        return self.get_component_rich_style(name)

    @staticmethod
    def _text_strip(text: str, width: int, style: Style) -> Strip:
        return Strip([Segment(fit(text, width), style)], width)

