"""The Afterview Textual app: opens the database in a worker, hosts the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from tui.messages import StoreReady
from tui.screens.pipeline import PipelineScreen

if TYPE_CHECKING:
    from storage.store import Store


class AfterviewApp(App[None]):
    """The app. ``db_target`` is a path, URL or None (the default database)."""

    TITLE = "Afterview"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit_ctrl", priority=True),
        Binding("question_mark", "help", "Keys", id="help"),
    ]

    def __init__(self, db_target: str | None = None) -> None:
        super().__init__()
        self.db_target = db_target
        self.store: Store | None = None
        #: Set when the database cannot be opened: the CLI prints it, exit 2.
        self.fatal_error: str | None = None

    def on_mount(self) -> None:
        self.push_screen(PipelineScreen())
        self.open_store()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_store(self) -> None:
        # SQLAlchemy and Alembic are imported here, off the first frame's path.
        from storage.engine import open_database
        from storage.errors import StorageError
        from storage.store import Store

        try:
            store = Store(open_database(self.db_target))
        except StorageError as exc:
            self.call_from_thread(self._open_failed, str(exc))
            return
        except Exception as exc:  # an unexpected failure still must not show a traceback
            self.call_from_thread(self._open_failed, f"cannot open the database: {exc}")
            return
        self.call_from_thread(self._store_opened, store)

    def _store_opened(self, store: Store) -> None:
        self.store = store
        self.screen.post_message(StoreReady())

    def _open_failed(self, message: str) -> None:
        self.fatal_error = message
        self.exit(return_code=2)

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.db.close()
