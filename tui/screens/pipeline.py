"""The pipeline list: every application grouped by stage.

The first screen until the board lands. It reads in a thread worker and
renders one virtual OptionList (no widget per application).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import StoreReady

if TYPE_CHECKING:
    from storage.records import ApplicationRec, StageRec


class PipelineScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="pipeline.reload"),
    ]

    @dataclass
    class Loaded(Message):
        stages: list[StageRec]
        applications: list[ApplicationRec]

    @dataclass
    class LoadFailed(Message):
        error: str

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the database…", id="status")
        yield OptionList(id="pipeline")
        yield Footer()

    @on(StoreReady)
    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="db", exit_on_error=False)
    def load(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        if store is None:
            return
        try:
            self.post_message(self.Loaded(store.stages(), store.applications()))
        except Exception as exc:
            self.post_message(self.LoadFailed(str(exc)))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        by_stage: dict[int, list[ApplicationRec]] = {s.id: [] for s in message.stages}
        for app in message.applications:
            by_stage.setdefault(app.stage_id, []).append(app)
        options: list[Option | None] = []
        for stage in message.stages:
            apps = by_stage.get(stage.id, [])
            options.append(Option(Content.from_markup(
                "[b]$name[/b] [dim]($count)[/dim]", name=stage.name, count=len(apps)),
                disabled=True))
            options.extend(
                Option(Content.from_markup("  $company [dim]·[/dim] $role",
                                           company=a.company, role=a.role), id=f"app-{a.id}")
                for a in apps
            )
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        total = len(message.applications)
        self.query_one("#status", Static).update(
            f"{total} application{'s' if total != 1 else ''} in {len(message.stages)} stages")
        option_list.focus()

    @on(LoadFailed)
    def show_error(self, message: LoadFailed) -> None:
        self.query_one("#status", Static).update(f"Could not load: {message.error}")
        self.notify(message.error, title="Could not load", severity="error")
