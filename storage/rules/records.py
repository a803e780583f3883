"""Frozen records: what the store hands out instead of ORM rows.

Widgets and commands hold these; they never see a session, so nothing can
lazy-load from a closed session or write by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage.rules.cadence import ActionKind, ActionStatus

OUTCOMES: tuple[str, ...] = ("hired", "declined", "rejected", "withdrew", "moved on")
ROUND_KINDS: tuple[str, ...] = ("phone", "video", "onsite", "technical", "panel", "other")
CHANNELS: tuple[str, ...] = ("email", "phone", "linkedin", "letter", "in person", "other")
COMM_KINDS: tuple[str, ...] = ("thank_you", "follow_up", "response", "other")
NOTE_KINDS: tuple[str, ...] = (
    "thank_you", "follow_up", "second_follow_up", "update_request", "call_script",
    "reference_heads_up", "stay_in_touch", "blank",
)


#: What a stage means to the rules, whatever the user calls it: an application
#: in an "offer" stage has had its answer (the wait is over); in a "closed"
#: stage it has nothing pending. Everything else is "open".
STAGE_ROLES: tuple[str, ...] = ("open", "offer", "closed")


def legacy_stage_role(name: str, closed: bool) -> str:
    """The role of a stage known only by its name and closed flag (a file or a
    database from before roles): the closed flag, and the name Offer, as then."""
    if closed:
        return "closed"
    return "offer" if name.strip().casefold() == "offer" else "open"


@dataclass(frozen=True, slots=True)
class StageRec:
    id: int
    name: str
    position: int
    role: str = "open"

    @property
    def closed(self) -> bool:
        return self.role == "closed"

    @property
    def offer(self) -> bool:
        return self.role == "offer"


@dataclass(frozen=True, slots=True)
class ContactRec:
    id: int
    application_id: int
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    is_main: bool = False


@dataclass(frozen=True, slots=True)
class RoundRec:
    id: int
    application_id: int
    number: int
    starts_at: datetime
    ends_at: datetime | None
    kind: str
    talking_points: str
    unfinished_business: str
    decision_expected_on: date | None
    interviewers: tuple[ContactRec, ...] = ()


@dataclass(frozen=True, slots=True)
class CommunicationRec:
    id: int
    application_id: int
    at: datetime
    direction: str
    kind: str
    channel: str
    contact_id: int | None
    contact_name: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class NoteRec:
    id: int
    application_id: int
    contact_id: int | None
    kind: str
    channel: str
    subject: str
    body: str
    status: str
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class OverrideRec:
    id: int
    application_id: int
    kind: str
    interview_id: int | None
    contact_id: int | None
    snoozed_to: date | None
    skipped_on: date | None
    done_on: date | None


@dataclass(frozen=True, slots=True)
class CustomActionRec:
    id: int
    application_id: int
    title: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True, slots=True)
class StageChangeRec:
    stage_id: int
    stage_name: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class ApplicationRec:
    id: int
    uid: str
    company: str
    company_domain: str | None
    role: str
    stage_id: int
    stage_name: str
    position: float
    applied_on: date | None
    no_contact: bool
    references_requested_on: date | None
    outcome: str | None
    notes: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StageMove:
    """A card moved between stages: what :meth:`Store.undo_move` needs to put it back."""

    application_id: int
    change_id: int
    from_stage_id: int
    from_position: float
    from_outcome: str | None
    to_stage_id: int
    custom_action_id: int | None = None
    """A reminder the move created (closing with "reconnect"), removed by undo."""


@dataclass(frozen=True, slots=True)
class NewRound:
    """An interview round typed into a form or a command, not yet stored."""

    starts_at: datetime
    ends_at: datetime | None = None
    kind: str = "video"
    interviewers: tuple[str, ...] = ()
    """Names of the contacts stored with it (matched ignoring case)."""
    talking_points: str = ""
    unfinished_business: str = ""
    decision_expected_on: date | None = None


@dataclass(frozen=True, slots=True)
class NewContact:
    """A person typed into a form, not yet stored."""

    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class ApplicationDetail:
    """One application with everything it holds, for the details screen."""

    application: ApplicationRec
    contacts: tuple[ContactRec, ...]
    rounds: tuple[RoundRec, ...]
    communications: tuple[CommunicationRec, ...]
    notes: tuple[NoteRec, ...]
    overrides: tuple[OverrideRec, ...]
    custom_actions: tuple[CustomActionRec, ...]
    history: tuple[StageChangeRec, ...]

    @property
    def main_contact(self) -> ContactRec | None:
        return next((c for c in self.contacts if c.is_main), None)


@dataclass(frozen=True, slots=True)
class Card:
    """One application as a board card."""

    id: int
    company: str
    role: str
    stage_id: int
    position: float
    next_kind: str | None = None
    next_label: str | None = None
    """e.g. "Follow-up to Dana Lee"."""
    next_on: date | None = None
    next_status: str | None = None
    outcome: str | None = None

    @property
    def overdue(self) -> bool:
        return self.next_status in (ActionStatus.OVERDUE, ActionStatus.LATE)


@dataclass(frozen=True, slots=True)
class BoardData:
    stages: list[StageRec]
    cards: dict[int, list[Card]]
    """Stage id → its cards in column order."""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One pending action, as the agenda, Today and the calendar show it."""

    date: date
    due_at: datetime | None
    kind: str
    status: str
    company: str
    role: str
    contact: str | None
    application_id: int
    reason: str
    interview_id: int | None = None
    round_number: int | None = None
    contact_id: int | None = None
    custom_action_id: int | None = None
    snoozed: bool = False

    @property
    def title(self) -> str:
        """What to do, for whom: the first words of every line that shows it."""
        to = f" to {self.contact}" if self.contact else ""
        if self.kind == ActionKind.THANK_YOU:
            return f"Thank-you note{to}"
        if self.kind == ActionKind.FOLLOW_UP:
            return f"First follow-up{to}"
        if self.kind == ActionKind.SECOND_FOLLOW_UP:
            return f"Second follow-up{to}"
        if self.kind == ActionKind.MOVE_ON:
            return "Move on: close it and keep the contacts"
        if self.kind == ActionKind.REFERENCES:
            return "Tell your references to expect a call"
        return self.reason

    @property
    def why(self) -> str:
        """Why it is due; a late thank-you says to send it anyway."""
        if self.kind == ActionKind.CUSTOM:
            return "your reminder"
        if self.status == ActionStatus.LATE:
            return f"{self.reason} (late: send it anyway)"
        return self.reason

    def to_json(self) -> dict[str, Any]:
        """The agenda JSON fields of PRODUCT.md, plus the reason and the round."""
        return {
            "date": self.date.isoformat(),
            "due_at": self.due_at.isoformat(timespec="minutes") if self.due_at else None,
            "kind": self.kind, "status": self.status, "company": self.company,
            "role": self.role, "contact": self.contact, "application_id": self.application_id,
            "reason": self.reason, "round": self.round_number, "snoozed": self.snoozed,
        }


#: What a note of each kind is logged as when it is sent (PRODUCT.md's
#: communication kinds). A second follow-up, an update request and a call are
#: all follow-ups to the cadence.
NOTE_COMM_KIND: dict[str, str] = {
    "thank_you": "thank_you", "follow_up": "follow_up", "second_follow_up": "follow_up",
    "update_request": "follow_up", "call_script": "follow_up",
    "reference_heads_up": "other", "stay_in_touch": "other", "blank": "other",
}


@dataclass(frozen=True, slots=True)
class ActionRef:
    """Names one pending action: what the composer was opened for."""

    kind: str
    interview_id: int | None = None
    contact_id: int | None = None
    custom_action_id: int | None = None

    @classmethod
    def of(cls, item: AgendaItem) -> ActionRef:
        return cls(item.kind, item.interview_id, item.contact_id, item.custom_action_id)

    def matches(self, item: AgendaItem) -> bool:
        return self == ActionRef.of(item)


@dataclass(frozen=True, slots=True)
class CompanyNote:
    """A note (draft or sent) written to someone at the same company."""

    note_id: int
    application_id: int
    contact_id: int | None
    contact_name: str | None
    kind: str
    body: str


@dataclass(frozen=True, slots=True)
class ComposeSource:
    """Everything the composer drafts and checks a note from (one read)."""

    detail: ApplicationDetail
    actions: tuple[AgendaItem, ...]
    follow_ups_sent: int
    """Follow-ups already sent (or done) for the latest round: the "overdoing" check."""
    company_notes: tuple[CompanyNote, ...]
    word_list: tuple[str, ...]
    your_name: str
