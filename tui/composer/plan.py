"""What the composer opens on: which note, to whom, by which channel, from what.

Pure: it reads a :class:`ComposeSource` (one database read) and decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storage.rules.answers import answers as answers_note
from storage.rules.cadence import ActionKind
from storage.rules.records import (
    ActionRef,
    AgendaItem,
    ComposeSource,
    ContactRec,
    NoteRec,
    RoundRec,
)
from tui.composer.checks import THANK_YOU, NoteContext, OtherNote
from tui.composer.templates import NoteFacts

#: The template each kind of due action calls for.
TEMPLATE_FOR_ACTION: dict[str, str] = {
    ActionKind.THANK_YOU: "thank_you",
    ActionKind.FOLLOW_UP: "follow_up",
    ActionKind.SECOND_FOLLOW_UP: "second_follow_up",
    ActionKind.MOVE_ON: "stay_in_touch",
    ActionKind.REFERENCES: "reference_heads_up",
}


@dataclass(frozen=True, slots=True)
class NotePlan:
    kind: str
    contact_id: int | None
    channel: str
    action: AgendaItem | None
    draft: NoteRec | None
    """A saved draft of this note: the composer resumes it instead of a template."""


def template_for(item: AgendaItem, source: ComposeSource) -> str:
    if item.kind == ActionKind.CUSTOM:
        outcome = source.detail.application.outcome
        return "stay_in_touch" if outcome in ("rejected", "moved on") else "blank"
    return TEMPLATE_FOR_ACTION.get(item.kind, "blank")


def last_channel(source: ComposeSource, contact_id: int | None) -> str | None:
    """The channel of the latest exchange with that contact (002: use their medium)."""
    if contact_id is None:
        return None
    latest = None
    for comm in source.detail.communications:
        if comm.contact_id == contact_id and (latest is None or comm.at > latest.at):
            latest = comm
    return latest.channel if latest is not None else None


def find_draft(source: ComposeSource, kind: str, contact_id: int | None) -> NoteRec | None:
    drafts = [n for n in source.detail.notes
              if n.status == "draft" and n.kind == kind and n.contact_id == contact_id]
    return max(drafts, key=lambda n: (n.updated_at, n.id)) if drafts else None


def default_contact(source: ComposeSource) -> ContactRec | None:
    detail = source.detail
    return detail.main_contact or (detail.contacts[0] if detail.contacts else None)


def plan_note(source: ComposeSource, action: ActionRef | None = None,
              kind: str | None = None, contact_id: int | None = None) -> NotePlan:
    """The note to open: the given action's, else the application's next due note."""
    item = None
    if action is not None:
        item = next((a for a in source.actions if action.matches(a)), None)
    elif kind is None and contact_id is not None:
        item = next((a for a in source.actions if a.contact_id == contact_id), None)
    elif kind is None:
        item = next((a for a in source.actions if a.kind != ActionKind.CUSTOM), None) \
            or next(iter(source.actions), None)
    if item is not None:
        kind = template_for(item, source)
        contact_id = item.contact_id
    kind = kind or "blank"
    if contact_id is None and kind != "reference_heads_up":
        main = default_contact(source)
        contact_id = main.id if main else None
    draft = find_draft(source, kind, contact_id)
    if draft is not None:
        channel = draft.channel
    else:
        channel = last_channel(source, contact_id) or (
            "phone" if kind == "call_script" else "email")
    return NotePlan(kind, contact_id, channel, item, draft)


def answered_action(source: ComposeSource, kind: str, contact_id: int | None,
                    opened_for: AgendaItem | None) -> AgendaItem | None:
    """The pending action the note being sent answers: its kind, its recipient
    and its round must match; None when it answers none.

    Decided from what the note is when it is sent, not from what the composer
    was opened for: a template or recipient changed since then changes it.
    """
    rnd = round_for(source, opened_for)
    round_id = rnd.id if rnd is not None else None

    def answers(item: AgendaItem) -> bool:
        if item.kind == ActionKind.CUSTOM:
            # A reminder has no kind of note: only the note opened for it,
            # still in the template it was opened with, answers it.
            return item == opened_for and template_for(item, source) == kind
        return answers_note(item, kind, contact_id, round_id)

    matching = [a for a in source.actions if answers(a)]
    if opened_for is not None and opened_for in matching:
        return opened_for
    return matching[0] if matching else None


def round_for(source: ComposeSource, item: AgendaItem | None) -> RoundRec | None:
    """The round a note is about: the action's, else the latest."""
    rounds = source.detail.rounds
    if item is not None and item.interview_id is not None:
        found = next((r for r in rounds if r.id == item.interview_id), None)
        if found is not None:
            return found
    return max(rounds, key=lambda r: r.starts_at) if rounds else None


def contact(source: ComposeSource, contact_id: int | None) -> ContactRec | None:
    return next((c for c in source.detail.contacts if c.id == contact_id), None)


def note_facts(source: ComposeSource, kind: str, contact_id: int | None,
               item: AgendaItem | None) -> NoteFacts:
    app = source.detail.application
    person = contact(source, contact_id)
    rnd = round_for(source, item)
    variant = 0
    if rnd is not None and person is not None:
        ids = [p.id for p in rnd.interviewers]
        variant = ids.index(person.id) if person.id in ids else 0
    first_follow_up = None
    if rnd is not None:
        outs = sorted(c.at for c in source.detail.communications
                      if c.direction == "out" and c.kind == "follow_up" and c.at >= rnd.starts_at)
        first_follow_up = outs[0].astimezone().date() if outs else None
    main = source.detail.main_contact
    return NoteFacts(
        recipient=person.name if person and kind != "reference_heads_up" else None,
        recipient_title=person.title if person else None,
        recipient_phone=person.phone if person else None,
        company=app.company, role=app.role,
        round_on=_local_day(rnd.starts_at) if rnd else None,
        talking_points=rnd.talking_points if rnd else "",
        unfinished_business=rnd.unfinished_business if rnd else "",
        decision_on=rnd.decision_expected_on if rnd else None,
        first_follow_up_on=first_follow_up,
        main_contact=main.name if main else None,
        your_name=source.your_name, variant=variant,
    )


def _local_day(dt: datetime) -> date:
    return dt.astimezone().date() if dt.tzinfo else dt.date()


def note_context(source: ComposeSource, kind: str, channel: str, contact_id: int | None,
                 item: AgendaItem | None, note_id: int | None, now: datetime,
                 known_words: frozenset[str]) -> NoteContext:
    app = source.detail.application
    person = contact(source, contact_id) if kind != "reference_heads_up" else None
    rnd = round_for(source, item)
    others: tuple[OtherNote, ...] = ()
    if kind in THANK_YOU:
        # Only notes to other people (003: coworkers compare): not this one,
        # not an earlier one to the same person (by name too: another
        # application at the company holds its own row for them), not one
        # to nobody in particular.
        me = person.name.strip().casefold() if person is not None else None
        others = tuple(
            OtherNote(n.contact_name, n.body)
            for n in source.company_notes
            if n.kind == "thank_you" and n.note_id != note_id and n.contact_id != contact_id
            and n.contact_name and n.contact_name.strip().casefold() != me and n.body.strip())
    # The timing check reads the due date of the action this note would answer.
    due_item = answered_action(source, kind, contact_id, item)
    return NoteContext(
        kind=kind, channel=channel,
        recipient=person.name if person else None,
        recipient_title=person.title if person else None,
        recipient_email=person.email if person else None,
        company=app.company, company_domain=app.company_domain, role=app.role,
        talking_points=rnd.talking_points if rnd else "",
        other_notes=others, follow_ups_sent=source.follow_ups_sent,
        due_on=due_item.date if due_item else None,
        due_at=due_item.due_at if due_item else None,
        decision_on=rnd.decision_expected_on if rnd else None,
        now=now, known_words=known_words, record_text=record_text(source),
    )


def record_text(source: ComposeSource) -> str:
    """Every name and term of the record a note may quote: all the contacts'
    names and titles, your name, every round's talking points and unfinished
    business (the reference heads-up names the main contact, for one)."""
    detail = source.detail
    parts = [source.your_name, detail.application.company, detail.application.role]
    for person in detail.contacts:
        parts += [person.name, person.title or ""]
    for rnd in detail.rounds:
        parts += [rnd.talking_points, rnd.unfinished_business]
        parts += [p.name for p in rnd.interviewers]
    return "\n".join(p for p in parts if p)
