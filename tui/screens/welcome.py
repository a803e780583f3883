"""The first run: a short welcome on an empty database.

Asks who you are, which days you work and where (the holidays of a country,
through the ``holidays`` package), offers to import an ``afterview/1``
file, and shows the three keys that matter. Answered (`ctrl+s`) or skipped
(`escape`), it stores ``welcomed`` and is never shown again; everything it
asks is also on the Settings screen (`,`).
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from storage.errors import ValidationError
from storage.paths import expand_user
from storage.rules.settings import Settings, format_weekdays, parse_weekdays
from tui.host import host
from tui.modals.close_once import CloseOnce
from tui.widgets.footer import KeyFooter
from tui.write_path import Write

KEYS = Content.assemble(
    ("The three keys that matter", "bold"), " (on the board, b):\n",
    ("  n ", "bold $accent"), "a new application\n",
    ("  i ", "bold $accent"), "log an interview round\n",
    ("  w ", "bold $accent"), "write the next note (thank-you, follow-up)\n",
    ("Today (", ""), ("t", "bold $accent"), ") lists what is due; ",
    (",", "bold $accent"), " changes any of this later; ", ("?", "bold $accent"),
    " lists every key.")


class WelcomeProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class WelcomeScreen(CloseOnce, ModalScreen[None]):
    """Name, email, workdays, a holiday country, an optional import; then Today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", priority=True, id="welcome.start"),
        Binding("escape", "skip", "Skip", id="welcome.skip"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"):
            yield Static(Content.styled("Welcome to Afterview", "bold"), id="welcome-title")
            yield Static("For the weeks after an interview: what to send, and when. "
                         "A few answers to start (all optional, all changeable later).",
                         id="welcome-intro")
            with Horizontal(classes="settings-field"):
                yield Label("Your name (signs your notes)")
                yield Input(id="welcome-name", placeholder="Alex Rivera", compact=True)
            yield Static("", id="welcome-name-error", classes="field-error")
            with Horizontal(classes="settings-field"):
                yield Label("Your email")
                yield Input(id="welcome-email", placeholder="alex@example.com", compact=True)
            yield Static("", id="welcome-email-error", classes="field-error")
            with Horizontal(classes="settings-field"):
                yield Label("Workdays (follow-ups count them)")
                yield Input(format_weekdays(Settings().workdays), id="welcome-workdays",
                            compact=True)
            yield Static("", id="welcome-workdays-error", classes="field-error")
            with Horizontal(classes="settings-field"):
                yield Label("Holiday country (optional: US, DE-BY)")
                yield Input(id="welcome-country", placeholder="US", compact=True)
            yield Static("", id="welcome-country-error", classes="field-error")
            with Horizontal(classes="settings-field"):
                yield Label("Import an afterview/1 file, or leave empty to start empty")
                yield Input(id="welcome-import", placeholder="path/to/export.json",
                            compact=True)
            yield Static("", id="welcome-import-error", classes="field-error")
            yield Static(KEYS, id="welcome-keys")
            with Horizontal(id="welcome-buttons"):
                yield Button("Start", variant="primary", id="welcome-start")
                yield Button("Skip", id="welcome-skip")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#welcome-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#welcome-start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#welcome-skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    def _value(self, name: str) -> str:
        return self.query_one(f"#welcome-{name}", Input).value.strip()

    def collect(self) -> tuple[dict[str, Any], Any]:
        """(settings, the import document or None); raises WelcomeProblem."""
        changes: dict[str, Any] = {"your_name": self._value("name"),
                                   "your_email": self._value("email"), "welcomed": True}
        try:
            changes["workdays"] = parse_weekdays(self._value("workdays"))
        except ValidationError as exc:
            raise WelcomeProblem("workdays", str(exc).split(": ", 1)[-1]) from None
        for key, field in (("your_name", "name"), ("your_email", "email")):
            try:
                Settings.from_mapping({key: changes[key]})
            except ValidationError as exc:
                raise WelcomeProblem(field, str(exc).split(": ", 1)[-1]) from None
        country = self._value("country")
        if country and not re.fullmatch(r"[A-Za-z]{2,3}(-\w+)?", country):
            raise WelcomeProblem("country", "a country code such as US, DE or US-CA")
        changes["_country"] = country
        document = None
        path = self._value("import")
        if path:
            try:
                source = expand_user(path)
            except ValueError as exc:
                raise WelcomeProblem("import", str(exc)) from None
            try:
                document = json.loads(source.read_text(encoding="utf-8"))
            except OSError as exc:
                raise WelcomeProblem("import", f"cannot read it: {exc.strerror}") from None
            except (UnicodeDecodeError, ValueError, RecursionError):
                # RecursionError: nesting too deep for the JSON parser.
                raise WelcomeProblem("import", "not an afterview/1 JSON file") from None
        return changes, document

    #: A start or a skip is being written: the keys after it wait for its
    #: answer (a second ctrl+s would import the file again, and the welcome
    #: closed twice failed the write's worker; found by random keys).
    _answering = False

    def action_start(self) -> None:
        if self._answering:
            return
        for error in self.query(".field-error"):
            error.update("")  # type: ignore[attr-defined]
        try:
            changes, document = self.collect()
        except WelcomeProblem as problem:
            self.query_one(f"#welcome-{problem.field}-error", Static).update(
                Content(str(problem)))
            self.query_one(f"#welcome-{problem.field}", Input).focus()
            return

        country = changes.pop("_country")
        self._answering = True

        def run(store: Any) -> None:
            if country:
                # Here, on the worker: the holidays package takes ~80 ms to import.
                from storage.rules import clock
                from storage.rules.settings import country_holidays

                year = clock.today().year
                changes["holidays"] = [d.isoformat() for d in
                                       country_holidays(country, (year, year + 1))]
            if document is not None:
                # All or nothing, before the answers: a refused file saves nothing.
                from storage.interchange.afterview_json import import_document

                import_document(store.db, document)
            store.update_settings(**changes)

        def failed(message: str) -> None:
            self._answering = False
            field = ("country" if message.startswith("holiday country")
                     else "import" if document is not None else "name")
            self.query_one(f"#welcome-{field}-error", Static).update(Content(message))

        host(self).write(Write("save your answers", run, None, done="Welcome aboard",
                               then=lambda _: self.dismiss(None), failed=failed,
                               notify_failure=False))

    def action_skip(self) -> None:
        if self._answering:
            return
        self._answering = True
        host(self).write(Write("skip the welcome",
                               lambda store: store.update_settings(welcomed=True), frozenset(),
                               then=lambda _: self.dismiss(None), failed=self._not_answered,
                               announce=False))

    def _not_answered(self, _message: str) -> None:
        self._answering = False
