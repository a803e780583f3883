"""Settings (`,`): who you are, the stages, the calendar, the cadence, the look, the keys.

A mode like Today, the board and the calendar, not a pushed screen: `,` is a
global key beside `t`, `b` and `c`, the footer keeps those keys, and leaving
with `t` and coming back finds the screen as it was left.

The fields are saved together with `ctrl+s` (or `enter` in a field) as one
``Store.update_settings`` call: one transaction that also recomputes what is
due when a cadence number, a workday or a holiday changed. Every field is
checked first with the same validation as ``afterview config`` and the
interchange (:class:`storage.rules.settings.Settings`); an error is shown
under its field and nothing is saved. Stages are records, not settings: each
stage change (rename, add, move, role, delete) is its own write, at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from storage.rules import clock
from storage.rules.dates import DateParseError, parse_date
from storage.rules.records import STAGE_ROLES, StageRec
from storage.rules.settings import (
    CADENCE_MEANINGS,
    WEEKDAY_NAMES,
    Settings,
    format_weekdays,
    parse_weekdays,
)
from tui.compat.mode_screen import ModeScreenCompat
from tui.data_watch import WatchesData
from tui.host import host
from tui.messages import DataChange, StoreReady
from tui.modals.after_keys import AfterKeys
from tui.modals.choice import ChoiceScreen
from tui.widgets.footer import KeyFooter
from tui.write_path import Write

#: The settings typed in an Input, in screen order.
TEXT_FIELDS = ("your_name", "your_email", "send_command", "workdays", "holidays",
               *CADENCE_MEANINGS)
LABELS = {
    "your_name": "Your name (signs your notes)",
    "your_email": "Your email (tells your sent mail from replies)",
    "send_command": "Send command: your mail tool, for ctrl+g (e.g. msmtp -t)",
    "workdays": "Workdays (e.g. Mon-Fri, or Mon Tue Thu)",
    "holidays": "Holidays: dates separated by commas (2026-12-25, jan 1)",
}


class FieldProblem(Exception):
    """A field's value is refused: shown under that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


#: Modules whose screens, forms and widgets have keys: imported (if not yet) when
#: Settings opens, so that the keymap lists every binding, not only those of
#: screens opened so far.
KEYED_MODULES = ("tui.screens.today", "tui.screens.board", "tui.screens.calendar",
                 "tui.screens.details", "tui.composer.screen", "tui.modals.forms",
                 "tui.modals.note_forms", "tui.screens.stats")


def binding_rows(app: Any) -> list[tuple[str, str, str, str]]:
    """(binding id, default keys, description, owner class) of every binding
    with an id: the app's first, then those of every screen, form and widget of
    Afterview, by module. What the keymap can remap."""
    import importlib

    from textual.dom import DOMNode

    for module in KEYED_MODULES:
        importlib.import_module(module)

    def subclasses(cls: type) -> list[type]:
        out = []
        for sub in cls.__subclasses__():
            out += [sub, *subclasses(sub)]
        return out

    ours = sorted({c for c in subclasses(DOMNode) if c.__module__.startswith("tui.")},
                  key=lambda c: (c.__module__, c.__qualname__))
    seen: dict[str, tuple[str, str, str, str]] = {}
    for owner in (type(app), *ours):
        # The class's own list: an inherited binding is listed under its owner.
        for binding in vars(owner).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id and binding.id not in seen:
                seen[binding.id] = (binding.id, binding.key,
                                    binding.description or binding.action,
                                    f"{owner.__module__}.{owner.__qualname__}")
    return list(seen.values())


def text_value(field: str, settings: Settings) -> str:
    """How ``field`` reads in its Input."""
    if field == "workdays":
        return format_weekdays(settings.workdays)
    if field == "holidays":
        return ", ".join(d.isoformat() for d in settings.holidays)
    return str(getattr(settings, field))


def parse_field(field: str, text: str, today: date) -> Any:
    """An Input's text as the setting's JSON value (checked by Settings after)."""
    text = text.strip()
    if field == "workdays":
        return parse_weekdays(text)
    if field == "holidays":
        out = []
        for piece in (p.strip() for p in text.split(",")):
            if not piece:
                continue
            try:
                out.append(parse_date(piece, today).isoformat())
            except DateParseError:
                raise FieldProblem(field, f"{piece!r} is not a date (e.g. 2026-12-25, dec 25)"
                                   ) from None
        return out
    if field in CADENCE_MEANINGS:
        if not re.fullmatch(r"\d{1,6}", text):
            raise FieldProblem(field, "a whole number")
        return int(text)
    return text


#: What each stage role means, as the role picker shows it.
ROLE_MEANINGS = {
    "open": "still in play: thank-yous and follow-ups come due",
    "offer": "an offer is on the table: the decision itself, no follow-ups",
    "closed": "finished: nothing comes due; the card takes an outcome",
}


def keymap_clashes(rows: list[tuple[str, str, str, str]], keymap: dict[str, str]
                   ) -> list[str]:
    """Keys that two bindings would share where both are live: in the same
    screen or widget, or one of them the app's own (heard everywhere).
    ``rows`` are (binding id, default keys, description, owner); ``keymap``
    the remapped keys by binding id. One sentence per clash."""
    keys_of = {binding_id: [k.strip() for k in keymap.get(binding_id, default).split(",")
                            if k.strip()]
               for binding_id, default, _, _ in rows}
    owner_of = {binding_id: owner for binding_id, _, _, owner in rows}
    app_owner = rows[0][3] if rows else ""
    clashes = []
    for changed in keymap:
        for key in keys_of.get(changed, []):
            for other, other_keys in keys_of.items():
                if other == changed or key not in other_keys:
                    continue
                shared = app_owner in (owner_of[changed], owner_of[other])
                if shared or owner_of[changed] == owner_of[other]:
                    clashes.append(f"{key} is already {other}'s key: change that one too, "
                                   "or pick another")
    return sorted(set(clashes))


class StageList(OptionList):
    """The stages in board order; its keys (in the footer while it has focus)
    act on the highlighted stage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up", "act('up')", "Move up", id="settings.stage_up"),
        Binding("shift+down", "act('down')", "Move down", id="settings.stage_down"),
        Binding("r", "act('role')", "Role…", id="settings.stage_role"),
        Binding("delete", "act('delete')", "Delete stage", id="settings.stage_delete"),
    ]

    @dataclass
    class Act(Message):
        what: str

    def action_act(self, what: str) -> None:
        self.post_message(self.Act(what))


class WordList(OptionList):
    """Your words; delete (in the footer while it has focus) removes one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,d", "remove", "Remove word", id="settings.word_remove"),
    ]

    @dataclass
    class Remove(Message):
        word: str

    def action_remove(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id:
            self.post_message(self.Remove(option.id))


class FieldGrid(Grid):
    """Labels and their fields, two columns: one container for a block of
    fields, not one row container each (Settings' first open mounts and
    styles every widget it has, so fewer is faster)."""


class SettingsScreen(AfterKeys, ModeScreenCompat, WatchesData, Screen[None]):
    """Your settings; `ctrl+s` saves them, stage keys act on the stage list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="settings.save"),
        # A text field takes every letter: escape gives t, b, c and , back.
        Binding("escape", "leave_field", "Leave field", id="settings.leave"),
    ]

    @dataclass
    class Loaded(Message):
        settings: Settings
        stages: list[StageRec]

    def __init__(self) -> None:
        super().__init__()
        self.settings: Settings | None = None
        self.stages: list[StageRec] = []
        #: What each field was filled with: a field still showing it takes a
        #: newer stored value; one the user has edited keeps the edit.
        self._shown: dict[str, str] = {}
        self._binding_rows: list[tuple[str, str, str, str]] = []
        #: Keymap edits not yet saved, by binding id.
        self._keymap_edits: dict[str, str] = {}
        #: The keys the keymap list shows, in its order (None: not built yet).
        self._keymap_shown: tuple[str, ...] | None = None
        #: A save is on its way (its changes are not "unsaved" meanwhile).
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-body"):
            yield Static("You", classes="settings-heading")
            with FieldGrid():
                yield from self._field("your_name")
                yield from self._field("your_email")
                yield from self._field("send_command")
            yield Static("Stages", classes="settings-heading")
            yield Static(Content("On the list: shift+↑/↓ move · r picks its role (open, "
                                 "offer, closed) · delete removes an empty stage"),
                         classes="settings-help")
            yield StageList(id="stages")
            with FieldGrid():
                yield Label("Rename the selected stage (enter)")
                yield Input(id="stage-name", compact=True)
                yield Label("Add a stage (enter)")
                yield Input(id="stage-new", compact=True)
            yield Static("Calendar", classes="settings-heading")
            with FieldGrid():
                yield from self._field("workdays")
                yield Label("First day of the week (the calendar's first column)")
                yield Select([(name, n) for n, name in enumerate(WEEKDAY_NAMES)],
                             allow_blank=False, id="first_day_of_week", compact=True)
                yield from self._field("holidays")
                yield Label("Fill this year's and next from a country (US, DE-BY; enter)")
                yield Input(id="holiday-country", compact=True)
            yield Static("Cadence", classes="settings-heading")
            defaults = Settings()
            with FieldGrid():
                for field, meaning in CADENCE_MEANINGS.items():
                    default = getattr(defaults, field)
                    yield from self._field(field, f"{meaning[0].upper()}{meaning[1:]} "
                                                  f"(default {default})")
            yield Static("Look and words", classes="settings-heading")
            yield Static(Content("Your words, never flagged by the spelling check "
                                 "(delete on the list removes one)"), classes="settings-help")
            yield WordList(id="words")
            with FieldGrid():
                yield Label("Add words (enter; commas or spaces between)")
                yield Input(id="word-new", compact=True)
                yield Label("Theme")
                yield Select([(name, name) for name in sorted(self.app.available_themes)],
                             allow_blank=False, id="theme", compact=True)
            yield Static("Keys", classes="settings-heading")
            yield Static(Content("Pick a binding, type its keys below (several: ctrl+b,f2; "
                                 "empty: the default); saved with the rest"),
                         classes="settings-help")
            yield OptionList(id="keymap")
            with FieldGrid():
                yield Label("Keys for the selected binding")
                yield Input(id="keymap-keys", compact=True)
        yield KeyFooter()

    def _field(self, name: str, label: str | None = None) -> ComposeResult:
        # One line a field (label, then a borderless input): the whole screen
        # stays a few pages long. Labels are ours, but built as Content: no
        # text here is read as markup.
        yield Label(Content(label or LABELS[name]))
        yield Input(id=name, type="integer" if name in CADENCE_MEANINGS else "text",
                    compact=True)

    def _error_line(self, target: str, message: str) -> None:
        """``message`` under the field ``#target`` (empty: cleared), across both
        columns of its grid.

        Made on first need, not composed with every field: Settings opens with
        no error lines, some 20 widgets fewer to mount and style on `,`."""
        existing = self.query(f"#{target}-error")
        if existing:
            existing.first(Static).update(Content(message))
            return
        if not message:
            return
        anchor = self.query_one(f"#{target}")
        assert anchor.parent is not None
        anchor.parent.mount(Static(Content(message), id=f"{target}-error",
                                   classes="field-error"), after=anchor)

    def on_mount(self) -> None:
        self.title = "Settings"
        self.sub_title = "ctrl+s saves"
        self._binding_rows = binding_rows(self.app)
        self.watch_data()
        if host(self).store is not None:
            self.load()

    def on_store_ready(self, message: StoreReady) -> None:
        self.load()

    def data_changed(self, change: DataChange) -> None:
        if change.app_ids is None or change.origin is self:
            self.load()  # settings and stages change only with "anything changed"

    @work(thread=True, exclusive=True, group="settings-load", exit_on_error=False)
    def load(self) -> None:
        store = host(self).store
        if store is None:
            return
        try:
            self.post_message(self.Loaded(store.settings(), store.stages()))
        except Exception as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Could not read the settings",
                                      severity="error")

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        settings = message.settings
        for field in TEXT_FIELDS:
            widget = self.query_one(f"#{field}", Input)
            new = text_value(field, settings)
            if field not in self._shown or widget.value == self._shown[field]:
                widget.value = new
            self._shown[field] = new
        for field in ("first_day_of_week", "theme"):
            select = self.query_one(f"#{field}", Select)
            value = getattr(settings, field)
            untouched = self.settings is None or select.value == getattr(self.settings, field)
            if untouched and (field != "theme" or value in self.app.available_themes):
                select.value = value
        self.settings = settings
        self._show_words(settings.word_list)
        self._show_stages(message.stages)
        self._show_keymap()

    # -- stages ---------------------------------------------------------------------

    def _show_stages(self, stages: list[StageRec]) -> None:
        if stages == self.stages and self.query_one("#stages", OptionList).option_count:
            return  # most reloads follow a save that changed no stage
        self.stages = stages
        stage_list = self.query_one("#stages", OptionList)
        keep = stage_list.highlighted_option.id if stage_list.highlighted_option else None
        stage_list.set_options(Option(Content.assemble(
            (stage.name, "bold"), "  ", (stage.role, "$text-muted")), id=str(stage.id))
            for stage in stages)
        ids = [str(s.id) for s in stages]
        stage_list.highlighted = ids.index(keep) if keep in ids else (0 if ids else None)

    def _selected_stage(self) -> StageRec | None:
        option = self.query_one("#stages", OptionList).highlighted_option
        return next((s for s in self.stages if option and str(s.id) == option.id), None)

    @on(OptionList.OptionHighlighted, "#stages")
    def _stage_highlighted(self) -> None:
        stage = self._selected_stage()
        self.query_one("#stage-name", Input).value = stage.name if stage else ""

    def _stage_write(self, describe: str, run: Any) -> None:
        self._error_line("stage-new", "")
        stage_list = self.query_one("#stages", OptionList)

        def failed(message: str) -> None:
            self._error_line("stage-new", message)

        # app_ids None: a stage's name or role shows on every card of the board.
        # Back on the list after it: its keys (move, role, delete) act again.
        host(self).write(Write(describe, run, None, then=lambda _: stage_list.focus(),
                               failed=failed, notify_failure=False))

    @on(Input.Submitted, "#stage-name")
    def _rename_stage(self, event: Input.Submitted) -> None:
        event.stop()
        stage = self._selected_stage()
        if stage is not None:
            name = event.value
            self._stage_write("rename the stage",
                              lambda store: store.rename_stage(stage.id, name))

    @on(Input.Submitted, "#stage-new")
    def _add_stage(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value
        event.input.value = ""
        self._stage_write("add the stage", lambda store: store.add_stage(name))

    def _move_stage(self, by: int) -> None:
        stage = self._selected_stage()
        if stage is not None:
            self._stage_write("move the stage", lambda store: store.move_stage(stage.id, by))

    def _pick_role(self) -> None:
        stage = self._selected_stage()
        if stage is None:
            return

        def picked(role: str | None) -> None:
            if role is not None and role != stage.role:
                self._stage_write("change the stage's role",
                                  lambda store: store.set_stage_role(stage.id, role))

        self.app.push_screen(ChoiceScreen(
            f"The role of {stage.name}", [(role, role, ROLE_MEANINGS[role])
                                         for role in STAGE_ROLES], stage.role), picked)

    def _delete_stage(self) -> None:
        stage = self._selected_stage()
        if stage is not None:
            self._stage_write("delete the stage", lambda store: store.delete_stage(stage.id))

    # -- holidays from a country -------------------------------------------------------

    @on(Input.Submitted, "#holiday-country")
    def _fill_holidays(self, event: Input.Submitted) -> None:
        event.stop()
        self._error_line("holiday-country", "")
        if event.value.strip():
            self._read_country(event.value)

    @work(thread=True, exclusive=True, group="settings-holidays", exit_on_error=False)
    def _read_country(self, code: str) -> None:
        # A worker: the holidays package takes about 80 ms to import.
        from storage.errors import ValidationError
        from storage.rules.settings import country_holidays

        year = clock.today().year
        try:
            found = country_holidays(code, (year, year + 1))
        except ValidationError as exc:
            message = str(exc).split(": ", 1)[-1]
            self.app.call_from_thread(self._error_line, "holiday-country", message)
            return
        self.app.call_from_thread(self._add_holidays, found)

    def _add_holidays(self, found: list[date]) -> None:
        """Into the holidays field, merged with what it holds, for the user to edit
        and save (nothing is saved yet)."""
        field = self.query_one("#holidays", Input)
        typed = [p.strip() for p in field.value.split(",") if p.strip()]
        known = set(typed)
        field.value = ", ".join([*typed, *(d.isoformat() for d in found
                                           if d.isoformat() not in known)])
        self.notify(f"{len(found)} holidays added to the field: ctrl+s saves them")

    def on_stage_list_act(self, message: StageList.Act) -> None:
        {"up": lambda: self._move_stage(-1), "down": lambda: self._move_stage(1),
         "role": self._pick_role, "delete": self._delete_stage}[message.what]()

    # -- your words -----------------------------------------------------------------

    def _show_words(self, words: tuple[str, ...]) -> None:
        word_list = self.query_one("#words", WordList)
        shown = tuple(option.id for option in word_list.options)
        if shown == words and word_list.option_count:
            return
        keep = word_list.highlighted
        if not words:  # a line that says so, not an empty box
            word_list.set_options([Option(Content.styled(
                "None yet: add some below", "$text-muted"), disabled=True)])
            return
        word_list.set_options(Option(Content(word), id=word) for word in words)
        word_list.highlighted = min(keep or 0, len(words) - 1)

    @on(Input.Submitted, "#word-new")
    def _add_words(self, event: Input.Submitted) -> None:
        event.stop()
        words = [w for w in re.split(r"[\s,]+", event.value) if w]
        if not words:
            return
        event.input.value = ""
        self._error_line("word-new", "")
        # At once, like a stage: one list, one write (the store's validation
        # refuses what the spelling check could not use).
        host(self).write(Write("add the words", lambda store: store.add_words(words), None,
                               done=f"Added {', '.join(words)}",
                               failed=lambda message: self._error_line(
                                   "word-new", message.split(": ", 1)[-1]),
                               notify_failure=False))

    def on_word_list_remove(self, message: WordList.Remove) -> None:
        word = message.word
        host(self).write(Write("remove the word", lambda store: store.remove_words([word]),
                               None, done=f"Removed {word}"))

    # -- keymap ---------------------------------------------------------------------

    def _current_keys(self, binding_id: str, default: str) -> str:
        if binding_id in self._keymap_edits:
            return self._keymap_edits[binding_id] or default
        stored = dict(self.settings.keymap) if self.settings else {}
        return stored.get(binding_id, default)

    def _show_keymap(self) -> None:
        shown = tuple(self._current_keys(binding_id, key)
                      for binding_id, key, _, _ in self._binding_rows)
        if shown == self._keymap_shown:
            return  # 70-odd rows: not built again when no key changed
        self._keymap_shown = shown
        keymap = self.query_one("#keymap", OptionList)
        keep = keymap.highlighted
        keymap.set_options(Option(Content.assemble(
            (f"{binding_id:<22}", "bold"), (f"{self._current_keys(binding_id, key):<16}",
                                            "$accent"), description), id=binding_id)
            for binding_id, key, description, _ in self._binding_rows)
        if self._binding_rows:
            keymap.highlighted = keep if keep is not None else 0

    @on(OptionList.OptionHighlighted, "#keymap")
    def _binding_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        row = next((b for b in self._binding_rows if b[0] == event.option.id), None)
        if row is not None:
            self.query_one("#keymap-keys", Input).value = self._current_keys(row[0], row[1])

    @on(Input.Changed, "#keymap-keys")
    def _keys_typed(self, event: Input.Changed) -> None:
        option = self.query_one("#keymap", OptionList).highlighted_option
        row = next((b for b in self._binding_rows if option and b[0] == option.id), None)
        if row is not None and event.value.strip() != self._current_keys(row[0], row[1]):
            self._keymap_edits[row[0]] = event.value.strip()

    def _keymap_value(self) -> dict[str, str]:
        """The keymap to store: only bindings whose keys differ from the default."""
        defaults = {binding_id: key for binding_id, key, _, _ in self._binding_rows}
        stored = dict(self.settings.keymap) if self.settings else {}
        merged = {**stored, **self._keymap_edits}
        return {k: v for k, v in merged.items() if v and v != defaults.get(k)}

    # -- saving ---------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id in ("stage-name", "stage-new", "holiday-country"):
            return  # not a save: handled above
        self.action_save()

    def collect(self) -> dict[str, Any]:
        """The changed settings as JSON values, checked; raises FieldProblem."""
        current = self.settings
        assert current is not None
        today = clock.today()
        changes: dict[str, Any] = {}
        for field in TEXT_FIELDS:
            value = parse_field(field, self.query_one(f"#{field}", Input).value, today)
            changes[field] = value
        changes["first_day_of_week"] = self.query_one("#first_day_of_week", Select).value
        changes["theme"] = self.query_one("#theme", Select).value
        changes["keymap"] = self._keymap_value()
        clashes = keymap_clashes(self._binding_rows, changes["keymap"])
        if clashes:
            raise FieldProblem("keymap", clashes[0])
        stored = current.to_mapping()
        changes = {k: v for k, v in changes.items() if v != stored[k]}
        for field, value in changes.items():
            try:  # each alone, so that the error goes under its own field
                Settings.from_mapping({field: value}, base=current)
            except Exception as exc:  # ValidationError: its text names the key path
                raise FieldProblem(field, str(exc).split(": ", 1)[-1]) from None
        return changes

    def action_save(self) -> None:
        # After the keys read with ctrl+s have reached the fields (a fast typist,
        # a paste): see tui/modals/after_keys.py.
        self.after_keys(self._save_now)

    def _save_now(self) -> None:
        for error in self.query(".field-error"):
            error.update("")  # type: ignore[attr-defined]
        if self.settings is None:
            self.notify("Still reading the settings…")
            return
        try:
            changes = self.collect()
        except FieldProblem as problem:
            self._show_problem(problem.field, str(problem))
            return
        except Exception as exc:  # parse_weekdays' ValidationError
            self._show_problem("workdays", str(exc).split(": ", 1)[-1])
            return
        if not changes:
            self.notify("Nothing changed")
            return

        def saved(settings: Settings) -> None:
            self._saving = False
            self.sub_title = "ctrl+s saves"
            # Out of the field: the global keys (t, b, c) work again at once.
            self.action_leave_field()
            self._keymap_edits.clear()
            self.settings = settings
            if "keymap" in changes:
                self.app.set_keymap(dict(settings.keymap))
            if settings.theme != self.app.theme and settings.theme in self.app.available_themes:
                self.app.theme = settings.theme

        def failed(message: str) -> None:
            self._saving = False
            self.sub_title = "ctrl+s saves"
            field = next((f for f in changes if f"settings.{f}" in message), None)
            self._show_problem(field or "your_name", message.split(": ", 1)[-1])

        # At once, in the header: with thousands of applications a cadence
        # change takes most of a second to work out every due date again.
        self.sub_title = "saving…"
        self._saving = True
        # app_ids None: a cadence number moves every due date, and every
        # screen reads again.
        host(self).write(Write("save the settings",
                               lambda store: store.update_settings(**changes), None,
                               done="Settings saved", then=saved, failed=failed,
                               notify_failure=False))

    def on_screen_suspend(self) -> None:
        # Edits left unsaved stay on this screen until ctrl+s; nothing else
        # would tell that the database still holds the old values.
        if self.settings is None or self._saving:
            return
        try:
            unsaved = bool(self.collect())
        except Exception:  # a field that would not save is an unsaved edit too
            unsaved = True
        if unsaved:
            self.notify("Your edits wait on the Settings screen: ctrl+s there saves them.",
                        title="Settings not saved", severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Leave field" only while a text field has the keys (the footer follows focus).
        if action == "leave_field":
            return isinstance(self.focused, Input)
        return True

    def action_leave_field(self) -> None:
        # To the page itself, not to nothing: coming back to a screen with no
        # focus focuses it then, restyling its every field (60 ms of the `,` after
        # a save at 5,000 applications, against 10 ms).
        self.query_one("#settings-body").focus()

    def _show_problem(self, field: str, message: str) -> None:
        # The keymap's error goes under the keys field, where the fix is typed.
        target = {"keymap": "keymap-keys", "word_list": "word-new"}.get(field, field)
        if self.query(f"#{target}"):
            self._error_line(target, message)
            self.query_one(f"#{target}").focus()
        else:
            self.notify(message, title="Not saved", severity="error")


