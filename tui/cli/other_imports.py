"""``afterview import INVITE.ics`` and ``afterview import mail PATH``.

``afterview import FILE`` reads an ``afterview/1`` document; these two ride on
the same command: a file ending in ``.ics`` (or starting ``BEGIN:VCALENDAR``)
is an interview invitation, and the word ``mail`` before a path is a mailbox.
Every line printed comes from a file someone else wrote, so it is passed
through ``safe_for_terminal`` first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storage.errors import ValidationError
from storage.rules.validate import safe_for_terminal

if TYPE_CHECKING:
    from storage.db.engine import Database


def is_invite(file: str) -> bool:
    if file.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
        return True
    try:
        with open(file, "rb") as fh:
            return fh.read(64).lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(
                b"BEGIN:VCALENDAR")
    except OSError:
        return False


def say(line: str) -> None:
    click.echo(safe_for_terminal(line))


def dispatch(target: Any, file: str, path: str | None, app: str | None,
             dry_run: bool) -> bool:
    """Run the invite or mail import when ``file`` asks for one; False for a JSON
    import (which takes none of the extra arguments)."""
    if file == "mail" and path is not None:
        from tui.cli.mail_import import import_mail

        import_mail(target, path, app, dry_run)
        return True
    if file == "mail":
        raise ValidationError("import mail PATH: name an .eml file, an mbox or a Maildir")
    if file != "-" and is_invite(file):
        if path is not None:
            raise ValidationError(f"import {file}: one invitation file at a time")
        import_invite(target, file, app, dry_run)
        return True
    if path is not None or app is not None or dry_run:
        raise ValidationError("--app, --dry-run and a second path are for an .ics "
                              "invitation or `import mail PATH`")
    return False


def read_limited(file: str, limit: int) -> bytes:
    """The file's bytes, refusing (without reading it) one larger than ``limit``."""
    p = Path(file)
    try:
        if p.is_dir():
            raise ValidationError(f"{file} is a directory, not an invitation")
        if p.stat().st_size > limit:
            raise ValidationError(f"{file} is larger than {limit // 1_000_000} MB: "
                                  "not a calendar invitation")
        return p.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {file}: {exc.strerror}") from None


def your_address(store: Any) -> str:
    """The user's own address: without it, the user would be taken for an
    interviewer in every invitation, and their sent mail for a reply."""
    address: str = store.settings().your_email
    if not address:
        raise ValidationError("your email address is not set: afterview config your_email "
                              "you@example.com (so that your own address is told apart)")
    return address


def import_invite(target: Any, file: str, app: str | None, dry_run: bool) -> None:
    from storage.db.store import Store
    from storage.interchange.ics_invite import (
        MAX_BYTES,
        import_invites,
        read_invites,
        resolve_app,
    )

    data = read_limited(file, MAX_BYTES)
    db: Database = target.open()
    try:
        your_email = your_address(Store(db))
        invites = read_invites(data, file, your_email)
        app_id = resolve_app(db, app) if app is not None else None
        steps = import_invites(db, invites, app_id=app_id, dry_run=dry_run)
    finally:
        db.close()
    unmatched = [s for s in steps if s.what == "unmatched"]
    if unmatched:
        for step in unmatched:
            say(step.line())
        candidates = {k.app_id: k for s in unmatched for k in s.candidates}
        if candidates:
            say("Candidates:")
            for key in list(candidates.values())[:30]:
                say(f"  #{key.app_id}  {key.company} · {key.role}")
        say("Nothing was imported: run it again with --app NUMBER (or --app COMPANY).")
        sys.exit(1)
    skipped = [s for s in steps if s.what == "skipped"]
    for step in steps:
        if step.what != "skipped":
            say(step.line())
    if skipped:
        # An exported .ics holds every reminder too: one line for all of them.
        say(f"{len(skipped)} reminder{'s' if len(skipped) != 1 else ''} Afterview exported "
            "(not interviews) left alone")
    if dry_run:
        say("Dry run: nothing was written.")
