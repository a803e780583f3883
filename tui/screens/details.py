"""One application in full: fields, contacts, rounds, timeline, what is due, nudges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from storage.rules import clock
from storage.rules.cadence import Nudge, format_day
from storage.rules.dates import describe_date
from storage.rules.records import (
    AgendaItem,
    ApplicationDetail,
    ApplicationRec,
    CommunicationRec,
    ContactRec,
    CustomActionRec,
    RoundRec,
)
from tui.compat.details_layout import NoRelayoutOnResize, RelayoutForScrollbarOnly
from tui.data_watch import WatchesData
from tui.host import host
from tui.modals.close_once import CloseOnce
from tui.modals.forms import (
    ApplicationForm,
    ApplicationInput,
    CommunicationForm,
    CommunicationInput,
    ContactForm,
    ContactInput,
    ReminderForm,
    ReminderInput,
    ResponseForm,
    ResponseInput,
    RoundForm,
    RoundInput,
)
from tui.modals.note_forms import ConfirmScreen
from tui.modals.picker import Picked, RecordPicker, describe
from tui.widgets.footer import KeyFooter
from tui.write_path import Write, touched

if TYPE_CHECKING:
    from storage.db.store import Store
    from tui.messages import DataChange

#: A piece of text, plain or with a style ("bold", "$error"…).
Part = str | tuple[str, str]
STATUS_STYLE = {"overdue": "$error", "late": "$error", "due": "$warning",
                "upcoming": "$text-muted"}


def _when(dt: datetime) -> str:
    local = dt.astimezone()
    return f"{format_day(local.date())} {local:%H:%M}"


class Section(NoRelayoutOnResize, Static):
    """A block of the details: text whose height follows the application shown.

    Laid out once per application shown (see tui.compat.details_layout).
    """


class DetailsScroll(RelayoutForScrollbarOnly, VerticalScroll):
    """The scrolling page of the details, laid out once per application shown.

    Its content height changes with every application; the screen is laid out
    again only when its scrollbar appears or goes (see tui.compat.details_layout).
    """


class DetailsScreen(CloseOnce, WatchesData, Screen[None]):
    """Everything about one application; the board's `enter`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="details.back"),
        Binding("e", "edit", "Edit", id="details.edit"),
        Binding("a", "add_contact", "Contact", id="details.contact"),
        Binding("i", "log_round", "Round", id="details.round"),
        Binding("r", "log_response", "Response", id="details.response"),
        Binding("w", "write", "Write", id="details.write"),
        Binding("m", "remind", "Remind", id="details.remind"),
        Binding("l", "records", "Edit/delete…", id="details.records"),
    ]

    @dataclass
    class Loaded(Message):
        detail: ApplicationDetail
        actions: list[AgendaItem]
        nudges: list[Nudge]

    def __init__(self, app_id: int | None = None) -> None:
        super().__init__()
        self.app_id = app_id
        self.detail: ApplicationDetail | None = None
        self._ready: DetailsScreen.Loaded | None = None

    @classmethod
    def read(cls, store: Store, app_id: int) -> DetailsScreen.Loaded:
        """Everything the screen shows, in one go (on a worker thread)."""
        return cls.Loaded(store.detail(app_id), store.actions_for(app_id, clock.today()),
                          store.nudges_for(app_id))

    def show_application(self, app_id: int, ready: Loaded | None = None) -> None:
        """Point the (installed, reused) screen at another application.

        ``ready`` is its data read ahead (see AfterviewApp.prefetch_details):
        then the screen opens in one frame instead of "Loading…" and a second.
        """
        self.app_id = app_id
        self.detail = None
        self._ready = ready
        if self.is_mounted and ready is not None:
            self._show(ready)
            self.query_one("#details").scroll_home(animate=False)
        elif self.is_mounted:
            for section in self.query(".section").results(Static):
                section.update("")
            self.query_one("#summary", Static).update("Loading…")
            self.query_one("#details").scroll_home(animate=False)
            self.load()

    def compose(self) -> ComposeResult:
        yield Header()
        with DetailsScroll(id="details"):
            yield Section("Loading…", id="summary")
            yield Section(id="due", classes="section")
            yield Section(id="nudges", classes="section")
            yield Section(id="contacts", classes="section")
            yield Section(id="rounds", classes="section")
            yield Section(id="timeline", classes="section")
        yield KeyFooter()

    @property
    def store(self) -> Store | None:
        return host(self).store

    def on_mount(self) -> None:
        self.watch_data()
        if self._ready is not None:
            self._show(self._ready)
        elif self.app_id is not None:
            self.load()

    def data_changed(self, change: DataChange) -> None:
        # Read again when its application changed: by a form here, a note sent
        # from the composer opened here, or a write on Today while these details
        # wait on the board's stack. Closed, WatchesData tells it when it is
        # shown again: then it also corrects a read-ahead that a write overtook.
        if change.touches(self.app_id):
            self.load()

    @work(thread=True, exclusive=True, group="details", exit_on_error=False)
    def load(self) -> None:
        from storage.errors import StorageError

        store, app_id = self.store, self.app_id
        if store is None or app_id is None:
            return
        try:
            message = self.read(store, app_id)
        except StorageError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            self.app.call_from_thread(self.dismiss)
            return
        self.post_message(message)

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        if message.detail.application.id != self.app_id:
            return  # a late answer for the application shown before
        # Content.assemble, not markup: company names, notes and summaries are
        # the user's text and must show exactly as typed.
        d = message.detail
        self.detail = d
        a = d.application
        self.sub_title = f"{a.company} · {a.role}"
        summary: list[Part] = [(a.company, "bold"), " · ", a.role,
                               f"\nStage: {a.stage_name}" + (f" ({a.outcome})" if a.outcome
                                                             else "")]
        if a.applied_on:
            summary.append(f"\nApplied {describe_date(a.applied_on)}")
        if a.company_domain:
            summary.append(f"\nWebsite: {a.company_domain}")
        if a.no_contact:
            summary.append(("\nThey asked not to be contacted: no follow-ups", "$warning"))
        if a.references_requested_on:
            summary.append(f"\nReferences requested {describe_date(a.references_requested_on)}")
        if a.notes:
            summary.append(f"\nNotes: {a.notes}")
        self._set("summary", summary)

        due: list[Part] = [("Due", "bold")]
        for item in message.actions:
            due += ["\n", (f"{format_day(item.date):<10} {item.status:<8}",
                           STATUS_STYLE.get(item.status, "")),
                    "  ", item.title, " — ", (item.why, "dim")]
        if not message.actions:
            due.append(("\nNothing pending.", "dim"))
        self._set("due", due)

        nudges: list[Part] = [("Nudges", "bold")] if message.nudges else []
        for nudge in message.nudges:
            nudges.append(f"\n• {nudge.message}")
        self._set("nudges", nudges)

        contacts: list[Part] = [("Contacts", "bold"), (" (a adds, l edits)", "dim")]
        for c in d.contacts:
            parts = [c.name + (" (main)" if c.is_main else "")]
            parts += [p for p in (c.title, c.email, c.phone) if p]
            contacts.append("\n• " + " · ".join(parts))
        if not d.contacts:
            contacts.append(("\nNobody yet: get a card from each person you meet.", "dim"))
        self._set("contacts", contacts)

        rounds: list[Part] = [("Rounds", "bold"), (" (i logs one, l edits)", "dim")]
        for r in d.rounds:
            who = ", ".join(p.name for p in r.interviewers) or "nobody recorded"
            line = f"\n{r.number}. {_when(r.starts_at)} · {r.kind} · with {who}"
            if r.decision_expected_on:
                line += f" · decision by {format_day(r.decision_expected_on)}"
            rounds.append(line)
            if r.talking_points:
                rounds.append(f"\n   Talked about: {r.talking_points}")
            if r.unfinished_business:
                rounds.append(f"\n   Still to answer: {r.unfinished_business}")
        if not d.rounds:
            rounds.append(("\nNo rounds yet.", "dim"))
        self._set("rounds", rounds)

        events: list[tuple[datetime, str]] = []
        for h in d.history:
            events.append((h.changed_at, f"moved to {h.stage_name}"))
        for c in d.communications:
            arrow = "←" if c.direction == "in" else "→"
            who = f" {c.contact_name} ·" if c.contact_name else ""
            kind = c.kind.replace("_", " ")
            said = f": {c.summary}" if c.summary else ""
            events.append((c.at, f"{arrow}{who} {kind} by {c.channel}{said}"))
        for n in d.notes:
            events.append((n.sent_at or n.updated_at,
                           f"note ({n.kind.replace('_', ' ')}, {n.status}): "
                           f"{n.subject or n.body[:40]}"))
        timeline: list[Part] = [("Timeline", "bold"), (" (l edits)", "dim")]
        for at, text in sorted(events, key=lambda e: e[0]):
            timeline += ["\n", (_when(at), "dim"), f"  {text}"]
        self._set("timeline", timeline)

    def _set(self, widget_id: str, parts: list[Part]) -> None:
        self.query_one(f"#{widget_id}", Static).update(Content.assemble(*parts))

    # -- actions ------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def _write(self, describe: str, write: Callable[[Store], Any], *, done: str = "") -> None:
        if self.app_id is not None:  # the app tells every screen, this one too
            host(self).write(Write(describe, write, touched(self.app_id), done=done))

    def action_edit(self) -> None:
        if self.detail is None:
            return
        existing = self.detail.application
        host(self).open_form(
            lambda store: (store.stages(), store.companies()),
            lambda data: ApplicationForm(*data, existing), self._edited)

    def _edited(self, result: ApplicationInput | None) -> None:
        if result is not None:
            self._write("save", lambda store: result.update(store, self.app_id))

    def action_add_contact(self, typed: ContactInput | None = None) -> None:
        self.app.push_screen(ContactForm(typed=typed), self._contact_added)

    def _contact_added(self, result: ContactInput | None) -> None:
        if result is None or self.detail is None:
            return
        name = result.person.name.casefold()
        known = next((c for c in self.detail.contacts if c.name.casefold() == name), None)
        if known is None:
            p = result.person
            self._write("add the contact", lambda store: store.add_contact(
                self.app_id, p.name, title=p.title, email=p.email, phone=p.phone,
                main=result.main))
            return

        # A name already here is most likely the same person, met again or with
        # a card at last: offer to add what was typed to them, and if not, give
        # the form back as it was (the typed email is never lost).
        def answered(yes: bool | None) -> None:
            if yes:
                self._write("update the contact", lambda store: result.update(
                    store, known.id, keep_blank=True), done=f"Updated {known.name}")
            else:
                self.action_add_contact(result)

        typed = [v for v in (result.person.title, result.person.email, result.person.phone)
                 if v]
        self.app.push_screen(ConfirmScreen(
            f"{known.name} is already a contact. Update their card?",
            "With: " + " · ".join(typed) if typed else "", yes="Update"), answered)

    def action_log_round(self) -> None:
        if self.detail is not None:
            self.app.push_screen(RoundForm(self.detail.application.company,
                                           list(self.detail.contacts)), self._round_logged)

    def _round_logged(self, result: RoundInput | None) -> None:
        if result is not None:
            self._write("log the round", lambda store: result.save(store, self.app_id))

    def action_write(self) -> None:
        if self.app_id is not None:
            host(self).open_composer(self.app_id)

    def action_log_response(self) -> None:
        if self.detail is not None:
            self.app.push_screen(ResponseForm(self.detail.application.company,
                                              list(self.detail.contacts)), self._responded)

    def _responded(self, result: ResponseInput | None) -> None:
        if result is not None:
            self._write("log the response", lambda store: result.save(store, self.app_id))

    def action_remind(self) -> None:
        if self.detail is not None:
            self.app.push_screen(ReminderForm(), self._reminded)

    def _reminded(self, result: ReminderInput | None) -> None:
        if result is not None:
            self._write("add the reminder", lambda store: result.save(store, self.app_id),
                        done=f"Reminder set for {format_day(result.due_on)}")

    # -- edit or delete any record (l) ---------------------------------------------

    def action_records(self) -> None:
        if self.detail is not None:
            self.app.push_screen(RecordPicker(self.detail), self._picked)

    def _picked(self, picked: Picked | None) -> None:
        if picked is None or self.detail is None:
            return
        if picked.what == "delete":
            self._confirm_delete(picked.record)
            return
        record, d = picked.record, self.detail
        if isinstance(record, ApplicationRec):
            self.action_edit()
        elif isinstance(record, ContactRec):
            self.app.push_screen(ContactForm(record), lambda result: self._save(
                result, "save the contact", lambda store: result.update(store, record.id)))
        elif isinstance(record, RoundRec):
            self.app.push_screen(
                RoundForm(d.application.company, list(d.contacts), record),
                lambda result: self._save(result, "save the round",
                                          lambda store: result.update(store, record.id)))
        elif isinstance(record, CommunicationRec):
            self.app.push_screen(
                CommunicationForm(record, list(d.contacts)),
                lambda result: self._save(result, "save the message",
                                          lambda store: result.update(store, record.id)))
        elif isinstance(record, CustomActionRec):
            self.app.push_screen(ReminderForm(record), lambda result: self._save(
                result, "save the reminder", lambda store: result.update(store, record.id)))

    def _save(self, result: ContactInput | RoundInput | CommunicationInput | ReminderInput
              | None, describe_write: str, write: Callable[[Store], Any]) -> None:
        if result is not None:
            self._write(describe_write, write, done="Saved")

    def _confirm_delete(self, record: ApplicationRec | ContactRec | RoundRec
                        | CommunicationRec | CustomActionRec) -> None:
        what, consequence, run = self._deletion(record)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if isinstance(record, ApplicationRec):
                # Its details are gone with it: back to where it was opened from.
                host(self).write(Write(f"delete {what}", run, None,
                                       done=f"Deleted {record.company} · {record.role}",
                                       then=lambda _: self.dismiss()))
            else:
                self._write(f"delete {what}", run, done=f"Deleted {what}")

        self.app.push_screen(ConfirmScreen(f"Delete {what}?",
                                           f"{describe(record)}\n{consequence}",
                                           yes="Delete"), answered)

    @staticmethod
    def _deletion(record: ApplicationRec | ContactRec | RoundRec | CommunicationRec
                  | CustomActionRec) -> tuple[str, str, Callable[[Store], Any]]:
        """What the confirmation names, what deleting it does, and the store call."""
        if isinstance(record, ApplicationRec):
            return ("the application", "Its contacts, rounds, messages, notes and "
                    "reminders go with it; this cannot be undone.",
                    lambda store: store.delete_application(record.id))
        if isinstance(record, ContactRec):
            return (record.name, "They leave every round; messages to them stay, "
                    "without their name.",
                    lambda store: store.delete_contact(record.id))
        if isinstance(record, RoundRec):
            return (f"round {record.number}", "The thank-yous and follow-ups it made due go "
                    "with it.", lambda store: store.delete_round(record.id))
        if isinstance(record, CommunicationRec):
            return ("the message", "What it answered is due again.",
                    lambda store: store.delete_communication(record.id))
        return ("the reminder", "It will not come up again.",
                lambda store: store.delete_custom_action(record.id))
