"""The composer: one note, drafted from the record and checked while you type.

The pure parts live in :mod:`tui.composer`; this screen wires them to the
widgets, saves the draft on a worker every half second while there are
changes (so a crash loses at most that), and logs the note when it is sent.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from storage.rules import clock
from storage.rules.records import CHANNELS, ActionRef, ComposeSource, ContactRec
from tui.composer import plan
from tui.composer.checks import (
    Finding,
    NoteContext,
    Severity,
    Speller,
    has_error,
    paragraph_count,
    run_checks,
    word_count,
)
from tui.composer.mail import build_eml, build_mailto, eml_file_name, write_eml
from tui.composer.templates import TEMPLATE_NAMES, NoteFacts, fill
from tui.host import host
from tui.modals.close_once import CloseOnce
from tui.modals.note_forms import CallOutcome, CallOutcomeForm, ConfirmScreen, ExportForm
from tui.widgets.footer import KeyFooter
from tui.write_path import Write, touched

if TYPE_CHECKING:
    from storage.db.store import Store

#: Seconds between draft saves while there are changes: the most a crash loses.
AUTOSAVE_EVERY = 0.5
#: Seconds of quiet typing before the checks run again.
CHECK_DELAY = 0.15

#: Below this width or height the composer folds its checks and borders
#: (the -narrow class): at 40×12 the body keeps most of the screen.
NARROW_WIDTH = 70
SHORT_HEIGHT = 20

SEVERITY_MARK = {Severity.ERROR: ("✖", "$error"), Severity.WARNING: ("▲", "$warning"),
                 Severity.HINT: ("●", "$accent")}


class ComposerScreen(CloseOnce, Screen[None]):
    """Write one note: `w` on a card or the details, the palette, Today and Calendar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="composer.close"),
        Binding("ctrl+s", "save", "Save", priority=True, id="composer.save"),
        Binding("ctrl+n", "mark_sent", "Mark sent", priority=True, id="composer.sent"),
        Binding("ctrl+y", "copy", "Copy", priority=True, id="composer.copy"),
        Binding("ctrl+e", "export", "Export .eml", priority=True, id="composer.export"),
        Binding("ctrl+o", "mail_client", "Mail app", priority=True, id="composer.mailto"),
        Binding("ctrl+t", "pick_template", "Template", priority=True, id="composer.template"),
        Binding("ctrl+g", "send", "Send", priority=True, id="composer.send"),
        Binding("ctrl+r", "external_editor", "Editor", show=False, priority=True,
                id="composer.editor"),
        Binding("ctrl+k", "focus_checks", "Checks", show=False, priority=True,
                id="composer.checks"),
    ]
    AUTO_FOCUS = "#body"

    def __init__(self, source: ComposeSource, action: ActionRef | None = None,
                 kind: str | None = None, contact_id: int | None = None) -> None:
        super().__init__()
        self.source = source
        self.app_id = source.detail.application.id
        chosen = plan.plan_note(source, action, kind, contact_id)
        self.kind = chosen.kind
        self.contact_id = chosen.contact_id
        self.channel = chosen.channel
        self.item = chosen.action
        self.note_id: int | None = chosen.draft.id if chosen.draft else None
        if chosen.draft is not None:
            self._subject, self._body = chosen.draft.subject, chosen.draft.body
        else:
            draft = fill(self.kind, self._facts())
            self._subject, self._body = draft.subject, draft.body
        #: The text as filled or loaded: equal means the user has not edited it.
        self._filled = (self._subject, self._body)
        self._known_words = frozenset(w.casefold() for w in source.word_list)
        self._speller: Speller | None = None
        self.findings: list[Finding] = []
        self._dirty = False
        self._saved_at: datetime | None = chosen.draft.updated_at if chosen.draft else None
        self._saving = False
        # Saves run on workers; the lock keeps two from creating two drafts.
        self._save_lock = threading.Lock()
        self._check_timer: Timer | None = None
        self._done = False
        #: A draft was saved without telling the other screens (see _draft_write).
        self._quietly_saved = False
        #: Snapshots of the note taken for saving, in order, and the newest one
        #: saved: saves run on workers and may reach the store out of order.
        self._snapshots = 0
        self._saved_snapshot = 0
        self._area: TextArea | None = None
        self._subject_input: Input | None = None

    # -- building ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        contacts = self.source.detail.contacts
        yield Header()
        with Horizontal(id="composer-head"):
            # Content, not str: a str label is read as markup ("Dana [PM]").
            yield Select([(Content(self._contact_label(c.id)), c.id) for c in contacts],
                         value=self.contact_id if self.contact_id is not None else Select.NULL,
                         prompt="(someone else)", id="recipient")
            yield Select([(c, c) for c in CHANNELS], value=self.channel, allow_blank=False,
                         id="channel")
            yield Select([(name, kind) for kind, name in TEMPLATE_NAMES.items()],
                         value=self.kind, allow_blank=False, id="template")
        yield Input(self._subject, placeholder="Subject", id="subject")
        with Horizontal(id="composer-main"):
            yield TextArea(self._body, id="body", soft_wrap=True)
            with Vertical(id="checks-side"):
                yield Static("Checks", id="checks-title")
                yield OptionList(id="checks")
        yield Static(id="composer-status")
        yield KeyFooter()

    def _contact_label(self, contact_id: int) -> str:
        person = plan.contact(self.source, contact_id)
        if person is None:
            return "?"
        return f"{person.name} ({person.title})" if person.title else person.name

    def on_mount(self) -> None:
        self._area = self.query_one("#body", TextArea)
        self._subject_input = self.query_one("#subject", Input)
        self._set_title()
        self._run_checks()
        # Once a template is chosen (or the picker closed), the next key is
        # writing: left on the picker, "t" would be taken as a screen key.
        self.watch(self.query_one("#template", Select), "expanded", self._picker_toggled,
                   init=False)
        self.set_interval(AUTOSAVE_EVERY, self._autosave)
        self._load_speller()

    def _set_title(self) -> None:
        a = self.source.detail.application
        person = plan.contact(self.source, self.contact_id)
        to = f" to {person.name}" if person and self.kind != "reference_heads_up" else ""
        self.title = f"{TEMPLATE_NAMES[self.kind]}{to}"
        self.sub_title = f"{a.company} · {a.role}"

    @work(thread=True, group="speller", exit_on_error=False)
    def _load_speller(self) -> None:
        from tui.composer.spelling import speller

        try:
            loaded = speller()
        except Exception:  # no dictionary: the other checks still run
            return
        self.app.call_from_thread(self._speller_ready, loaded)

    def _speller_ready(self, loaded: Speller) -> None:
        self._speller = loaded
        self._run_checks()

    # -- what is written -----------------------------------------------------------

    @property
    def body(self) -> str:
        # Through the kept widget, not a query: while the app quits, the
        # screen's children are already gone when on_unmount saves the draft.
        return self._area.text if self._area is not None else self._body

    @property
    def subject(self) -> str:
        return self._subject_input.value if self._subject_input is not None else self._subject

    def _facts(self) -> NoteFacts:
        return plan.note_facts(self.source, self.kind, self.contact_id, self.item)

    def _edited(self) -> bool:
        return (self.subject, self.body) != self._filled

    def _changed(self) -> None:
        if self._edited():
            self._dirty = True
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self._run_checks)

    @on(TextArea.Changed, "#body")
    @on(Input.Changed, "#subject")
    def _text_changed(self) -> None:
        self._changed()

    @on(Select.Changed, "#recipient")
    def _recipient_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, int) else None
        if value == self.contact_id:
            return
        self.contact_id = value
        if isinstance(value, int):
            self.channel = plan.last_channel(self.source, value) or self.channel
            self.query_one("#channel", Select).value = self.channel
        self._refill_if_untouched()

    @on(Select.Changed, "#channel")
    def _channel_changed(self, event: Select.Changed) -> None:
        if event.value == self.channel or not isinstance(event.value, str):
            return
        self.channel = event.value
        self._dirty = True
        self._changed()

    @on(Select.Changed, "#template")
    def _template_changed(self, event: Select.Changed) -> None:
        if event.value == self.kind or not isinstance(event.value, str):
            return
        self.kind = event.value
        edited = self._edited()
        self._fill()
        if edited:
            # The user's text is one ctrl+z away: the fill is an ordinary edit.
            self.notify("Template applied; ctrl+z brings your text back.")
        self._dirty = True

    def _refill_if_untouched(self) -> None:
        if not self._edited():
            self._fill()
        self._set_title()
        self._dirty = True
        self._changed()

    def _fill(self) -> None:
        draft = fill(self.kind, self._facts())
        area = self.query_one("#body", TextArea)
        area.replace(draft.body, area.document.start, area.document.end)
        self.query_one("#subject", Input).value = draft.subject
        self._filled = (draft.subject, draft.body)
        self._set_title()
        self._changed()

    # -- checks --------------------------------------------------------------------

    def _note_context(self) -> NoteContext:
        return plan.note_context(self.source, self.kind, self.channel, self.contact_id,
                                 self.item, self.note_id, clock.now(), self._known_words)

    def _run_checks(self) -> None:
        if not self.is_mounted:
            return
        body = self.body
        self.findings = run_checks(self.subject, body, self._note_context(), self._speller)
        self._show_findings()
        self._show_status(body)

    def _show_findings(self) -> None:
        options: list[Option] = []
        for i, finding in enumerate(self.findings):
            mark, style = SEVERITY_MARK[finding.severity]
            options.append(Option(Content.assemble(
                (mark, style), " ", finding.message, "\n  ", (finding.source, "dim")),
                id=f"finding-{i}"))
            options += [Option(Content.assemble("  + add ", (w, "bold"), " to your words"),
                               id=f"add:{w}") for w in finding.words]
        if not options:
            options.append(Option(Content.assemble(("✓", "$success"), " Every check passes"),
                                  disabled=True))
        if self._speller is None:
            options.append(Option(Content("Spelling: loading the dictionary…").stylize("dim"),
                                  disabled=True))
        checks = self.query_one("#checks", OptionList)
        checks.set_options(options)
        errors = sum(f.severity is Severity.ERROR for f in self.findings)
        warnings = sum(f.severity is Severity.WARNING for f in self.findings)
        self.query_one("#checks-title", Static).update(
            f"Checks: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}", layout=False)

    def _show_status(self, body: str | None = None) -> None:
        body = self.body if body is None else body
        words, paragraphs = word_count(body), paragraph_count(body)
        if self._dirty:
            saved = "unsaved changes"
        elif self._saved_at is not None:
            saved = f"draft saved {self._saved_at.astimezone():%H:%M:%S}"
        else:
            saved = "not saved yet"
        self.query_one("#composer-status", Static).update(
            f"{words} word{'s' * (words != 1)} · {paragraphs} paragraph"
            f"{'s' * (paragraphs != 1)} · {saved}", layout=False)

    @on(OptionList.OptionSelected, "#checks")
    def _check_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("add:"):
            self._add_word(option_id[4:])

    def _add_word(self, word: str) -> None:
        # A setting: no application changed.
        host(self).write(Write("add the word", lambda store: store.add_words([word]),
                               frozenset(), origin=self,
                               then=lambda _: self._word_added(word)))

    def _word_added(self, word: str) -> None:
        self._known_words = self._known_words | {word.casefold()}
        self.notify(f"Added \"{word}\" to your words.")
        self._run_checks()
        self.query_one("#body", TextArea).focus()

    def action_focus_checks(self) -> None:
        # Folded to one line on a small screen: unfolded while they have the keys.
        self.add_class("-show-checks")
        # Once the class has shown the list: a hidden widget takes no focus.
        self.call_after_refresh(self.query_one("#checks", OptionList).focus)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id == "checks":
            self.remove_class("-show-checks")

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH or event.size.height < SHORT_HEIGHT
        self.set_class(narrow, "-narrow")
        # Borderless pickers, subject and body: two rows each saved for the text.
        for widget in self.query("#composer-head Select, #subject, #body").results():
            if isinstance(widget, Select | Input | TextArea):
                widget.compact = narrow

    def _picker_toggled(self, expanded: bool) -> None:
        if not expanded:
            # After the picker's own refocus of itself, which Select queues.
            self.call_after_refresh(self._focus_body)

    def _focus_body(self) -> None:
        if self.is_mounted and not self._done:
            self.query_one("#body", TextArea).focus()

    def action_pick_template(self) -> None:
        picker = self.query_one("#template", Select)
        picker.focus()
        picker.expanded = True

    # -- saving --------------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        return {"kind": self.kind, "body": self.body, "subject": self.subject,
                "channel": self.channel, "contact_id": self.contact_id}

    def _autosave(self) -> None:
        if self._dirty and not self._saving and not self._done:
            self._dirty = False
            self._saving = True
            host(self).write(self._draft_write(self._snapshot()))

    def _draft_write(self, values: dict[str, Any]) -> Write[datetime | None]:
        # Not announced while typing: every screen would read again twice a
        # second. Closing the composer announces the draft once.
        self._snapshots += 1
        taken = self._snapshots
        return Write("save the draft", lambda store: self._write_draft(store, values, taken),
                     touched(self.app_id), origin=self, announce=False,
                     then=self._draft_saved, failed=self._save_failed, notify_failure=False)

    def _write_draft(self, store: Store, values: dict[str, Any], taken: int) -> datetime | None:
        with self._save_lock:
            if self._done:
                return None  # sent or closed meanwhile: nothing more to save
            if taken < self._saved_snapshot:
                # An autosave's worker can reach the lock after the save made
                # on quitting: its older text must not replace the newer one.
                return None
            note = store.save_note(self.app_id, note_id=self.note_id, **values)
            self.note_id = note.id
            self._saved_snapshot = taken
            return note.updated_at

    def _draft_saved(self, when: datetime | None) -> None:
        self._saving = False
        if when is not None:
            self._saved_at = when
            self._quietly_saved = True
        if self.is_mounted:
            self._show_status()

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self._dirty = True
        self.notify(f"The draft was not saved: {message}", severity="error")

    def _flush(self, announce: bool = True) -> bool:
        """Save now, on this thread (closing, quitting). True if all is saved."""
        if not self._dirty:
            return True
        self._dirty = False
        write = self._draft_write(self._snapshot())
        return host(self).write_now(replace(write, announce=announce))

    def action_save(self) -> None:
        self._dirty = True
        if self._flush():
            self.notify("Draft saved.")

    def action_close(self) -> None:
        if not self._flush():
            return
        self._done = True
        if self._quietly_saved:
            # The autosaves were not announced while typing: say it once now.
            host(self).announce(touched(self.app_id), origin=self)
        self.dismiss()

    def on_unmount(self) -> None:
        # The app is quitting with the composer open: keep what was typed.
        if self._dirty and not self._done:
            with contextlib.suppress(Exception):  # the app is going away: no one to tell
                self._flush(announce=False)

    # -- sending and sharing -------------------------------------------------------

    def _recipient_email(self) -> str | None:
        person = plan.contact(self.source, self.contact_id)
        return person.email if person else None

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.body)
        self.notify("Copied the note to the clipboard.")

    def action_export(self) -> None:
        now = clock.now()
        folder = Path.home()
        try:
            import platformdirs

            folder = Path(platformdirs.user_downloads_dir())
        except Exception:
            pass  # no downloads folder known: the home folder
        suggested = folder / eml_file_name(self.source.detail.application.company,
                                           self.kind, now)
        self.app.push_screen(ExportForm(suggested), self._export_to)

    def _export_to(self, path: Path | None) -> None:
        if path is None:
            return
        person = plan.contact(self.source, self.contact_id)
        data = build_eml(to_name=person.name if person else None,
                         to_email=person.email if person else None, subject=self.subject,
                         body=self.body, when=clock.now())
        try:
            write_eml(path, data)
        except OSError as exc:
            self.notify(f"Not exported: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Exported to {path.resolve()}")

    def action_mail_client(self) -> None:
        email = self._recipient_email()
        self.app.open_url(build_mailto(email, self.subject, self.body))
        if not email:
            self.notify("No email address on record: fill in the recipient in the mail app.")

    def action_send(self) -> None:
        """Pipe the note to your mail tool (the send_command setting); sent, it is
        marked as sent as ctrl+n does."""
        from tui.composer.send_command import start

        start(self)

    def action_external_editor(self) -> None:
        """The body in $VISUAL / $EDITOR, the app suspended meanwhile."""
        from tui.composer.external_editor import edit_body

        edit_body(self)

    def run_checks(self) -> None:
        self._run_checks()

    def recipient(self) -> ContactRec | None:
        return plan.contact(self.source, self.contact_id)

    def mark_sent_now(self) -> None:
        """Mark as sent without asking (the send key asked before sending)."""
        self._send()

    def action_mark_sent(self) -> None:
        # Every kind, the call script too, asks while an error stands: an
        # unfilled "[their phone number]" is as wrong in a call as in a letter.
        self._run_checks()
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        if has_error(self.findings):
            self.app.push_screen(
                ConfirmScreen("Mark as sent anyway?",
                              "\n".join(f"✖ {f.message}" for f in errors),
                              yes="Mark as sent"),
                lambda yes: self._record_sent() if yes else None)
            return
        self._record_sent()

    def _record_sent(self) -> None:
        if self.kind == "call_script":
            person = plan.contact(self.source, self.contact_id)
            self.app.push_screen(CallOutcomeForm(person.name if person else "them"),
                                 self._call_logged)
            return
        self._send()

    def _action_ref(self) -> ActionRef | None:
        """The pending action the note as it stands answers (kind, recipient,
        round), which need not be the one the composer was opened for."""
        answered = plan.answered_action(self.source, self.kind, self.contact_id, self.item)
        return ActionRef.of(answered) if answered is not None else None

    def _send(self) -> None:
        self._done = True  # no autosave may turn the sent note back into a draft
        values = self._snapshot()
        # Decided here, from the note as sent, not later on the writer's thread.
        answered = self._action_ref()
        self._write_sent(lambda store: store.send_note(
            self.app_id, note_id=self.note_id, at=clock.now(), action=answered, **values))

    def _call_logged(self, outcome: CallOutcome | None) -> None:
        if outcome is None:
            return
        self._done = True
        script = self.body
        answered = self._action_ref()
        self._write_sent(lambda store: store.log_call(
            self.app_id, at=clock.now(), answered=outcome.answered, note=outcome.note,
            contact_id=self.contact_id, new_decision_on=outcome.new_decision_on,
            script=script, note_id=self.note_id, action=answered))

    def _write_sent(self, write: Callable[[Store], object]) -> None:
        def locked(store: Store) -> object:
            with self._save_lock:  # after any autosave still being written
                return write(store)

        host(self).write(Write("mark it as sent", locked, touched(self.app_id), origin=self,
                               then=lambda _: self._sent(), failed=self._send_failed,
                               notify_failure=False))

    def _send_failed(self, message: str) -> None:
        self._done = False
        self._dirty = True
        self.notify(message, title="Not marked as sent", severity="error")

    def _sent(self) -> None:
        self.notify(self.title, title="Marked as sent")
        self.dismiss()
