"""The repository: every read and write the app and the CLI make.

Each public method is one transaction and returns frozen records
(:mod:`storage.rules.records`), never ORM rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from storage.db import board_query as board_queries
from storage.db import (
    calendar_sequences,
    changes,
    input_guard,  # noqa: F401  (checks every row before a flush)
)
from storage.db import pending_actions as actions
from storage.db import to_records as convert
from storage.db.engine import Database
from storage.db.models import (
    ActionOverride,
    Application,
    Communication,
    Company,
    Contact,
    CustomAction,
    Interview,
    Note,
    Stage,
    StageChange,
    utcnow,
)
from storage.db.settings_table import read_settings, write_settings
from storage.errors import NotFoundError, ValidationError
from storage.rules.cadence import Nudge, application_nudges, pipeline_nudges, resolved_chain
from storage.rules.records import (
    CHANNELS,
    COMM_KINDS,
    NOTE_COMM_KIND,
    OUTCOMES,
    ROUND_KINDS,
    STAGE_ROLES,
    ActionRef,
    AgendaItem,
    ApplicationDetail,
    ApplicationRec,
    BoardData,
    Card,
    CommunicationRec,
    CompanyNote,
    ComposeSource,
    ContactRec,
    CustomActionRec,
    NewContact,
    NewRound,
    NoteRec,
    OverrideRec,
    RoundRec,
    StageMove,
    StageRec,
)
from storage.rules.settings import Settings, cadence_cache_marker
from storage.rules.stages import default_stage

if TYPE_CHECKING:
    from storage.rules.stats import Period, StatsReport

#: (name, role) in board order. The rules read the role, never the name.
DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("Applied", "open"),
    ("Screen", "open"),
    ("Interview", "open"),
    ("Final round", "open"),
    ("Offer", "offer"),
    ("Closed", "closed"),
)


def _clean(text: str | None, what: str, *, required: bool = True, limit: int = 200) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ValidationError(f"{what}: required")
    if len(value) > limit:
        raise ValidationError(f"{what}: at most {limit} characters")
    return value


def _optional(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None


def _as_local_naive(dt: datetime) -> datetime:
    """Local wall time, as the cadence and the screens think of it."""
    return dt.astimezone().replace(tzinfo=None) if dt.tzinfo else dt


T = TypeVar("T")


def _row(s: Session, model: type[T], row_id: int, what: str) -> T:
    """The row ``row_id`` of ``model``, or one line saying it is gone (another
    window or process may have deleted it since the screen read it)."""
    row = s.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what} {row_id} no longer exists")
    return row


class Store:
    """Reads and writes on one :class:`~storage.db.engine.Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._writes = changes.WriteCount()
        changes.count_writes(db.sessions)
        self.ensure_defaults()
        self.ensure_actions_current()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One transaction that reads (one snapshot throughout); should it write
        after all, its writes are still credited to this store (:meth:`watch`)."""
        with self.db.session() as s:
            changes.claim(s, self._writes)
            yield s

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction that writes: it holds the write lock from its first
        statement, so what it reads cannot change before it writes."""
        with self.db.session(write=True) as s:
            changes.claim(s, self._writes)
            yield s

    def watch(self) -> changes.ChangeWatch:
        """A watch whose ``poll()`` is True when a writer other than this store
        (another process, another Store, the CLI, a tool) changed the database."""
        return changes.ChangeWatch(self.db, self._writes)

    # -- set-up -----------------------------------------------------------

    def ensure_defaults(self) -> None:
        """Give a new database the default stages."""
        with self._session() as s:
            if s.scalar(select(func.count()).select_from(Stage)):
                return
        with self._write() as s:
            if s.scalar(select(func.count()).select_from(Stage)):
                return  # another process was first
            for pos, (name, role) in enumerate(DEFAULT_STAGES):
                s.add(Stage(name=name, position=pos, role=role))

    def ensure_actions_current(self) -> None:
        """Rebuild the pending-actions cache if the rules, settings or zone changed
        since it was computed (a new version, a migration, another machine)."""
        with self._session() as s:
            if actions.is_current(s, read_settings(s)):
                return
        with self._write() as s:
            settings = read_settings(s)
            if not actions.is_current(s, settings):
                actions.rebuild_all(s, settings)

    # -- settings ---------------------------------------------------------

    def settings(self) -> Settings:
        with self._session() as s:
            return read_settings(s)

    def update_settings(self, **changes: Any) -> Settings:
        with self._write() as s:
            return self._change_settings(s, changes)

    def _change_settings(self, s: Session, changes: Mapping[str, Any]) -> Settings:
        current = read_settings(s)
        new = Settings.from_mapping({**current.to_mapping(), **changes}, path="settings")
        write_settings(s, new, only=changes.keys())
        self._after_settings_change(s, current, new)
        return new

    # -- stages -----------------------------------------------------------

    def stages(self) -> list[StageRec]:
        with self._session() as s:
            rows = s.scalars(select(Stage).order_by(Stage.position, Stage.id))
            return [convert.stage(r) for r in rows]

    def rename_stage(self, stage_id: int, name: str) -> StageRec:
        """Rename a stage. Nothing that is due changes: the rules read its role."""
        new_name = _clean(name, "stage name", limit=80)
        with self._write() as s:
            stage = self._get_stage(s, stage_id)
            clash = s.scalar(select(Stage).where(func.lower(Stage.name) == new_name.lower(),
                                                 Stage.id != stage_id))
            if clash is not None:
                raise ValidationError(f"stage name: {clash.name!r} is already a stage")
            stage.name = new_name
            s.flush()
            return convert.stage(stage)

    def set_stage_role(self, stage_id: int, role: str) -> StageRec:
        """Make a stage open, offer or closed: the due actions of its cards follow."""
        if role not in STAGE_ROLES:
            raise ValidationError(f"stage role: one of {', '.join(STAGE_ROLES)}")
        with self._write() as s:
            stage = self._get_stage(s, stage_id)
            if stage.role != role:
                stage.role = role
                s.flush()
                self._after_write(s, s.scalars(select(Application.id)
                                               .where(Application.stage_id == stage_id)))
            return convert.stage(stage)

    def add_stage(self, name: str, role: str = "open") -> StageRec:
        """A new stage, placed last among the open ones (before offer and closed
        stages, where a new column belongs on the board)."""
        new_name = _clean(name, "stage name", limit=80)
        if role not in STAGE_ROLES:
            raise ValidationError(f"stage role: one of {', '.join(STAGE_ROLES)}")
        with self._write() as s:
            if s.scalar(select(Stage).where(func.lower(Stage.name) == new_name.lower())):
                raise ValidationError(f"stage name: {new_name!r} is already a stage")
            rows = list(s.scalars(select(Stage).order_by(Stage.position, Stage.id)))
            at = next((i for i, r in enumerate(rows) if r.role != "open"), len(rows))
            stage = Stage(name=new_name, role=role)
            rows.insert(at, stage)
            s.add(stage)
            for pos, row in enumerate(rows):
                row.position = pos
            s.flush()
            return convert.stage(stage)

    def move_stage(self, stage_id: int, by: int) -> list[StageRec]:
        """Move a stage ``by`` places in board order (-1: left). Nothing due
        changes: the rules read roles, and the default stage is the first open
        one, which the user may pick this way. Returns the stages in order."""
        with self._write() as s:
            rows = list(s.scalars(select(Stage).order_by(Stage.position, Stage.id)))
            index = next((i for i, r in enumerate(rows) if r.id == stage_id), None)
            if index is None:
                raise NotFoundError(f"stage {stage_id} no longer exists")
            to = max(0, min(len(rows) - 1, index + by))
            rows.insert(to, rows.pop(index))
            for pos, row in enumerate(rows):
                row.position = pos
            s.flush()
            return [convert.stage(r) for r in rows]

    def delete_stage(self, stage_id: int) -> None:
        """Delete a stage no application is in. Refused while it holds a card,
        and for the last open stage (new applications need one). The dated
        history of cards that once passed through it forgets it: there is no
        column left to count them in."""
        with self._write() as s:
            stage = self._get_stage(s, stage_id)
            cards = s.scalar(select(func.count()).select_from(Application)
                             .where(Application.stage_id == stage_id)) or 0
            if cards:
                raise ValidationError(f"stage {stage.name!r} holds {cards} application"
                                      f"{'s' if cards != 1 else ''}: move them first")
            if stage.role == "open" and not s.scalar(
                    select(func.count()).select_from(Stage)
                    .where(Stage.role == "open", Stage.id != stage_id)):
                raise ValidationError(f"stage {stage.name!r} is the only open stage: "
                                      "new applications go there")
            s.execute(delete(StageChange).where(StageChange.stage_id == stage_id))
            s.delete(stage)

    @staticmethod
    def _get_stage(s: Session, stage_id: int) -> Stage:
        return _row(s, Stage, stage_id, "stage")

    @staticmethod
    def _default_stage(s: Session, *, interviewed: bool = False) -> Stage:
        rows = list(s.scalars(select(Stage).order_by(Stage.position, Stage.id)))
        chosen = default_stage([convert.stage(r) for r in rows], interviewed=interviewed)
        if chosen is None:
            raise ValidationError("no stage is open: give one the open role in settings")
        return next(r for r in rows if r.id == chosen.id)

    @staticmethod
    def _stage_by_name(s: Session, name: str) -> Stage:
        stage = s.scalar(select(Stage).where(func.lower(Stage.name) == name.strip().lower()))
        if stage is None:
            names = ", ".join(s.scalars(select(Stage.name).order_by(Stage.position)))
            raise ValidationError(f"stage {name!r} does not exist: use one of {names}")
        return stage

    # -- applications -----------------------------------------------------

    def _company(self, s: Session, name: str, domain: str | None = None) -> Company:
        company = s.scalar(select(Company).where(func.lower(Company.name) == name.lower()))
        if company is None:
            company = Company(name=name, domain=_optional(domain))
            s.add(company)
        elif domain and not company.domain:
            company.domain = domain.strip()
        return company

    def add_application(
        self,
        company: str,
        role: str,
        *,
        stage: str | None = None,
        stage_id: int | None = None,
        applied_on: date | None = None,
        company_domain: str | None = None,
        notes: str = "",
        no_contact: bool = False,
        contacts: Sequence[NewContact] = (),
        first_round: NewRound | None = None,
    ) -> ApplicationRec:
        """A new application with its contacts (the first is the main contact) and
        its first interview round, in one transaction.

        The stage is ``stage_id``, or ``stage`` by name, or else chosen by role
        and position (:func:`storage.rules.stages.default_stage`: the first open
        stage, or the one after it when ``first_round`` is given). Everything
        is checked before anything is written.
        """
        company_name = _clean(company, "company")
        role_name = _clean(role, "role")
        people = self._checked_people(contacts)
        if first_round is not None:
            self._check_new_round(first_round, people)
        if stage is not None and stage_id is not None:
            raise ValidationError("give the stage by name or by id, not both")
        with self._write() as s:
            if stage_id is not None:
                stage_row = self._get_stage(s, stage_id)
            elif stage:
                stage_row = self._stage_by_name(s, stage)
            else:
                stage_row = self._default_stage(s, interviewed=first_round is not None)
            app = Application(
                uid=uuid.uuid4().hex,
                company=self._company(s, company_name, company_domain),
                role=role_name,
                applied_on=applied_on,
                notes=notes,
                no_contact=no_contact,
            )
            self._place_in_stage(s, app, stage_row)
            s.add(app)
            for person in people:
                app.contacts.append(self._new_contact(app, person, main=not app.contacts))
            if first_round is not None:
                by_name = {c.name.casefold(): c for c in app.contacts}
                app.interviews.append(self._new_interview(
                    first_round, [by_name[n.strip().casefold()]
                                  for n in first_round.interviewers]))
            s.flush()
            self._after_write(s, [app.id])
            return convert.application(app)

    @staticmethod
    def _checked_people(people: Sequence[NewContact]) -> list[NewContact]:
        """The contacts cleaned, or the first problem (a blank name, a bad email,
        one person listed twice in any case)."""
        seen: dict[str, str] = {}
        out = []
        for person in people:
            name = _clean(person.name, "name")
            email = _optional(person.email)
            if email and ("@" not in email or " " in email):
                raise ValidationError(f"email: {email!r} is not an address")
            if name.casefold() in seen:
                raise ValidationError(
                    f"name: {name} is listed twice (as {seen[name.casefold()]})")
            seen[name.casefold()] = name
            out.append(NewContact(name, _optional(person.title), email,
                                  _optional(person.phone)))
        return out

    def _check_new_round(self, new: NewRound, people: Sequence[NewContact]) -> None:
        self._validate_round(new.starts_at, new.ends_at, new.decision_expected_on)
        if new.kind not in ROUND_KINDS:
            raise ValidationError(f"kind: one of {', '.join(ROUND_KINDS)}")
        names = {p.name.casefold() for p in people}
        for name in new.interviewers:
            if name.strip().casefold() not in names:
                raise ValidationError(f"interviewer {name!r} is not among the contacts given")

    @staticmethod
    def _new_interview(new: NewRound, interviewers: list[Contact]) -> Interview:
        return Interview(
            starts_at=new.starts_at, ends_at=new.ends_at, kind=new.kind,
            talking_points=new.talking_points.strip(),
            unfinished_business=new.unfinished_business.strip(),
            decision_expected_on=new.decision_expected_on,
            interviewers=list(dict.fromkeys(interviewers)),
        )

    def update_application(self, app_id: int, **fields: Any) -> ApplicationRec:
        """Change any of: company, company_domain, role, applied_on, no_contact,
        references_requested_on, notes."""
        allowed = {"company", "company_domain", "role", "applied_on", "no_contact",
                   "references_requested_on", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationError(f"cannot change {', '.join(sorted(unknown))} here")
        with self._write() as s:
            app = self._get_app(s, app_id)
            if "company" in fields:
                app.company = self._company(s, _clean(fields.pop("company"), "company"),
                                            fields.get("company_domain"))
            if "company_domain" in fields:
                app.company.domain = _optional(fields.pop("company_domain"))
            if "role" in fields:
                app.role = _clean(fields.pop("role"), "role")
            for key, value in fields.items():
                setattr(app, key, value)
            s.flush()
            self._after_write(s, [app.id])
            return convert.application(app)

    @staticmethod
    def _get_app(s: Session, app_id: int) -> Application:
        return _row(s, Application, app_id, "application")

    def application(self, app_id: int) -> ApplicationRec:
        with self._session() as s:
            return convert.application(self._get_app(s, app_id))

    def applications(self) -> list[ApplicationRec]:
        """Every application, board order (stage position, then card position)."""
        with self._session() as s:
            rows = s.scalars(
                select(Application)
                .join(Application.stage)
                .options(selectinload(Application.company), selectinload(Application.stage))
                .order_by(Stage.position, Application.position, Application.id)
            )
            return [convert.application(r) for r in rows]

    def detail(self, app_id: int) -> ApplicationDetail:
        with self._session() as s:
            return self._detail(s, app_id)

    @staticmethod
    def _detail(s: Session, app_id: int) -> ApplicationDetail:
        app = s.scalar(
            select(Application)
            .where(Application.id == app_id)
            .options(
                selectinload(Application.contacts),
                selectinload(Application.interviews).selectinload(Interview.interviewers),
                selectinload(Application.communications).selectinload(
                    Communication.contact),
                selectinload(Application.notes_written),
                selectinload(Application.action_overrides),
                selectinload(Application.custom_actions),
                selectinload(Application.stage_history).selectinload(StageChange.stage),
            )
        )
        if app is None:
            raise NotFoundError(f"application {app_id} no longer exists")
        return convert.detail(app)

    def move_to_stage(self, app_id: int, stage_id: int, *, outcome: str | None = None,
                      when: datetime | None = None) -> ApplicationRec:
        """Move a card to a stage (on top of its column), recording the change."""
        self.move_card(app_id, stage_id, outcome=outcome, when=when)
        return self.application(app_id)

    def move_card(self, app_id: int, stage_id: int, *, outcome: str | None = None,
                  when: datetime | None = None) -> StageMove | None:
        """Move a card to a stage; the returned move can be undone. None if it was there."""
        with self._write() as s:
            app = self._get_app(s, app_id)
            stage = _row(s, Stage, stage_id, "stage")
            if outcome is not None and outcome not in OUTCOMES:
                raise ValidationError(f"outcome: one of {', '.join(OUTCOMES)}")
            before = (app.stage_id, app.position, app.outcome)
            move = None
            if stage.id != app.stage_id:
                change = self._place_in_stage(s, app, stage, when)
                s.flush()
                move = StageMove(app.id, change.id, before[0], before[1], before[2], stage.id)
            app.outcome = outcome if stage.role == "closed" else None
            s.flush()
            self._after_write(s, [app.id])
            return move

    @staticmethod
    def _place_in_stage(s: Session, app: Application, stage: Stage,
                        when: datetime | None = None) -> StageChange:
        """Put a card on top of ``stage``'s column and record the move in its history."""
        # The only pending change is this card itself (new or moving): no flush needed.
        with s.no_autoflush:
            top = s.scalar(
                select(func.min(Application.position)).where(Application.stage_id == stage.id)
            )
        app.stage = stage
        app.position = (top - 1.0) if top is not None else 0.0
        change = StageChange(stage=stage, changed_at=when or utcnow())
        app.stage_history.append(change)
        return change

    def undo_move(self, move: StageMove) -> None:
        """Put a card back where it was and forget the history row the move wrote."""
        with self._write() as s:
            app = self._get_app(s, move.application_id)
            if app.stage_id != move.to_stage_id:
                raise ValidationError("the card has moved since: nothing to undo")
            change = s.get(StageChange, move.change_id)
            if change is not None:
                app.stage_history.remove(change)
            app.stage_id, app.position = move.from_stage_id, move.from_position
            app.outcome = move.from_outcome
            if move.custom_action_id is not None:
                reminder = s.get(CustomAction, move.custom_action_id)
                if reminder is not None:
                    app.custom_actions.remove(reminder)
            s.flush()
            self._after_write(s, [app.id])

    def close_application(self, app_id: int, outcome: str, *,
                          reconnect_on: date | None = None) -> ApplicationRec:
        """Move to the first closed stage with an outcome; optionally set a
        "reconnect" reminder (a custom action) for the network it built."""
        self.close_card(app_id, outcome, reconnect_on=reconnect_on)
        return self.application(app_id)

    def close_card(self, app_id: int, outcome: str, *,
                   reconnect_on: date | None = None) -> StageMove | None:
        """Close with an outcome (and reminder) in one transaction; undoable."""
        if outcome not in OUTCOMES:
            raise ValidationError(f"outcome: one of {', '.join(OUTCOMES)}")
        with self._write() as s:
            closed = s.scalar(select(Stage).where(Stage.role == "closed")
                              .order_by(Stage.position).limit(1))
            if closed is None:
                raise ValidationError("no stage has the closed role: give one it in settings")
            app = self._get_app(s, app_id)
            before = (app.stage_id, app.position, app.outcome)
            change: StageChange | None = None
            if app.stage_id != closed.id:
                change = self._place_in_stage(s, app, closed)
            app.outcome = outcome
            reminder: CustomAction | None = None
            if reconnect_on is not None:
                reminder = CustomAction(title=f"Reconnect with {app.company.name}",
                                        due_on=reconnect_on)
                app.custom_actions.append(reminder)
            s.flush()
            self._after_write(s, [app.id])
            if change is None:
                return None
            return StageMove(app.id, change.id, before[0], before[1], before[2], closed.id,
                             reminder.id if reminder is not None else None)

    def swap_positions(self, first_id: int, second_id: int) -> None:
        """Exchange two cards of one column (shift+up/down on the board)."""
        with self._write() as s:
            a, b = self._get_app(s, first_id), self._get_app(s, second_id)
            if a.stage_id != b.stage_id:
                raise ValidationError("only cards of the same column can be reordered")
            a.position, b.position = b.position, a.position
            if a.position == b.position:
                b.position += 0.5

    def delete_application(self, app_id: int) -> None:
        with self._write() as s:
            s.delete(self._get_app(s, app_id))

    # -- contacts ---------------------------------------------------------

    @staticmethod
    def _new_contact(app: Application, person: NewContact, main: bool) -> Contact:
        email_value = _optional(person.email)
        if email_value and ("@" not in email_value or " " in email_value):
            raise ValidationError(f"email: {email_value!r} is not an address")
        name = _clean(person.name, "name")
        if any(c.name.casefold() == name.casefold() for c in app.contacts):
            raise ValidationError(f"name: {name} is already a contact of this application")
        if main:
            for other in app.contacts:
                other.is_main = False
        return Contact(name=name, title=_optional(person.title), email=email_value,
                       phone=_optional(person.phone), is_main=main)

    def add_contact(self, app_id: int, name: str, *, title: str | None = None,
                    email: str | None = None, phone: str | None = None,
                    main: bool = False) -> ContactRec:
        with self._write() as s:
            app = self._get_app(s, app_id)
            contact = self._new_contact(app, NewContact(name, title, email, phone),
                                        main=main or not app.contacts)
            app.contacts.append(contact)
            s.flush()
            self._after_write(s, [app.id])
            return convert.contact(contact)

    def update_contact(self, contact_id: int, **fields: Any) -> ContactRec:
        with self._write() as s:
            contact = _row(s, Contact, contact_id, "contact")
            for key in ("title", "email", "phone"):
                if key in fields:
                    setattr(contact, key, _optional(fields[key]))
            if "name" in fields:
                name = _clean(fields["name"], "name")
                # As when adding: one name, one person (actions are owed by name).
                if any(c.name.casefold() == name.casefold() and c.id != contact.id
                       for c in contact.application.contacts):
                    raise ValidationError(
                        f"name: {name} is already a contact of this application")
                contact.name = name
            if fields.get("main"):
                for other in contact.application.contacts:
                    other.is_main = other.id == contact.id
            s.flush()
            self._after_write(s, [contact.application_id])
            return convert.contact(contact)

    def delete_contact(self, contact_id: int) -> None:
        """Forget a contact: their rounds keep the others, messages and notes to
        them keep their text without a name, and the actions owed to them go.
        If they were the main contact, the first one left becomes it."""
        with self._write() as s:
            contact = _row(s, Contact, contact_id, "contact")
            app = contact.application
            was_main = contact.is_main
            for interview in app.interviews:
                if contact in interview.interviewers:
                    interview.interviewers.remove(contact)
            app.contacts.remove(contact)
            s.flush()
            if was_main and app.contacts:
                app.contacts[0].is_main = True
            self._after_write(s, [app.id])

    # -- interview rounds -------------------------------------------------

    def add_round(
        self,
        app_id: int,
        starts_at: datetime,
        *,
        ends_at: datetime | None = None,
        kind: str = "video",
        interviewer_ids: Sequence[int] = (),
        new_interviewers: Sequence[NewContact] = (),
        talking_points: str = "",
        unfinished_business: str = "",
        decision_expected_on: date | None = None,
    ) -> RoundRec:
        """Log a round; people typed into the form are added as contacts in the same
        transaction."""
        self._validate_round(starts_at, ends_at, decision_expected_on)
        with self._write() as s:
            app = self._get_app(s, app_id)
            people = self._contacts_of(s, app, interviewer_ids)
            for person in new_interviewers:
                contact = self._new_contact(app, person, main=not app.contacts)
                app.contacts.append(contact)
                people.append(contact)
            interview = Interview(
                starts_at=starts_at, ends_at=ends_at, kind=kind,
                talking_points=talking_points.strip(),
                unfinished_business=unfinished_business.strip(),
                decision_expected_on=decision_expected_on, interviewers=people,
            )
            app.interviews.append(interview)
            s.flush()
            self._after_write(s, [app.id])
            s.refresh(interview)  # read back as stored: aware UTC datetimes
            return self._round_rec(s, interview)

    def update_round(self, round_id: int, **fields: Any) -> RoundRec:
        """Change any of: starts_at, ends_at, kind, talking_points,
        unfinished_business, decision_expected_on, interviewer_ids (the whole
        list), and new_interviewers (people typed in, added as contacts and to
        the round), in one transaction."""
        with self._write() as s:
            interview = _row(s, Interview, round_id, "round")
            app = interview.application
            if "interviewer_ids" in fields:
                interview.interviewers = self._contacts_of(
                    s, app, fields.pop("interviewer_ids"))
            for person in fields.pop("new_interviewers", ()):
                contact = self._new_contact(app, person, main=not app.contacts)
                app.contacts.append(contact)
                interview.interviewers.append(contact)
            if "kind" in fields and fields["kind"] not in ROUND_KINDS:
                raise ValidationError(f"kind: one of {', '.join(ROUND_KINDS)}")
            for key, value in fields.items():
                if key not in {"starts_at", "ends_at", "kind", "talking_points",
                               "unfinished_business", "decision_expected_on"}:
                    raise ValidationError(f"cannot change {key} on a round")
                setattr(interview, key, value)
            self._validate_round(interview.starts_at, interview.ends_at,
                                 interview.decision_expected_on)
            s.flush()
            self._after_write(s, [interview.application_id])
            s.refresh(interview)
            return self._round_rec(s, interview)

    def delete_round(self, round_id: int) -> None:
        """Forget a round: the thank-yous and follow-ups it made due go with it."""
        with self._write() as s:
            interview = _row(s, Interview, round_id, "round")
            app = interview.application
            app.interviews.remove(interview)
            s.flush()
            self._after_write(s, [app.id])

    @staticmethod
    def _validate_round(starts_at: datetime, ends_at: datetime | None,
                        decision_on: date | None) -> None:
        start_local = _as_local_naive(starts_at)
        if ends_at is not None and _as_local_naive(ends_at) < start_local:
            raise ValidationError("end: the round cannot end before it starts")
        if decision_on is not None and decision_on < start_local.date():
            raise ValidationError(
                "decision date: it is before the interview itself; "
                "enter the date they said they would decide"
            )

    @staticmethod
    def _contacts_of(s: Session, app: Application, ids: Sequence[int]) -> list[Contact]:
        people = []
        for cid in ids:
            contact = s.get(Contact, cid)
            if contact is None or contact.application_id != app.id:
                raise ValidationError(f"interviewer {cid} is not a contact of this application")
            people.append(contact)
        return people

    @staticmethod
    def _round_rec(s: Session, interview: Interview) -> RoundRec:
        number = s.scalar(
            select(func.count()).select_from(Interview).where(
                Interview.application_id == interview.application_id,
                Interview.starts_at <= interview.starts_at,
            )
        )
        return convert.round_(interview, number or 1)

    # -- communications ---------------------------------------------------

    def log_communication(
        self,
        app_id: int,
        *,
        at: datetime,
        direction: str,
        kind: str,
        channel: str = "email",
        contact_id: int | None = None,
        summary: str = "",
    ) -> CommunicationRec:
        if direction not in ("in", "out"):
            raise ValidationError("direction: 'in' or 'out'")
        if direction == "in":
            kind = "response"  # any inbound message is a response (PRODUCT.md)
        if kind not in COMM_KINDS:
            raise ValidationError(f"kind: one of {', '.join(COMM_KINDS)}")
        if channel not in CHANNELS:
            raise ValidationError(f"channel: one of {', '.join(CHANNELS)}")
        with self._write() as s:
            app = self._get_app(s, app_id)
            if contact_id is not None:
                self._contacts_of(s, app, [contact_id])
            comm = Communication(at=at, direction=direction, kind=kind, channel=channel,
                                 contact_id=contact_id, summary=summary.strip())
            app.communications.append(comm)
            s.flush()
            self._after_write(s, [app.id])
            s.refresh(comm)
            return convert.communication(comm)

    def log_response(self, app_id: int, *, at: datetime, contact_id: int | None = None,
                     channel: str = "email", summary: str = "",
                     new_decision_on: date | None = None) -> CommunicationRec:
        """An inbound message; "they gave a new decision date" goes on the latest
        round in the same transaction."""
        rec = None
        with self._write() as s:
            app = self._get_app(s, app_id)
            if new_decision_on is not None:
                if not app.interviews:
                    raise ValidationError(
                        "new decision date: log the interview round first")
                latest = max(app.interviews, key=lambda r: r.starts_at)
                self._validate_round(latest.starts_at, latest.ends_at, new_decision_on)
                latest.decision_expected_on = new_decision_on
            if contact_id is not None:
                self._contacts_of(s, app, [contact_id])
            if channel not in CHANNELS:
                raise ValidationError(f"channel: one of {', '.join(CHANNELS)}")
            comm = Communication(at=at, direction="in", kind="response", channel=channel,
                                 contact_id=contact_id, summary=summary.strip())
            app.communications.append(comm)
            s.flush()
            self._after_write(s, [app.id])
            s.refresh(comm)
            rec = convert.communication(comm)
        return rec

    def update_communication(self, comm_id: int, *, at: datetime, kind: str,
                             channel: str, contact_id: int | None,
                             summary: str = "") -> CommunicationRec:
        """Correct a logged message; a response is inbound, every other kind
        outbound (as when it was logged)."""
        if kind not in COMM_KINDS:
            raise ValidationError(f"kind: one of {', '.join(COMM_KINDS)}")
        if channel not in CHANNELS:
            raise ValidationError(f"channel: one of {', '.join(CHANNELS)}")
        with self._write() as s:
            comm = _row(s, Communication, comm_id, "message")
            if contact_id is not None:
                self._contacts_of(s, comm.application, [contact_id])
            comm.at, comm.kind, comm.channel = at, kind, channel
            comm.direction = "in" if kind == "response" else "out"
            comm.contact_id, comm.summary = contact_id, summary.strip()
            s.flush()
            self._after_write(s, [comm.application_id])
            s.refresh(comm)
            return convert.communication(comm)

    def delete_communication(self, comm_id: int) -> None:
        """Forget a logged message: what it answered is due again."""
        with self._write() as s:
            comm = _row(s, Communication, comm_id, "message")
            app = comm.application
            app.communications.remove(comm)
            s.flush()
            self._after_write(s, [app.id])

    # -- the board ---------------------------------------------------------

    def board(self, today: date) -> BoardData:
        with self._session() as s:
            return board_queries.board(s, today)

    def cards(self, app_ids: Sequence[int], today: date) -> list[Card]:
        with self._session() as s:
            return board_queries.cards(s, app_ids, today)

    def search_text(self) -> dict[int, str]:
        with self._session() as s:
            return board_queries.search_text(s)

    def companies(self) -> list[str]:
        with self._session() as s:
            return list(s.scalars(select(Company.name).order_by(func.lower(Company.name))))

    # -- notes ------------------------------------------------------------

    def save_note(self, app_id: int, *, kind: str, body: str, subject: str = "",
                  channel: str = "email", contact_id: int | None = None,
                  note_id: int | None = None) -> NoteRec:
        """Create or update a draft."""
        with self._write() as s:
            app = self._get_app(s, app_id)
            note = s.get(Note, note_id) if note_id is not None else None
            if note is None:
                note = Note(kind=kind, status="draft")
                app.notes_written.append(note)
            note.kind, note.body, note.subject = kind, body, subject
            note.channel, note.contact_id = channel, contact_id
            s.flush()
            s.refresh(note)
            return convert.note(note)

    def drafts(self, app_id: int) -> list[NoteRec]:
        with self._session() as s:
            rows = s.scalars(select(Note).where(Note.application_id == app_id,
                                                Note.status == "draft").order_by(Note.id))
            return [convert.note(n) for n in rows]

    def note_recipients(self) -> list[tuple[int, int | None, str | None, str, str]]:
        """(application id, contact id, contact name, company, role) for every contact,
        and once for each application without one: the palette's "Write a note to…"."""
        with self._session() as s:
            rows = s.execute(
                select(Application.id, Contact.id, Contact.name, Company.name,
                       Application.role)
                .join(Company, Company.id == Application.company_id)
                .outerjoin(Contact, Contact.application_id == Application.id)
                .order_by(func.lower(Company.name), Application.id, Contact.id)
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]

    def compose_source(self, app_id: int, today: date) -> ComposeSource:
        """What the composer needs for one application, in one transaction."""
        with self._session() as s:
            detail = self._detail(s, app_id)
            facts = actions.load_facts(s, [app_id]).get(app_id)
            chain = resolved_chain(facts) if facts is not None else None
            company_id = s.scalar(select(Application.company_id)
                                  .where(Application.id == app_id))
            rows = s.execute(
                select(Note.id, Note.application_id, Note.contact_id, Contact.name,
                       Note.kind, Note.body)
                .join(Application, Application.id == Note.application_id)
                .outerjoin(Contact, Contact.id == Note.contact_id)
                .where(Application.company_id == company_id)
                .order_by(Note.id)
            )
            settings = read_settings(s)
            return ComposeSource(
                detail=detail,
                actions=tuple(actions.for_application(s, app_id, today)),
                follow_ups_sent=len(chain.sent_on) if chain is not None else 0,
                company_notes=tuple(CompanyNote(*row) for row in rows),
                word_list=settings.word_list,
                your_name=settings.your_name,
            )

    def send_note(self, app_id: int, *, kind: str, body: str, subject: str = "",
                  channel: str = "email", contact_id: int | None = None,
                  note_id: int | None = None, at: datetime,
                  action: ActionRef | None = None) -> NoteRec:
        """"Mark as sent": the note is stored as sent, the communication logged, and
        the action it answered completed, all in one transaction.

        Logging a thank-you or follow-up already moves the cadence on; an
        action the log does not resolve (references, move on, a reminder) is
        marked done, so the note always completes what it was written for.
        """
        with self._write() as s:
            app = self._get_app(s, app_id)
            summary = subject.strip() or body.strip().split("\n", 1)[0][:200]
            return self._send(s, app, kind=kind, body=body, subject=subject, channel=channel,
                              contact_id=contact_id, note_id=note_id, at=at, action=action,
                              summary=summary)

    def log_call(self, app_id: int, *, at: datetime, answered: bool, note: str = "",
                 contact_id: int | None = None, new_decision_on: date | None = None,
                 script: str = "", note_id: int | None = None,
                 action: ActionRef | None = None) -> NoteRec:
        """A follow-up call (the call script's outcome form), in one transaction:
        logged as a follow-up by phone; a new decision date they gave goes on the
        latest round."""
        said = "answered" if answered else "no answer"
        summary = f"Call ({said})" + (f": {note.strip()}" if note.strip() else "")
        with self._write() as s:
            app = self._get_app(s, app_id)
            if new_decision_on is not None:
                if not app.interviews:
                    raise ValidationError("new decision date: log the interview round first")
                latest = max(app.interviews, key=lambda r: r.starts_at)
                self._validate_round(latest.starts_at, latest.ends_at, new_decision_on)
                latest.decision_expected_on = new_decision_on
            return self._send(s, app, kind="call_script", body=script, subject="",
                              channel="phone", contact_id=contact_id, note_id=note_id, at=at,
                              action=action, summary=summary)

    def _send(self, s: Session, app: Application, *, kind: str, body: str, subject: str,
              channel: str, contact_id: int | None, note_id: int | None, at: datetime,
              action: ActionRef | None, summary: str) -> NoteRec:
        if kind not in NOTE_COMM_KIND:
            raise ValidationError(f"kind: one of {', '.join(NOTE_COMM_KIND)}")
        if channel not in CHANNELS:
            raise ValidationError(f"channel: one of {', '.join(CHANNELS)}")
        if contact_id is not None:
            self._contacts_of(s, app, [contact_id])
        note = s.get(Note, note_id) if note_id is not None else None
        if note is None or note.application_id != app.id:
            note = Note(kind=kind)
            app.notes_written.append(note)
        note.kind, note.body, note.subject = kind, body, subject
        note.channel, note.contact_id = channel, contact_id
        note.status, note.sent_at = "sent", utcnow()
        app.communications.append(Communication(
            at=at, direction="out", kind=NOTE_COMM_KIND[kind], channel=channel,
            contact_id=contact_id, summary=summary.strip()))
        self._after_write(s, [app.id])
        if action is not None:
            self._complete(s, app.id, action, at.date())
        s.refresh(note)
        return convert.note(note)

    def _complete(self, s: Session, app_id: int, action: ActionRef, on: date) -> None:
        """Mark ``action`` done if it is still pending (inside the caller's transaction)."""
        if not any(action.matches(item) for item in actions.for_application(s, app_id, on)):
            return
        if action.custom_action_id is not None:
            row = s.get(CustomAction, action.custom_action_id)
            if row is not None:
                row.done_on = on
        else:
            s.add(ActionOverride(application_id=app_id, kind=action.kind,
                                 interview_id=action.interview_id,
                                 contact_id=action.contact_id, done_on=on))
        self._after_write(s, [app_id])

    def add_words(self, words: Iterable[str]) -> Settings:
        """Add words to the user's own word list (the composer's spelling check),
        read and written in one transaction so that no word added meanwhile is lost."""
        with self._write() as s:
            current = read_settings(s)
            return self._change_settings(s, {"word_list": [*current.word_list, *words]})

    def remove_words(self, words: Iterable[str]) -> Settings:
        """Take words off the user's word list (read and written in one
        transaction, as :meth:`add_words`)."""
        gone = {w.casefold() for w in words}
        with self._write() as s:
            current = read_settings(s)
            return self._change_settings(s, {"word_list": [
                w for w in current.word_list if w.casefold() not in gone]})

    # -- overrides and custom actions ------------------------------------

    def set_override(self, app_id: int, kind: str, *, interview_id: int | None = None,
                     contact_id: int | None = None, snoozed_to: date | None = None,
                     skipped_on: date | None = None, done_on: date | None = None) -> OverrideRec:
        """Snooze, skip or mark done one derived action (one of the three)."""
        given = [v for v in (snoozed_to, skipped_on, done_on) if v is not None]
        if len(given) != 1:
            raise ValidationError("an override is one of snoozed_to, skipped_on, done_on")
        with self._write() as s:
            self._get_app(s, app_id)
            row = s.scalar(select(ActionOverride).where(
                ActionOverride.application_id == app_id, ActionOverride.kind == kind,
                ActionOverride.interview_id.is_(None) if interview_id is None
                else ActionOverride.interview_id == interview_id,
                ActionOverride.contact_id.is_(None) if contact_id is None
                else ActionOverride.contact_id == contact_id,
            ))
            if row is None:
                row = ActionOverride(application_id=app_id, kind=kind,
                                     interview_id=interview_id, contact_id=contact_id)
                s.add(row)
            row.snoozed_to, row.skipped_on, row.done_on = snoozed_to, skipped_on, done_on
            s.flush()
            self._after_write(s, [app_id])
            return convert.override(row)

    def clear_override(self, override_id: int) -> None:
        with self._write() as s:
            row = s.get(ActionOverride, override_id)
            if row is not None:
                app_id = row.application_id
                s.delete(row)
                s.flush()
                self._after_write(s, [app_id])

    def add_custom_action(self, app_id: int, title: str, due_on: date) -> CustomActionRec:
        with self._write() as s:
            app = self._get_app(s, app_id)
            action = CustomAction(title=_clean(title, "title"), due_on=due_on)
            app.custom_actions.append(action)
            s.flush()
            self._after_write(s, [app.id])
            return convert.custom_action(action)

    def complete_custom_action(self, action_id: int, done_on: date) -> None:
        with self._write() as s:
            row = _row(s, CustomAction, action_id, "reminder")
            row.done_on = done_on
            self._after_write(s, [row.application_id])

    def update_custom_action(self, action_id: int, *, title: str,
                             due_on: date) -> CustomActionRec:
        """Reword or move a reminder."""
        with self._write() as s:
            row = _row(s, CustomAction, action_id, "reminder")
            row.title, row.due_on = _clean(title, "title"), due_on
            s.flush()
            self._after_write(s, [row.application_id])
            return convert.custom_action(row)

    def delete_custom_action(self, action_id: int) -> None:
        with self._write() as s:
            row = _row(s, CustomAction, action_id, "reminder")
            app = row.application
            app.custom_actions.remove(row)
            s.flush()
            self._after_write(s, [app.id])

    def resolve_action(self, app_id: int, action: ActionRef, *, done_on: date | None = None,
                       skipped_on: date | None = None, snoozed_to: date | None = None) -> None:
        """Done, skip or snooze one pending action (Today and the calendar's d, x, s).

        A reminder (custom action) is completed by done or skip, and snoozing
        moves its day; a derived action gets an override.
        """
        if action.custom_action_id is None:
            self.set_override(app_id, action.kind, interview_id=action.interview_id,
                              contact_id=action.contact_id, done_on=done_on,
                              skipped_on=skipped_on, snoozed_to=snoozed_to)
            return
        with self._write() as s:
            row = s.get(CustomAction, action.custom_action_id)
            if row is None or row.application_id != app_id:
                raise NotFoundError("that reminder no longer exists")
            if snoozed_to is not None:
                row.due_on = snoozed_to
            else:
                row.done_on = done_on or skipped_on
            self._after_write(s, [app_id])

    # -- due actions -------------------------------------------------------

    def first_due_after(self, day: date, today: date) -> AgendaItem | None:
        """The earliest action due after ``day`` ("what comes next" on an empty Today)."""
        with self._session() as s:
            return actions.first_after(s, day, today)

    def agenda(self, start: date | None, end: date | None, today: date) -> list[AgendaItem]:
        """Pending actions due from ``start`` to ``end`` inclusive (None: open-ended)."""
        with self._session() as s:
            return actions.agenda(s, start, end, today)

    def actions_for(self, app_id: int, today: date) -> list[AgendaItem]:
        with self._session() as s:
            return actions.for_application(s, app_id, today)

    def next_actions(self, today: date, app_ids: Sequence[int] | None = None
                     ) -> dict[int, AgendaItem]:
        """Each application's earliest pending action (the board's cards)."""
        with self._session() as s:
            return actions.next_per_application(s, app_ids, today)

    def nudges_for(self, app_id: int) -> list[Nudge]:
        with self._session() as s:
            facts = actions.load_facts(s, [app_id]).get(app_id)
            return application_nudges(facts) if facts is not None else []

    def pipeline_nudges(self) -> list[Nudge]:
        with self._session() as s:
            open_count = s.scalar(
                select(func.count()).select_from(Application).join(Stage)
                .where(Stage.role != "closed")
            ) or 0
            return pipeline_nudges(open_count)

    # -- calendar export ----------------------------------------------------

    def calendar_sequences(self, dues: Mapping[str, str]) -> dict[str, int]:
        """The SEQUENCE of each exported event (UID → the due time it now gives):
        raised when that time moved since the last export. Writes only when
        something is new or moved."""
        with self._session() as s:
            known = calendar_sequences.current(s, dues)
        if not calendar_sequences.needs_writing(known, dues):
            return {uid: known[uid][1] for uid in dues}
        with self._write() as s:
            return calendar_sequences.assign(s, dues)

    # -- counts -----------------------------------------------------------

    def stats(self, span: Period) -> StatsReport:
        """The Stats screen's figures over ``span``: grouped in SQL, one snapshot."""
        # Imported on first use: the CLI's other commands and the first frame never need it.
        from storage.db.stats_query import read_stats
        from storage.rules.stats import compute

        with self._session() as s:
            settings = read_settings(s)
            facts = read_stats(s, span)
        return compute(facts, settings.calendar, first_weekday=settings.first_day_of_week,
                       late_business_days=settings.late_business_days,
                       first_follow_up_business_days=settings.first_follow_up_business_days)

    def counts(self) -> dict[str, int]:
        with self._session() as s:
            return {
                name: s.scalar(select(func.count()).select_from(model)) or 0
                for name, model in (("applications", Application), ("interviews", Interview),
                                    ("communications", Communication), ("contacts", Contact),
                                    ("notes", Note))
            }

    def clear_all(self) -> None:
        """Remove every application (the interchange's replace mode)."""
        with self._write() as s:
            s.execute(delete(Application))
            s.execute(delete(Company))

    # -- derived data hooks ----------------------------------------------

    def _after_write(self, s: Session, app_ids: Iterable[int]) -> None:
        """Called inside every transaction that changed an application's facts:
        their due actions are recomputed in the same transaction, so the
        cache can never disagree with what was committed."""
        s.flush()
        actions.refresh(s, app_ids)

    def import_rows(self, write: Callable[[Session], Sequence[int]], *,
                    settings: Mapping[str, Any] | None = None) -> None:
        """A bulk import (:mod:`storage.interchange`), all of it in one transaction.

        ``settings`` (a partial mapping, validated over the current settings)
        are stored first; then ``write(session)`` inserts its rows and returns
        the ids of the applications it added or replaced, whose due actions are
        worked out before the commit. Anything raised rolls everything back.
        """
        with self._write() as s:
            if settings:
                current = read_settings(s)
                write_settings(s, Settings.from_mapping(settings, base=current),
                               only=settings.keys())
            app_ids = list(write(s))
            self._after_import(s, app_ids, settings_changed=bool(settings))

    def _after_import(self, s: Session, app_ids: list[int], settings_changed: bool) -> None:
        """Called inside the import's transaction with the new applications."""
        if settings_changed or len(app_ids) > 1000:
            # One pass over every table beats thousands of IN lookups.
            s.flush()
            actions.rebuild_all(s)
        else:
            self._after_write(s, app_ids)

    def _after_settings_change(self, s: Session, old: Settings, new: Settings) -> None:
        """Called inside the transaction that changed the settings: a cadence
        number, workday or holiday changes every due date."""
        if cadence_cache_marker(old) != cadence_cache_marker(new):
            actions.rebuild_all(s, new)
