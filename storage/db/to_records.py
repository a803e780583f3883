"""ORM rows → frozen records. The only place that knows both shapes."""

from __future__ import annotations

from storage.db.models import (
    ActionOverride,
    Application,
    Communication,
    Contact,
    CustomAction,
    Interview,
    Note,
    Stage,
)
from storage.rules.records import (
    ApplicationDetail,
    ApplicationRec,
    CommunicationRec,
    ContactRec,
    CustomActionRec,
    NoteRec,
    OverrideRec,
    RoundRec,
    StageChangeRec,
    StageRec,
)


def stage(row: Stage) -> StageRec:
    return StageRec(row.id, row.name, row.position, row.role)


def contact(row: Contact) -> ContactRec:
    return ContactRec(row.id, row.application_id, row.name, row.title, row.email, row.phone,
                      row.is_main)


def round_(row: Interview, number: int) -> RoundRec:
    return RoundRec(
        id=row.id, application_id=row.application_id, number=number,
        starts_at=row.starts_at, ends_at=row.ends_at, kind=row.kind,
        talking_points=row.talking_points, unfinished_business=row.unfinished_business,
        decision_expected_on=row.decision_expected_on,
        interviewers=tuple(contact(c) for c in row.interviewers),
    )


def communication(row: Communication) -> CommunicationRec:
    return CommunicationRec(
        id=row.id, application_id=row.application_id, at=row.at, direction=row.direction,
        kind=row.kind, channel=row.channel, contact_id=row.contact_id,
        contact_name=row.contact.name if row.contact is not None else None,
        summary=row.summary,
    )


def note(row: Note) -> NoteRec:
    return NoteRec(
        id=row.id, application_id=row.application_id, contact_id=row.contact_id,
        kind=row.kind, channel=row.channel, subject=row.subject, body=row.body,
        status=row.status, created_at=row.created_at, updated_at=row.updated_at,
        sent_at=row.sent_at,
    )


def override(row: ActionOverride) -> OverrideRec:
    return OverrideRec(row.id, row.application_id, row.kind, row.interview_id, row.contact_id,
                       row.snoozed_to, row.skipped_on, row.done_on)


def custom_action(row: CustomAction) -> CustomActionRec:
    return CustomActionRec(row.id, row.application_id, row.title, row.due_on, row.done_on)


def application(row: Application) -> ApplicationRec:
    return ApplicationRec(
        id=row.id, uid=row.uid, company=row.company.name, company_domain=row.company.domain,
        role=row.role, stage_id=row.stage_id, stage_name=row.stage.name,
        position=row.position, applied_on=row.applied_on, no_contact=row.no_contact,
        references_requested_on=row.references_requested_on, outcome=row.outcome,
        notes=row.notes, created_at=row.created_at, updated_at=row.updated_at,
    )


def detail(row: Application) -> ApplicationDetail:
    return ApplicationDetail(
        application=application(row),
        contacts=tuple(contact(c) for c in row.contacts),
        rounds=tuple(round_(r, i) for i, r in enumerate(row.interviews, 1)),
        communications=tuple(communication(c) for c in row.communications),
        notes=tuple(note(n) for n in row.notes_written),
        overrides=tuple(override(o) for o in row.action_overrides),
        custom_actions=tuple(custom_action(a) for a in row.custom_actions),
        history=tuple(StageChangeRec(h.stage_id, h.stage.name, h.changed_at)
                      for h in row.stage_history),
    )
