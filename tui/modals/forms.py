"""The modal forms: application, contact, interview round, response, close.

Each form returns a frozen result (or None when cancelled); the screen that
opened it does the write. A form never closes on bad input: the message goes
on the field and nothing is returned, so nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from dateutil.relativedelta import relativedelta
from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from storage.rules import clock
from storage.rules.dates import DateParseError
from storage.rules.records import (
    CHANNELS,
    COMM_KINDS,
    OUTCOMES,
    ROUND_KINDS,
    ApplicationRec,
    CommunicationRec,
    ContactRec,
    CustomActionRec,
    NewContact,
    RoundRec,
    StageRec,
)
from tui.modals.after_keys import AfterKeys
from tui.modals.close_once import CloseOnce
from tui.widgets.date_field import DateField
from tui.widgets.footer import KeyFooter
from tui.widgets.text_field import TextField

if TYPE_CHECKING:
    from storage.db.store import Store

T = TypeVar("T")


#: The most each one-line field's column holds (storage/db/models.py). The
#: field takes no more (a longer paste is not taken), in sight, while the form
#: is open: a longer company name closed the form and was then refused by the
#: store, and everything typed in the form was lost.
FIELD_LIMITS = {"company": 200, "role": 200, "domain": 200, "name": 200, "title": 200,
                "email": 320, "phone": 64, "reminder_title": 200}


class FieldError(Exception):
    """Bad input in one field: shown under it, and the form stays open."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class FormScreen(AfterKeys, CloseOnce, ModalScreen[T | None], Generic[T]):
    """A titled form with Save and Cancel; subclasses give fields and ``collect``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
    ]
    # The title is docked: a long form scrolls under it instead of taking it
    # out of sight (the round form's title was never seen at 100×50).
    DEFAULT_CSS = """
    FormScreen #form-title { dock: top; }
    """
    TITLE_TEXT = "Form"
    #: Keys start in the first field, whatever kind it is (the close form has
    #: no text field: its outcome list had no focus at all), not on the
    #: scrolling container.
    AUTO_FOCUS = "#form Input, #form Select, #form SelectionList, #form Checkbox"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            # Content: titles and errors carry the user's words, never markup.
            yield Static(Content(self.TITLE_TEXT), id="form-title")
            yield from self.compose_fields()
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        # The form's own keys (ctrl+s, escape), not those of the screen beneath:
        # a modal screen's bindings stop at itself.
        yield KeyFooter()

    @on(Input.Submitted)
    def _enter_submits(self, event: Input.Submitted) -> None:
        # A dialog of one field (snooze, export) is answered with enter; in a
        # longer form enter stays in its field, since ctrl+s saves them all.
        if len(self.query(Input)) == 1:
            event.stop()
            self.action_save()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def field(self, name: str, label: str, value: str = "", placeholder: str = "",
              **kwargs: object) -> ComposeResult:
        yield Label(label)
        kwargs.setdefault("max_length", FIELD_LIMITS.get(name, 0))
        yield TextField(value, placeholder=placeholder, id=name,
                        **kwargs)  # type: ignore[arg-type]
        yield Static("", id=f"{name}-error", classes="field-error")

    def text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def collect(self) -> T:  # type: ignore[empty-body]
        """The form's result; raises FieldError for bad input. Every form defines it."""
        ...

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        # Not at once: ctrl+s is a priority key, run before the keys that came
        # in the same read have reached the fields (see tui/modals/after_keys.py).
        self.after_keys(self._save_now)

    def _save_now(self) -> None:
        for error in self.query(".field-error"):
            error.update("")  # type: ignore[attr-defined]
        for widget in self.query(".-invalid"):
            if not isinstance(widget, DateField):
                widget.remove_class("-invalid")
        try:
            result = self.collect()
        except FieldError as exc:
            self._show_error(exc.field, str(exc))
            return
        except DateParseError as exc:
            self.query_one("#form-error", Static).update(Content(str(exc)))
            return
        self.dismiss(result)

    def _show_error(self, field: str, message: str) -> None:
        target = self.query(f"#{field}")
        if target and isinstance(target.first(), DateField):
            target.first(DateField).show_error(message)
            target.first().focus()
            return
        errors = self.query(f"#{field}-error")
        if errors:
            errors.first(Static).update(Content(message))
            if target:
                target.first().add_class("-invalid")
                target.first().focus()
        else:
            self.query_one("#form-error", Static).update(message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def date_value(self, field_id: str) -> date | datetime | None:
        widget = self.query_one(f"#{field_id}", DateField)
        try:
            return widget.parse()
        except DateParseError as exc:
            raise FieldError(field_id, str(exc)) from None


def _person(text: str, field: str) -> NewContact:
    """ "Dana Lee <dana@acme.com>" or "Dana Lee" → a new contact."""
    if "<" not in text and "@" not in text:
        return NewContact(text.strip())
    name, address = parseaddr(text)
    if not name or "@" not in address:
        raise FieldError(field, f'{text!r}: write "Name <email>" or just a name')
    return NewContact(name, email=address)


class TickList(SelectionList[int]):
    """A SelectionList whose boxes read "X" when ticked and are blank when not.

    Textual's list draws an "X" in every box and tells the states apart by
    colour alone, so an unticked interviewer looked ticked and a round was
    saved without them (and they got no thank-you).
    """

    TICKED = "X"
    UNTICKED = " "

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        segments = list(line)
        if len(segments) < 4:
            return line
        ticked = self.get_option_at_index(index).value in self.selected
        box = segments[1]
        segments[1] = Segment(self.TICKED if ticked else self.UNTICKED, box.style,
                              box.control)
        return Strip(segments, line.cell_length)


# -- application ---------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationInput:
    company: str
    role: str
    stage_id: int
    applied_on: date | None
    company_domain: str | None
    main_contact: NewContact | None
    notes: str
    #: Asked in the edit form only: both come up after the application is made.
    no_contact: bool = False
    references_requested_on: date | None = None

    def update(self, store: Store, app_id: int) -> None:
        store.update_application(app_id, company=self.company, role=self.role,
                                 applied_on=self.applied_on,
                                 company_domain=self.company_domain, notes=self.notes,
                                 no_contact=self.no_contact,
                                 references_requested_on=self.references_requested_on)


class ApplicationForm(FormScreen[ApplicationInput]):
    TITLE_TEXT = "New application"

    def __init__(self, stages: list[StageRec], companies: list[str],
                 existing: ApplicationRec | None = None, stage_id: int | None = None) -> None:
        super().__init__()
        self.stages = stages
        self.companies = companies
        self.existing = existing
        self.stage_id = existing.stage_id if existing else (stage_id or stages[0].id)
        if existing:
            self.TITLE_TEXT = f"Edit {existing.company} · {existing.role}"

    def compose_fields(self) -> ComposeResult:
        e = self.existing
        yield from self.field("company", "Company", e.company if e else "",
                              suggester=SuggestFromList(self.companies, case_sensitive=False))
        yield from self.field("role", "Role", e.role if e else "")
        if e is None:
            yield Label("Stage")
            yield Select([(Content(s.name), s.id) for s in self.stages], value=self.stage_id,
                         allow_blank=False, id="stage")
        yield DateField("Applied on", value=e.applied_on.isoformat() if e and e.applied_on
                        else ("today" if e is None else ""), id="applied")
        yield from self.field("domain", "Company website domain (optional)",
                              (e.company_domain or "") if e else "", placeholder="acme.com")
        if e is None:
            yield from self.field("contact", "Main contact (optional)",
                                  placeholder="Dana Lee <dana@acme.com>")
        yield from self.field("notes", "Notes", e.notes if e else "")
        if e is not None:
            yield DateField("References requested on (Afterview reminds you to tell them)",
                            value=e.references_requested_on.isoformat()
                            if e.references_requested_on else "", id="references")
            yield Label("They asked not to be contacted: no follow-ups, no nudges")
            yield Checkbox("No contact", e.no_contact, id="no_contact")

    def collect(self) -> ApplicationInput:
        company, role = self.text("company"), self.text("role")
        if not company:
            raise FieldError("company", "Enter the company's name")
        if not role:
            raise FieldError("role", "Enter the role you applied for")
        applied = self.date_value("applied")
        domain = self.text("domain").lower().removeprefix("https://").removeprefix("www.")
        if domain and not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", domain):
            raise FieldError("domain", "A domain looks like acme.com")
        contact = None
        if self.existing is None and self.text("contact"):
            contact = _person(self.text("contact"), "contact")
        stage_id = self.stage_id
        if self.existing is None:
            value = self.query_one("#stage", Select).value
            stage_id = value if isinstance(value, int) else self.stage_id
        no_contact, references = False, None
        if self.existing is not None:
            no_contact = self.query_one("#no_contact", Checkbox).value
            asked = self.date_value("references")
            references = asked if isinstance(asked, date) else None
        return ApplicationInput(company, role, stage_id, applied,  # type: ignore[arg-type]
                                domain or None, contact, self.text("notes"),
                                no_contact, references)


# -- contact ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContactInput:
    """A person as typed into the contact form, and whether they are the main contact."""

    person: NewContact
    main: bool = False

    def update(self, store: Store, contact_id: int, *, keep_blank: bool = False) -> None:
        """Save over an existing contact. ``keep_blank``: ``a`` with a known name
        adds what was typed, and a field left empty keeps what the contact had
        (the name too: "sam ortiz" typed does not respell Sam Ortiz)."""
        p = self.person
        fields: dict[str, object] = {"name": p.name, "title": p.title, "email": p.email,
                                     "phone": p.phone}
        if keep_blank:
            fields = {k: v for k, v in fields.items() if v and k != "name"}
        if self.main:
            fields["main"] = True
        store.update_contact(contact_id, **fields)


class ContactForm(FormScreen[ContactInput]):
    TITLE_TEXT = "New contact"

    def __init__(self, existing: ContactRec | None = None,
                 typed: ContactInput | None = None) -> None:
        """``existing``: edit that contact. ``typed``: what was typed before (the
        form opened again after "update them?" was declined: nothing is lost)."""
        super().__init__()
        self.existing = existing
        self.typed = typed
        if existing:
            self.TITLE_TEXT = f"Edit {existing.name}"

    def compose_fields(self) -> ComposeResult:
        e = self.existing
        p = self.typed.person if self.typed else (
            NewContact(e.name, e.title, e.email, e.phone) if e else NewContact(""))
        main = self.typed.main if self.typed else bool(e and e.is_main)
        yield from self.field("name", "Name", p.name)
        yield from self.field("title", "Title", p.title or "",
                              placeholder="Engineering Manager")
        yield from self.field("email", "Email", p.email or "")
        yield from self.field("phone", "Phone", p.phone or "")
        yield Checkbox("Main contact (follow-ups go to them)", main, id="main")

    def collect(self) -> ContactInput:
        name, email = self.text("name"), self.text("email")
        if not name:
            raise FieldError("name", "Enter their name, as on their card")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise FieldError("email", f"{email!r} is not an email address")
        return ContactInput(NewContact(name, self.text("title") or None, email or None,
                                       self.text("phone") or None),
                            self.query_one("#main", Checkbox).value)


# -- round -------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundInput:
    starts_at: datetime
    ends_at: datetime | None
    kind: str
    interviewer_ids: tuple[int, ...]
    new_interviewers: tuple[NewContact, ...]
    talking_points: str
    unfinished_business: str
    decision_on: date | None

    def save(self, store: Store, app_id: int) -> None:
        store.add_round(app_id, self.starts_at, ends_at=self.ends_at, kind=self.kind,
                        interviewer_ids=self.interviewer_ids,
                        new_interviewers=self.new_interviewers,
                        talking_points=self.talking_points,
                        unfinished_business=self.unfinished_business,
                        decision_expected_on=self.decision_on)

    def update(self, store: Store, round_id: int) -> None:
        """Save over a logged round: its interviewers become exactly those ticked,
        plus the people typed in (a forgotten interviewer, added as a contact)."""
        store.update_round(round_id, starts_at=self.starts_at, ends_at=self.ends_at,
                           kind=self.kind, interviewer_ids=self.interviewer_ids,
                           new_interviewers=self.new_interviewers,
                           talking_points=self.talking_points,
                           unfinished_business=self.unfinished_business,
                           decision_expected_on=self.decision_on)


def parse_end(text: str, start: datetime) -> datetime | None:
    """ "15:30", "3:30pm", "45m", "1h", "1h30m" or "90" (minutes) → the end time."""
    text = text.strip().lower().replace(" ", "")
    if not text:
        return None
    duration = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)(?:m|min)?)?", text)
    if duration and any(duration.groups()) and ":" not in text:
        hours, minutes = (int(g) if g else 0 for g in duration.groups())
        if hours == 0 and minutes == 0:
            raise ValueError("a round lasts some time: e.g. 45m or 1h")
        return start + timedelta(hours=hours, minutes=minutes)
    clock_time = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", text)
    if clock_time:
        hour, minute, half = int(clock_time[1]), int(clock_time[2] or 0), clock_time[3]
        if half == "pm" and hour < 12:
            hour += 12
        if half == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            end = start.replace(hour=hour, minute=minute)
            if end <= start:
                raise ValueError(f"{text} is not after the start ({start:%H:%M})")
            return end
    raise ValueError(f"can't read {text!r}: an end time (15:30, 3pm) or a length (45m, 1h)")


class RoundForm(FormScreen[RoundInput]):
    TITLE_TEXT = "Log an interview round"

    def __init__(self, company: str, contacts: list[ContactRec],
                 existing: RoundRec | None = None) -> None:
        super().__init__()
        self.contacts = contacts
        self.existing = existing
        self.TITLE_TEXT = (f"Edit round {existing.number} · {company}" if existing
                           else f"Log an interview round · {company}")

    def compose_fields(self) -> ComposeResult:
        e = self.existing
        starts = e.starts_at.astimezone() if e else None
        ends = e.ends_at.astimezone() if e and e.ends_at else None
        yield DateField("Starts", with_time=True, required=True, id="starts",
                        value=f"{starts:%Y-%m-%d %H:%M}" if starts else "")
        yield from self.field("ends", "Ends, or how long",
                              (f"{ends:%H:%M}" if ends else "") if e else "1h",
                              placeholder="15:30 or 45m")
        yield Label("Kind")
        yield Select([(k, k) for k in ROUND_KINDS], value=e.kind if e else "video",
                     allow_blank=False, id="kind")
        if self.contacts:
            # A new round starts with the main contact ticked: the person most
            # often met, and the one a forgotten tick cost a thank-you.
            ticked = ({p.id for p in e.interviewers} if e
                      else {c.id for c in self.contacts if c.is_main})
            yield Label("Interviewers (space ticks)")
            yield TickList(*[(Content(c.name + (f" — {c.title}" if c.title else "")), c.id,
                              c.id in ticked)
                             for c in self.contacts], id="people")
        yield from self.field("new_people", "Add people (comma-separated)",
                              placeholder="Dana Lee <dana@acme.com>, Sam Ortiz")
        yield Label("Talking points (what you discussed: the thank-you will mention it)")
        yield TextArea(e.talking_points if e else "", id="talking_points", soft_wrap=True)
        yield from self.field("unfinished", "Unfinished business (a question to answer after)",
                              e.unfinished_business if e else "")
        yield DateField("Decision expected (ask them!)", id="decision",
                        value=e.decision_expected_on.isoformat()
                        if e and e.decision_expected_on else "")

    def collect(self) -> RoundInput:
        starts = self.date_value("starts")
        assert isinstance(starts, datetime)
        try:
            ends = parse_end(self.text("ends"), starts)
        except ValueError as exc:
            raise FieldError("ends", str(exc)) from None
        decision = self.date_value("decision")
        if isinstance(decision, date) and decision < starts.date():
            raise FieldError("decision", "That is before the interview: enter the day they "
                             "said they would decide")
        new_people = tuple(_person(part, "new_people")
                           for part in self.text("new_people").split(",") if part.strip())
        known = {c.name.casefold() for c in self.contacts}
        for person in new_people:
            if person.name.casefold() in known:
                raise FieldError("new_people",
                                 f"{person.name} is already a contact: tick them above")
        people = tuple(self.query_one("#people", SelectionList).selected) \
            if self.contacts else ()
        kind = self.query_one("#kind", Select).value
        return RoundInput(starts, ends, str(kind), people, new_people,
                          self.query_one("#talking_points", TextArea).text.strip(),
                          self.text("unfinished"),
                          decision if isinstance(decision, date) else None)


# -- response -----------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseInput:
    at: datetime
    contact_id: int | None
    channel: str
    summary: str
    new_decision_on: date | None

    def save(self, store: Store, app_id: int) -> None:
        store.log_response(app_id, at=self.at, contact_id=self.contact_id,
                           channel=self.channel, summary=self.summary,
                           new_decision_on=self.new_decision_on)


class ResponseForm(FormScreen[ResponseInput]):
    TITLE_TEXT = "Log a response"

    def __init__(self, company: str, contacts: list[ContactRec]) -> None:
        super().__init__()
        self.contacts = contacts
        self.TITLE_TEXT = f"Log a response from {company}"

    def compose_fields(self) -> ComposeResult:
        now = clock.now()
        yield DateField("When", with_time=True, required=True,
                        value=now.strftime("%Y-%m-%d %H:%M"), id="at")
        yield Label("From")
        # Content, not str: names are the user's text, and a str is read as markup.
        # Most replies come from the main contact: start there (the blank is
        # still one step up, for anyone else).
        main = next((c.id for c in self.contacts if c.is_main), None)
        yield Select([(Content(c.name), c.id) for c in self.contacts], prompt="(someone else)",
                     id="contact", value=main if main is not None else Select.NULL)
        yield Label("Channel")
        yield Select([(c, c) for c in CHANNELS], value="email", allow_blank=False,
                     id="channel")
        yield from self.field("summary", "What they said")
        yield DateField("They gave a new decision date", id="new_decision")

    def collect(self) -> ResponseInput:
        at = self.date_value("at")
        assert isinstance(at, datetime)
        contact = self.query_one("#contact", Select).value
        new_date = self.date_value("new_decision")
        return ResponseInput(at, contact if isinstance(contact, int) else None,
                             str(self.query_one("#channel", Select).value),
                             self.text("summary"),
                             new_date if isinstance(new_date, date) else None)


# -- a logged message and a reminder, edited ----------------------------------------


@dataclass(frozen=True)
class CommunicationInput:
    at: datetime
    kind: str
    channel: str
    contact_id: int | None
    summary: str

    def update(self, store: Store, comm_id: int) -> None:
        store.update_communication(comm_id, at=self.at, kind=self.kind, channel=self.channel,
                                   contact_id=self.contact_id, summary=self.summary)


#: How each kind reads in the form: a response is the one kind that came in.
COMM_KIND_LABELS: dict[str, str] = {
    "thank_you": "Thank-you you sent", "follow_up": "Follow-up you sent",
    "other": "Other message you sent", "response": "Their response",
}


class CommunicationForm(FormScreen[CommunicationInput]):
    """Correct a message in the timeline (when, what, how, with whom, what was said)."""

    TITLE_TEXT = "Edit the message"

    def __init__(self, existing: CommunicationRec, contacts: list[ContactRec]) -> None:
        super().__init__()
        self.existing = existing
        self.contacts = contacts

    def compose_fields(self) -> ComposeResult:
        e = self.existing
        yield DateField("When", with_time=True, required=True, id="at",
                        value=f"{e.at.astimezone():%Y-%m-%d %H:%M}")
        yield Label("What")
        yield Select([(COMM_KIND_LABELS.get(k, k), k) for k in COMM_KINDS], value=e.kind,
                     allow_blank=False, id="comm_kind")
        yield Label("With")
        yield Select([(Content(c.name), c.id) for c in self.contacts],
                     prompt="(someone else)", id="contact",
                     value=e.contact_id if e.contact_id in {c.id for c in self.contacts}
                     else Select.NULL)
        yield Label("Channel")
        yield Select([(c, c) for c in CHANNELS], value=e.channel, allow_blank=False,
                     id="channel")
        yield from self.field("summary", "Summary", e.summary)

    def collect(self) -> CommunicationInput:
        at = self.date_value("at")
        assert isinstance(at, datetime)
        contact = self.query_one("#contact", Select).value
        return CommunicationInput(at, str(self.query_one("#comm_kind", Select).value),
                                  str(self.query_one("#channel", Select).value),
                                  contact if isinstance(contact, int) else None,
                                  self.text("summary"))


@dataclass(frozen=True)
class ReminderInput:
    title: str
    due_on: date

    def save(self, store: Store, app_id: int) -> None:
        store.add_custom_action(app_id, self.title, self.due_on)

    def update(self, store: Store, action_id: int) -> None:
        store.update_custom_action(action_id, title=self.title, due_on=self.due_on)


class ReminderForm(FormScreen[ReminderInput]):
    """A reminder of your own on an application (details `m`), or one reworded
    or moved (details `l`). It comes up on Today and the calendar on its day."""

    TITLE_TEXT = "A reminder of your own"
    #: A new reminder's day when none is typed: a week on, when a quiet
    #: application is worth a look again.
    DEFAULT_DAYS = 7

    def __init__(self, existing: CustomActionRec | None = None) -> None:
        super().__init__()
        self.existing = existing
        if existing is not None:
            self.TITLE_TEXT = "Edit the reminder"

    def compose_fields(self) -> ComposeResult:
        existing = self.existing
        due = (existing.due_on if existing
               else clock.today() + timedelta(days=self.DEFAULT_DAYS))
        yield from self.field("reminder_title", "Remind me to",
                              existing.title if existing else "",
                              placeholder="e.g. Ask Dana about the team offsite")
        yield DateField("On", required=True, id="due", value=due.isoformat())

    def collect(self) -> ReminderInput:
        title = self.text("reminder_title")
        if not title:
            raise FieldError("reminder_title", "Say what to do, e.g. Reconnect with Dana")
        due = self.date_value("due")
        assert isinstance(due, date)
        return ReminderInput(title, due)


# -- close --------------------------------------------------------------------------


@dataclass(frozen=True)
class CloseInput:
    outcome: str
    reconnect_on: date | None


class CloseForm(FormScreen[CloseInput]):
    TITLE_TEXT = "Close"

    def __init__(self, company: str, reconnect_months: int = 3) -> None:
        super().__init__()
        self.TITLE_TEXT = f"Close {company}: how did it end?"
        self.months = reconnect_months

    def compose_fields(self) -> ComposeResult:
        yield Label("Outcome")
        yield Select([(o, o) for o in OUTCOMES], value="rejected", allow_blank=False,
                     id="outcome")
        # The why in a label, which wraps; a tick box's own text is one line,
        # cut at the form's edge.
        yield Label("Reconnect later: ask about referrals, keep the contacts warm")
        yield Checkbox(f"Remind me in {self.months} months", True, id="reconnect")

    @on(Select.Changed, "#outcome")
    def _outcome_changed(self, event: Select.Changed) -> None:
        # The reminder is offered for the endings that leave a network behind.
        self.query_one("#reconnect", Checkbox).value = event.value in ("rejected", "moved on")

    def collect(self) -> CloseInput:
        outcome = str(self.query_one("#outcome", Select).value)
        remind = self.query_one("#reconnect", Checkbox).value
        when = clock.today() + relativedelta(months=self.months) if remind else None
        return CloseInput(outcome, when)
