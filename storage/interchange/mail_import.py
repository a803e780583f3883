"""``afterview import mail PATH``: replies and sent notes from an .eml, an mbox or a Maildir.

A message from a contact's address, or from the company's domain (never a
free-mail domain alone), is logged as a response at its Date; a message from
the user's own address to a contact is logged as a sent communication, its kind
taken from the draft or sent note with the same subject, else from its wording
("thank you" → a thank-you, "following up" → a follow-up), and it completes the
pending action it answers (:mod:`storage.rules.answers`, the composer's rule).
Nothing is guessed: what matches no application, or more than one, is listed.

Idempotent by Message-ID (kept on the logged message), so it can run from cron
over a Maildir (its Maildir++ folders, such as .Sent, included). A message
already logged by hand or by the composer (the same application, person and
direction within a day and a half, no Message-ID yet) takes the Message-ID
instead of being logged twice.

Every file is hostile: only the headers are read (at most 256 KB a message;
a 50 MB attachment is never loaded), the body only of a sent message whose kind
its wording decides (at most 64 KB). A matched message that cannot be trusted
(a header that decodes to control characters or line breaks, no readable Date,
a year outside 1900–2200, two senders) stops the whole import before anything
is written; an unreadable message from nobody known is listed and skipped.
"""

from __future__ import annotations

import hashlib
import mailbox
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import pending_actions as actions
from storage.db.match_keys import app_keys
from storage.db.models import ActionOverride, Communication, Interview, Note
from storage.errors import ValidationError
from storage.rules.answers import first_answered
from storage.rules.cadence import format_day
from storage.rules.mail_matching import AddressBook, AppKey, Match, normal_address
from storage.rules.records import NOTE_COMM_KIND, ActionRef, AgendaItem
from storage.rules.validate import (
    check_year,
    safe_for_terminal,
    text_problem,
    valid_email,
)

if TYPE_CHECKING:
    from storage.db.engine import Database

MAX_HEAD = 256_000
MAX_BODY = 64_000
#: A message logged by hand this close to the mail's Date is the same message.
SAME_MESSAGE = timedelta(hours=36)
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|fw|fwd|wg|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_THANKS = re.compile(r"\bthank(s| you)\b", re.IGNORECASE)
_FOLLOW = re.compile(r"follow(ing)?[\s-]*up|checking in|any (update|news)|touch base|"
                     r"wanted to check", re.IGNORECASE)


class MailboxError(ValidationError):
    """The mailbox cannot be read at all."""


@dataclass(frozen=True, slots=True)
class Mail:
    where: str
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    at: datetime
    subject: str
    body: str = field(default="", compare=False, repr=False)
    """The start of the text, read only for a message the user sent."""


@dataclass
class Unreadable:
    where: str
    problem: str
    sender: str = ""


@dataclass
class Logged:
    """One message to log (or logged)."""

    mail: Mail
    direction: str
    match: Match
    kind: str
    """The communication kind: response, thank_you, follow_up or other."""
    note_id: int | None = None
    answered: AgendaItem | None = None
    claims: int | None = None
    """A communication already logged (by hand) that this message is: it gets the
    Message-ID instead of a second row."""

    def line(self) -> str:
        who = self.match.person.name if self.match.person else self.mail.sender
        return f"{self.match.app.company} ({who}, {format_day(self.mail.at.astimezone().date())})"


@dataclass
class MailPlan:
    replies: list[Logged] = field(default_factory=list)
    sent: list[Logged] = field(default_factory=list)
    known: int = 0
    """Messages logged by an earlier run."""
    unmatched: list[Mail] = field(default_factory=list)
    ambiguous: list[tuple[Mail, list[AppKey]]] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def to_log(self) -> list[Logged]:
        return self.replies + self.sent


# -- reading the mailbox --------------------------------------------------------------


def _head_and_rest(fp: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The header block (up to the blank line), read line by line: a message's
    body is never read here."""
    lines, size = [], 0
    while True:
        line = fp.readline(MAX_HEAD + 1)
        if not line or line in (b"\n", b"\r\n"):
            break
        size += len(line)
        if size > MAX_HEAD:
            raise ValueError(f"its headers are longer than {MAX_HEAD // 1000} KB")
        lines.append(line)
    return b"".join(lines), fp


def _body_text(head: bytes, chunk: bytes) -> str:
    """The plain text of a message's first :data:`MAX_BODY` bytes of body."""
    try:
        msg = BytesParser(policy=policy.default).parsebytes(head + b"\n" + chunk)
        assert isinstance(msg, EmailMessage)
        part = msg.get_body(preferencelist=("plain", "html"))
        return str(part.get_content()) if part is not None else ""
    except Exception:  # a truncated or broken body: its wording is unknown
        return ""


def _raw_messages(path: Path) -> Iterator[tuple[str, Callable[[], IO[bytes]]]]:
    """(where, opener) for each message of an .eml, an mbox or a Maildir."""
    if path.is_dir():
        if not ((path / "cur").is_dir() and (path / "new").is_dir()):
            raise MailboxError(f"{path} is a directory but not a Maildir (no cur/ and new/)")
        yield from _maildir_messages(mailbox.Maildir(str(path), factory=None, create=False), "")
        return
    with path.open("rb") as fp:
        start = fp.read(5)
    if start == b"From ":
        mbox = mailbox.mbox(str(path), factory=None, create=False)
        try:
            for number, key in enumerate(mbox.iterkeys(), 1):
                yield f"message {number}", lambda key=key: mbox.get_file(key)  # type: ignore[misc]
        finally:
            mbox.close()
        return
    yield path.name, lambda: path.open("rb")


def _maildir_messages(box: mailbox.Maildir, folder: str
                      ) -> Iterator[tuple[str, Callable[[], IO[bytes]]]]:
    """A Maildir's messages, then its folders' (Maildir++: .Sent, .Archive, ...):
    the sent notes a mail client files under Sent are half of what is looked for."""
    for key in sorted(box.iterkeys()):
        yield f"{folder}{key}", lambda key=key: box.get_file(key)  # type: ignore[misc]
    for name in sorted(box.list_folders()):
        yield from _maildir_messages(box.get_folder(name), f"{folder}{name}/")


def _header_text(msg: EmailMessage, name: str, where: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a header the parser cannot decode
        raise ValueError(f"its {name} header cannot be read") from None
    text = "" if value is None else str(value)
    problem = text_problem(text, limit=2000)
    if problem is not None:
        raise ValueError(f"its {name} header {problem}")
    return text


def _addresses(msg: EmailMessage, names: tuple[str, ...]) -> list[str]:
    raw = []
    for name in names:
        raw += [str(v) for v in msg.get_all(name, [])]
    found = []
    for _, address in getaddresses(raw):
        if address:
            if not valid_email(address):
                raise ValueError(f"{safe_for_terminal(address)} is not an address")
            found.append(address)
    return found


def _mail(where: str, head: bytes) -> Mail:
    msg = BytesParser(policy=policy.default).parsebytes(head + b"\n", headersonly=True)
    assert isinstance(msg, EmailMessage)
    senders = _addresses(msg, ("from",))
    if len(senders) != 1:
        raise ValueError("it has no sender" if not senders else "it has more than one sender")
    date_text = _header_text(msg, "date", where)
    try:
        at = parsedate_to_datetime(date_text) if date_text else None
    except (TypeError, ValueError, IndexError, OverflowError):
        at = None
    if at is None:
        raise ValueError("it has no readable Date")
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # "-0000": UTC, place unknown
    check_year(at, "its Date")
    subject = " ".join(_header_text(msg, "subject", where).split())
    message_id = _header_text(msg, "message-id", where).strip()
    if not message_id:
        # Without one, the sender, the Date and the subject name the message.
        digest = hashlib.sha256(f"{senders[0]}|{date_text}|{subject}".encode()).hexdigest()
        message_id = f"<{digest[:32]}@afterview.invalid>"
    return Mail(where, message_id[:998], senders[0], tuple(_addresses(msg, ("to", "cc"))),
                at, subject[:300])


def read_mail(path: Path, your_email: str) -> Iterator[Mail | Unreadable]:
    """Each message's headers, checked; what cannot be read is an :class:`Unreadable`.
    The body is read (its start) only of a message from ``your_email``."""
    me = normal_address(your_email)
    if not path.exists():
        raise MailboxError(f"{path}: no such file or directory")
    try:
        for where, opener in _raw_messages(path):
            head = b""
            try:
                with opener() as fp:
                    head, _ = _head_and_rest(fp)
                    mail = _mail(where, head)
                    if normal_address(mail.sender) == me:
                        mail = replace(mail, body=_body_text(head, fp.read(MAX_BODY)))
                yield mail
            except (ValueError, ValidationError) as exc:
                problem = safe_for_terminal(str(exc))[:200]
                yield Unreadable(where, problem, _sender_guess(head))
            except (OSError, KeyError) as exc:
                yield Unreadable(where, f"cannot be read ({type(exc).__name__})")
    except mailbox.Error as exc:
        raise MailboxError(f"{path} is not a mailbox Afterview can read ({exc})") from None
    except OSError as exc:
        raise MailboxError(f"cannot read {path}: {exc.strerror}") from None


def _sender_guess(head: bytes) -> str:
    """The From address of an unreadable message, if one can be seen at all."""
    found = re.search(rb"^From:.*?([\w.+-]+@[\w.-]+)", head, re.MULTILINE | re.IGNORECASE)
    return found.group(1).decode("ascii", "replace") if found else ""


# -- planning -------------------------------------------------------------------------


def _bare_subject(subject: str) -> str:
    return _REPLY_PREFIX.sub("", subject).strip().casefold()


def _wording_kind(mail: Mail) -> str:
    """A sent message's note kind from its words: thanks, a follow-up, or other."""
    text = f"{mail.subject}\n{mail.body[:4000]}"
    if _FOLLOW.search(text):
        return "update_request"  # answers whichever follow-up is pending
    if _THANKS.search(mail.subject) or _THANKS.search(text[:600]):
        return "thank_you"
    return "blank"


@dataclass
class _AppState:
    items: list[AgendaItem]
    latest_round: int | None
    notes: list[tuple[int, int | None, str, str, str]]
    """(id, contact id, kind, subject, status)."""
    unclaimed: list[tuple[int, str, int | None, datetime]]
    """(id, direction, contact id, at) of messages logged without a Message-ID."""


def _states(s: Session, app_ids: set[int], today: date,
            first: datetime, last: datetime) -> dict[int, _AppState]:
    """What planning needs of each application, in four queries for all of them
    (not four an application: a mailbox may touch hundreds)."""
    ids = sorted(app_ids)
    states = {i: _AppState([], None, [], []) for i in ids}
    if not ids:
        return states
    for item in actions.agenda(s, None, None, today):
        if item.application_id in states:
            states[item.application_id].items.append(item)
    latest: dict[int, datetime] = {}
    for rid, app_id, starts_at in s.execute(
            select(Interview.id, Interview.application_id, Interview.starts_at)
            .where(Interview.application_id.in_(ids))):
        if app_id not in latest or starts_at > latest[app_id]:
            latest[app_id] = starts_at
            states[app_id].latest_round = rid
    for row in s.execute(
            select(Note.application_id, Note.id, Note.contact_id, Note.kind, Note.subject,
                   Note.status)
            .where(Note.application_id.in_(ids)).order_by(Note.id.desc())):
        states[row[0]].notes.append(tuple(row[1:]))  # type: ignore[arg-type]
    for row in s.execute(
            select(Communication.application_id, Communication.id, Communication.direction,
                   Communication.contact_id, Communication.at)
            .where(Communication.application_id.in_(ids),
                   Communication.message_id.is_(None),
                   Communication.at >= first - SAME_MESSAGE,
                   Communication.at <= last + SAME_MESSAGE)):
        states[row[0]].unclaimed.append(tuple(row[1:]))  # type: ignore[arg-type]
    return states


def plan_mail(s: Session, messages: list[Mail | Unreadable], your_email: str,
              today: date, strict: bool) -> MailPlan:
    """What importing ``messages`` logs, read in ``s``. ``strict`` (a single .eml
    file): an unreadable message stops the import."""
    me = normal_address(your_email)
    book = AddressBook(app_keys(s))
    known = set(s.scalars(select(Communication.message_id)
                          .where(Communication.message_id.is_not(None))))
    out = MailPlan()
    matched: list[tuple[Mail, Match, bool]] = []
    seen: set[str] = set()
    for item in messages:
        if isinstance(item, Unreadable):
            relevant = item.sender and normal_address(item.sender) != me and \
                book.matches([item.sender])
            if strict or relevant:
                raise ValidationError(f"{item.where}: {item.problem}: nothing was imported")
            out.unreadable.append(item)
            continue
        mail = item
        if mail.message_id in known or mail.message_id in seen:
            out.known += 1
            continue
        seen.add(mail.message_id)
        outbound = normal_address(mail.sender) == me
        if outbound:
            others = [a for a in mail.recipients if normal_address(a) != me]
            found = book.matches(others, domains=False)
        else:
            found = book.matches([mail.sender])
        if not found:
            out.unmatched.append(mail)
            continue
        if len(found) > 1:
            still_open = [m for m in found if not m.app.closed]
            if len(still_open) != 1:
                out.ambiguous.append((mail, [m.app for m in found]))
                continue
            found = still_open
        matched.append((mail, found[0], outbound))
    if not matched:
        return out
    states = _states(s, {m.app.app_id for _, m, _ in matched}, today,
                     min(mail.at for mail, _, _ in matched),
                     max(mail.at for mail, _, _ in matched))
    claimed: set[int] = set()
    for mail, match, outbound in matched:
        state = states[match.app.app_id]
        contact_id = match.person.contact_id if match.person else None
        direction = "out" if outbound else "in"
        logged = Logged(mail, direction, match, "response")
        if outbound:
            subject = _bare_subject(mail.subject)
            note = next((n for n in state.notes if n[1] == contact_id and subject
                         and _bare_subject(n[3]) == subject), None)
            note_kind = note[2] if note is not None else _wording_kind(mail)
            logged.note_id = note[0] if note is not None and note[4] == "draft" else None
            logged.kind = NOTE_COMM_KIND.get(note_kind, "other")
            logged.answered = first_answered(state.items, note_kind, contact_id,
                                             state.latest_round)
        logged.claims = next(
            (cid for cid, d, c, at in state.unclaimed
             if cid not in claimed and d == direction and c in (contact_id, None)
             and abs(at - mail.at) <= SAME_MESSAGE), None)
        if logged.claims is not None:
            claimed.add(logged.claims)
        (out.sent if outbound else out.replies).append(logged)
    return out


def apply_mail(s: Session, plan: MailPlan, today: date) -> list[int]:
    """Write ``plan`` in the caller's transaction; the applications whose due
    actions are still to be worked out again."""
    changed: set[int] = set()
    for logged in plan.to_log:
        mail, app_id = logged.mail, logged.match.app.app_id
        contact_id = logged.match.person.contact_id if logged.match.person else None
        if logged.claims is not None:
            row = s.get(Communication, logged.claims)
            if row is not None:
                row.message_id = mail.message_id
                continue
        s.add(Communication(application_id=app_id, contact_id=contact_id, at=mail.at,
                            direction=logged.direction, kind=logged.kind, channel="email",
                            summary=mail.subject, message_id=mail.message_id))
        if logged.note_id is not None:
            note = s.get(Note, logged.note_id)
            if note is not None and note.status == "draft":
                note.status, note.sent_at = "sent", mail.at
        changed.add(app_id)
    s.flush()
    # What is still pending once the messages are logged: a thank-you or a
    # follow-up logged has moved the cadence on by itself.
    actions.refresh(s, changed)
    answering = {logged.match.app.app_id for logged in plan.sent
                 if logged.answered is not None and logged.claims is None}
    still: dict[int, set[ActionRef]] = {}
    if answering:
        for item in actions.agenda(s, None, None, today):
            if item.application_id in answering:
                still.setdefault(item.application_id, set()).add(ActionRef.of(item))
    done = set()
    for logged in plan.sent:
        item = logged.answered
        if item is None or logged.claims is not None:
            continue
        app_id, ref = logged.match.app.app_id, ActionRef.of(item)
        if (app_id, ref) in done or ref not in still.get(app_id, set()):
            continue
        on = logged.mail.at.astimezone().date()
        row = s.scalar(select(ActionOverride).where(
            ActionOverride.application_id == app_id, ActionOverride.kind == ref.kind,
            _is(ActionOverride.interview_id, ref.interview_id),
            _is(ActionOverride.contact_id, ref.contact_id)))
        if row is None:  # a snoozed action already has its row: it becomes done
            row = ActionOverride(application_id=app_id, kind=ref.kind,
                                 interview_id=ref.interview_id, contact_id=ref.contact_id)
            s.add(row)
        row.done_on = on
        done.add((app_id, ref))
    s.flush()
    # Those without a new override were brought up to date above.
    return sorted({a for a, _ in done})


def _is(column: Any, value: int | None) -> Any:
    return column.is_(None) if value is None else column == value


def import_mail(db: Database, path: Path, your_email: str, today: date, *,
                dry_run: bool = False) -> MailPlan:
    """Read, plan and (unless ``dry_run``) write in one transaction."""
    from storage.db.store import Store

    messages = list(read_mail(path, your_email))
    strict = path.is_file() and not _is_mbox(path)
    store = Store(db)
    if dry_run:
        with db.session() as s:
            return plan_mail(s, messages, your_email, today, strict)
    result: list[MailPlan] = []

    def write(s: Session) -> list[int]:
        result.append(plan_mail(s, messages, your_email, today, strict))
        return apply_mail(s, result[0], today)

    store.import_rows(write)
    return result[0]


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as fp:
        return fp.read(5) == b"From "
