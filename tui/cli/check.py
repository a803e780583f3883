"""``afterview check FILE [--kind K] [--to NAME] [--app ID]``: the composer's checks on a
note written anywhere (an editor, a mail client's draft).

FILE is plain text (the body), or a message with headers (an ``.eml`` draft:
its Subject and To are read too); ``-`` reads standard input. With ``--app``
the checks know what the composer knows (the company, the round's talking
points, the other thank-yous, what is due and when); without it, the text
alone. Each finding is one line: severity, check id, what to do. Exit 0 when
no error stands, 1 while one does, 2 on bad input.
"""

from __future__ import annotations

import re
import sys
from email import policy
from email.message import EmailMessage
from email.parser import Parser
from pathlib import Path
from typing import Any

import click

from storage.errors import ValidationError
from storage.rules.records import NOTE_KINDS
from storage.rules.validate import safe_for_terminal, text_problem

MAX_BYTES = 1_000_000
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")


def read_note(file: str) -> tuple[str, str, str | None]:
    """(subject, body, To's name or address) of the note in ``file``."""
    try:
        raw = (sys.stdin.buffer.read(MAX_BYTES + 1) if file == "-"
               else _read_file(Path(file)))
    except OSError as exc:
        raise ValidationError(f"cannot read {file}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ValidationError(f"{file} is larger than 1 MB: not a note")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{file} is not UTF-8 text") from None
    text = text.replace("\r\n", "\n")
    subject, to = "", None
    first = text.split("\n", 1)[0]
    if _HEADER.match(first) and "\n\n" in text:
        message = Parser(policy=policy.default).parsestr(text)
        assert isinstance(message, EmailMessage)
        subject = " ".join(str(message.get("subject", "")).split())
        to_header = message.get("to")
        if to_header is not None and getattr(to_header, "addresses", ()):
            first_to = to_header.addresses[0]
            to = first_to.display_name or first_to.addr_spec
        part = message.get_body(preferencelist=("plain",))
        text = str(part.get_content()) if part is not None else ""
    for what, value, multiline in (("the note", text, True), ("its subject", subject, False)):
        problem = text_problem(value, multiline=multiline)
        if problem is not None:
            raise ValidationError(f"{file}: {what} {problem}")
    return subject, text, to


def _read_file(path: Path) -> bytes:
    if path.is_dir():
        raise ValidationError(f"{path} is a directory, not a note")
    with path.open("rb") as fh:
        return fh.read(MAX_BYTES + 1)


def _context(db: Any, kind: str | None, to: str | None, app: str | None) -> Any:
    """The NoteContext the composer would check with, and the kind."""
    from storage.db.store import Store
    from storage.rules import clock
    from tui.composer import plan
    from tui.composer.checks import NoteContext

    store = Store(db)
    settings = store.settings()
    known = frozenset(w.lower() for w in settings.word_list)
    now = clock.now()
    if app is None:
        return NoteContext(kind=kind or "blank", recipient=to, now=now, known_words=known,
                           record_text=settings.your_name), kind or "blank"
    from storage.interchange.ics_invite import resolve_app

    app_id = resolve_app(db, app)
    source = store.compose_source(app_id, clock.today())
    contacts = source.detail.contacts
    contact_id = None
    if to is not None:
        found = next((c for c in contacts if c.name.casefold() == to.strip().casefold()
                      or (c.email or "").casefold() == to.strip().casefold()), None)
        if found is None:
            names = ", ".join(c.name for c in contacts) or "none yet"
            raise ValidationError(f"--to {safe_for_terminal(to)}: not a contact of "
                                  f"{source.detail.application.company} (contacts: {names})")
        contact_id = found.id
    # What the composer would open on: the kind due (or asked for), to whom, and
    # the action it answers (the timing check reads its due date).
    opened = plan.plan_note(source, kind=kind, contact_id=contact_id)
    chosen = kind or opened.kind
    person = contact_id if contact_id is not None else opened.contact_id
    channel = "phone" if chosen == "call_script" else "email"
    return plan.note_context(source, chosen, channel, person, opened.action, None, now,
                             known), chosen


@click.command("check")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--kind", metavar="KIND",
              help=f"The note's kind: {', '.join(NOTE_KINDS)} (default: what the "
              "application has due with --app, else blank).")
@click.option("--to", "to", metavar="NAME", help="The recipient (a contact's name with --app).")
@click.option("--app", "app", metavar="ID_OR_COMPANY",
              help="The application: its record makes the checks specific.")
@click.pass_context
def check_cmd(ctx: click.Context, file: str, kind: str | None, to: str | None,
              app: str | None) -> None:
    """The composer's checks on a note written elsewhere; exit 1 while an error stands."""
    # Deferred: tui.cli.main registers this command, so it cannot be imported first.
    from tui.cli.main import user_errors

    target: Any = ctx.find_root().obj
    with user_errors():
        from tui.composer.checks import has_error, run_checks
        from tui.composer.spelling import speller

        if kind is not None:
            # As the prose spells them too: thank-you, second-follow-up.
            kind = kind.strip().lower().replace("-", "_")
        if kind is not None and kind not in NOTE_KINDS:
            raise ValidationError(f"--kind {safe_for_terminal(kind)!s}: one of "
                                  f"{', '.join(NOTE_KINDS)}")
        subject, body, header_to = read_note(file)
        if to is not None:
            problem = text_problem(to)
            if problem is not None:
                raise ValidationError(f"--to {problem}")
        db = target.open()
        try:
            note_ctx, chosen = _context(db, kind, to or header_to if app is None else to, app)
        finally:
            db.close()
        findings = run_checks(subject, body, note_ctx, speller())
        for finding in findings:
            click.echo(f"{finding.severity.value:<8}{finding.id:<14}"
                       f"{safe_for_terminal(finding.message)}")
        if not findings:
            click.echo(f"No findings: the {chosen.replace('_', ' ')} reads well.")
        if has_error(findings):
            sys.exit(1)
