"""Stats' charts, drawn with Textual's own means: bars of block characters in
``Content`` styled with the theme's variables, so every theme colours them.

(textual-plotext 1.0.1, its last release in 2024, pins plotext below 6 and
was never released for Textual 8; a funnel and four weekly series need no
plotting library.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from storage.rules.stats import FunnelStep, Week, percent

#: Eighths of a cell, for the end of a horizontal bar.
_EIGHTHS = " ▏▎▍▌▋▊▉"
#: A week's height in a one-line column chart, 0 to 8.
_LEVELS = " ▁▂▃▄▅▆▇█"


def hbar(value: int, most: int, width: int) -> str:
    """A bar ``width`` cells long at ``most``, in eighths of a cell."""
    if most <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def funnel_prompt(step: FunnelStep, *, name_width: int, bar_width: int, most: int,
                  first: bool) -> Content:
    """One funnel line: the stage, its bar, how many reached it, their share and the
    conversion from the step before (``→ 67%``)."""
    name = step.name if len(step.name) <= name_width else step.name[:name_width - 1] + "…"
    bar = hbar(step.reached, most, bar_width)
    parts: list[str | tuple[str, str]] = [
        (f"{name:<{name_width}} ", "bold" if step.stage_id is None else ""),
        (bar, "$success" if step.stage_id is None else "$primary"),
        " " * (bar_width - len(bar) + 1),
        (f"{step.reached:>5}", "bold"), f" {percent(step.share):>4}"]
    if not first:
        parts.append((f" → {percent(step.conversion):>4}", "$text-muted"))
    return Content.assemble(*parts)


#: (series, label, style): what the weekly chart shows, one line each.
SERIES: tuple[tuple[str, str, str], ...] = (
    ("added", "Added", "$primary"),
    ("interviews", "Rounds", "$accent"),
    ("notes", "Notes", "$success"),
    ("replies", "Replies", "$warning"),
)


def week_values(weeks: Sequence[Week], series: str) -> list[int]:
    if series == "added":
        return [w.added for w in weeks]
    if series == "interviews":
        return [w.interviews for w in weeks]
    if series == "notes":
        return [w.notes for w in weeks]
    return [w.replies for w in weeks]


def columns(values: Sequence[int], most: int, cells: int = 1) -> str:
    """``cells`` cells a week (and a gap), from blank (none) to a full block (``most``)."""
    out = []
    for value in values:
        level = 0 if value <= 0 or most <= 0 else max(1, round(value / most * 8))
        out.append(_LEVELS[level] * cells + (" " if cells > 1 else ""))
    return "".join(out)


class WeeklyActivity(Widget, can_focus=False):
    """Added, rounds, notes and replies per week: a line each, the latest week at
    the right, as many weeks as the width holds (fewer on a small terminal), the
    period's total at the end. Each series is scaled to its own busiest week."""

    LABEL: ClassVar[int] = 8

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks: tuple[Week, ...] = ()

    def show(self, weeks: Sequence[Week]) -> None:
        self.weeks = tuple(weeks)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(SERIES) + 1

    def render(self) -> Content:
        width = self.size.width
        totals = {series: sum(week_values(self.weeks, series)) for series, _, _ in SERIES}
        total_width = max(len(str(n)) for n in totals.values()) + 1 if totals else 2
        room = max(width - self.LABEL - total_width - 1, 1)
        shown = self.weeks[-room:]
        # Wider weeks when few fill the room: up to 3 cells and a gap each.
        cells = max(1, min(3, room // max(len(shown), 1) - 1))
        lines: list[Content] = []
        for series, label, style in SERIES:
            values = week_values(shown, series)
            most = max(values, default=0)
            drawn = columns(values, most, cells)
            lines.append(Content.assemble(
                (f"{label:<{self.LABEL}}", "$text-muted"), (drawn, style),
                " " * max(room - len(drawn) + 1, 1),
                (f"{totals[series]:>{total_width}}", "bold")))
        if shown:
            first = f"{shown[0].start.day} {shown[0].start:%b}"
            span = f"{len(shown)} week{'s' * (len(shown) != 1)} from {first}"
        else:
            span = "no weeks yet"
        lines.append(Content.styled(" " * self.LABEL + span, "$text-muted"))
        return Content("\n").join(lines)
