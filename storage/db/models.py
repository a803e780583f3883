"""The SQLAlchemy 2 typed models: everything Afterview stores.

Only facts are stored here (what happened, what the user said). What is due
and when is derived from them by :mod:`storage.rules.cadence`; the
``pending_actions`` table is a cache of that derivation, rebuilt from the
facts on every write to an application.

Datetimes are stored as naive UTC (SQLite has no time zones) through
:class:`UTCDateTime`, and come back as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from storage.rules.records import STAGE_ROLES

# Stable constraint names so that Alembic migrations and the models agree on
# every dialect (SQLite and PostgreSQL alike).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC on disk."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive datetime inside the program means local wall time.
            value = value.astimezone()
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Stage(Base):
    """A board column. The rules read its ``role`` (STAGE_ROLES), never its name."""

    __tablename__ = "stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    """Always ``role == "closed"`` (set with the role): kept for readers of the
    schema before roles."""
    role: Mapped[str] = mapped_column(String(10), default="open", server_default="open")

    def __init__(self, **kwargs: Any) -> None:
        if "closed" in kwargs:
            raise TypeError("Stage(role=...): closed follows the role")
        kwargs.setdefault("role", "open")
        super().__init__(**kwargs)

    @validates("role")
    def _keep_closed_in_step(self, _key: str, role: str) -> str:
        if role not in STAGE_ROLES:
            raise ValueError(f"stage role: one of {', '.join(STAGE_ROLES)}, not {role!r}")
        self.closed = role == "closed"
        return role


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(200))

    applications: Mapped[list[Application]] = relationship(back_populates="company")


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        # The board reads a column at a time in card order.
        Index("ix_applications_stage_position", "stage_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    role: Mapped[str] = mapped_column(String(200))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"))
    position: Mapped[float] = mapped_column(Float, default=0.0)
    applied_on: Mapped[date | None] = mapped_column(Date)
    no_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    references_requested_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship(back_populates="applications")
    stage: Mapped[Stage] = relationship()
    stage_history: Mapped[list[StageChange]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="StageChange.changed_at",
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Contact.id"
    )
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="Interview.starts_at",
    )
    communications: Mapped[list[Communication]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="Communication.at",
    )
    notes_written: Mapped[list[Note]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Note.id"
    )
    action_overrides: Mapped[list[ActionOverride]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ActionOverride.id"
    )
    custom_actions: Mapped[list[CustomAction]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CustomAction.due_on"
    )


class StageChange(Base):
    """One dated move of an application into a stage (its history, and Stats' data)."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="stage_history")
    stage: Mapped[Stage] = relationship()


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))
    is_main: Mapped[bool] = mapped_column(Boolean, default=False)

    application: Mapped[Application] = relationship(back_populates="contacts")


interview_interviewers = Table(
    "interview_interviewers",
    Base.metadata,
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Interview(Base):
    """One interview round."""

    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_application_starts", "application_id", "starts_at"),
        Index("ix_interviews_invite_uid", "invite_uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40), default="video")
    talking_points: Mapped[str] = mapped_column(Text, default="")
    unfinished_business: Mapped[str] = mapped_column(Text, default="")
    decision_expected_on: Mapped[date | None] = mapped_column(Date)
    invite_uid: Mapped[str | None] = mapped_column(String(255))
    """The UID of the calendar invitation this round came from (``afterview import
    INVITE.ics``): a second import of it, or an update, finds the round by it."""
    invite_sequence: Mapped[int | None] = mapped_column(Integer)
    """That invitation's SEQUENCE: an older copy never undoes a newer one."""

    application: Mapped[Application] = relationship(back_populates="interviews")
    interviewers: Mapped[list[Contact]] = relationship(
        secondary=interview_interviewers, order_by="Contact.id"
    )


class Communication(Base):
    __tablename__ = "communications"
    __table_args__ = (
        Index("ix_communications_application_at", "application_id", "at"),
        Index("ix_communications_message_id", "message_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    direction: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20), default="email")
    summary: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str | None] = mapped_column(String(998))
    """The e-mail's Message-ID when the mail import logged it: a second run over the
    same mailbox logs nothing new."""

    application: Mapped[Application] = relationship(back_populates="communications")
    contact: Mapped[Contact | None] = relationship()


class Note(Base):
    """A note written in the composer: a draft, or sent."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20), default="email")
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="notes_written")
    contact: Mapped[Contact | None] = relationship()


class ActionOverride(Base):
    """The user's word on one derived action: snoozed, skipped or done."""

    __tablename__ = "action_overrides"
    __table_args__ = (
        UniqueConstraint("application_id", "kind", "interview_id", "contact_id",
                         name="uq_action_overrides_action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    snoozed_to: Mapped[date | None] = mapped_column(Date)
    skipped_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    application: Mapped[Application] = relationship(back_populates="action_overrides")
    interview: Mapped[Interview | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class CustomAction(Base):
    """A reminder the user (or a close-out) set by hand, e.g. "reconnect in 3 months"."""

    __tablename__ = "custom_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)

    application: Mapped[Application] = relationship(back_populates="custom_actions")


class Setting(Base):
    """One setting, its value as JSON text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class CalendarSequence(Base):
    """What the last ``.ics`` export said about one event: the due time it gave and
    its SEQUENCE, so that the next export raises SEQUENCE exactly when that time
    moved (a calendar keeps the event with the highest SEQUENCE of a UID)."""

    __tablename__ = "calendar_sequences"

    uid: Mapped[str] = mapped_column(String(255), primary_key=True)
    due: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer, default=0)


class PendingAction(Base):
    """Derived, not a fact: what :mod:`storage.rules.cadence` says is pending.

    Rebuilt for an application inside every transaction that changes its
    facts (:mod:`storage.db.pending_actions`), so a month's agenda is one indexed range
    query instead of running the cadence over every application.
    """

    __tablename__ = "pending_actions"
    __table_args__ = (Index("ix_pending_actions_due_on", "due_on", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE")
    )
    round_number: Mapped[int | None] = mapped_column(Integer)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    custom_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("custom_actions.id", ondelete="CASCADE")
    )
    due_on: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    """Naive local wall time, as the cadence computed it."""
    late_after: Mapped[date | None] = mapped_column(Date)
    snoozed: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
