"""``afterview import mail PATH [--dry-run]``: what the mail import did, as a report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.errors import ValidationError
from tui.cli.other_imports import say, your_address

#: Unmatched and unreadable messages listed by name before "… and N more".
LISTED = 20


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def report(plan: Any, dry_run: bool, your_email: str = "") -> list[str]:
    verb = "would be logged" if dry_run else "logged"
    lines = []
    parts = []
    if plan.replies:
        parts.append(f"{_count(len(plan.replies), 'reply', 'replies')} {verb}: "
                     + ", ".join(x.line() for x in plan.replies))
    if plan.sent:
        parts.append(f"{_count(len(plan.sent), 'sent message', 'sent messages')} {verb}: "
                     + ", ".join(f"{x.line()} {x.kind.replace('_', '-')}" for x in plan.sent))
    not_logged = len(plan.unmatched) + len(plan.ambiguous)
    parts.append(f"{not_logged} unmatched")
    if plan.known:
        parts.append(f"{plan.known} already logged")
    if plan.unreadable:
        parts.append(f"{len(plan.unreadable)} unreadable")
    lines.append("; ".join(parts))
    me = your_email.casefold()
    listed = [f"  unmatched: {_who(m, me)}, {format_when(m.at)}: {m.subject or '(no subject)'}"
              for m in plan.unmatched]
    for m, keys in plan.ambiguous:
        which = ", ".join(f"#{k.app_id} {k.company} · {k.role}" for k in keys)
        listed.append(f"  more than one application ({which}): {_who(m, me)}, "
                      f"{format_when(m.at)}: {m.subject or '(no subject)'}")
    listed += [f"  unreadable: {u.where}: {u.problem}" for u in plan.unreadable]
    lines += listed[:LISTED]
    if len(listed) > LISTED:
        lines.append(f"  … and {len(listed) - LISTED} more")
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return lines


def _who(mail: Any, me: str) -> str:
    """The other party: the sender of a message received, the addressees of one sent."""
    if mail.sender.casefold() != me:
        return str(mail.sender)
    return "to " + (", ".join(mail.recipients) or "nobody")


def format_when(at: Any) -> str:
    from storage.rules.cadence import format_day

    return format_day(at.astimezone().date())


def import_mail(target: Any, path: str, app: str | None, dry_run: bool) -> None:
    from storage.db.store import Store
    from storage.interchange.mail_import import import_mail as run
    from storage.rules import clock

    if app is not None:
        raise ValidationError("--app is for an invitation: mail is matched by its addresses")
    db = target.open()
    try:
        your_email = your_address(Store(db))
        plan = run(db, Path(path), your_email, clock.today(), dry_run=dry_run)
    finally:
        db.close()
    for line in report(plan, dry_run, your_email):
        say(line)
