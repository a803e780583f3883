"""The composer's send key: the note as an RFC 5322 message, piped to your mail tool.

The ``send_command`` setting (``msmtp -t``, ``sendmail -t``) is split as a shell
would split it but run without a shell, with the message on its standard
input. Exit 0 marks the note sent exactly as ``ctrl+n`` does (logged, the
action it answers completed); anything else shows the tool's own words and
changes nothing.
"""

from __future__ import annotations

import asyncio
import shlex
import subprocess
import weakref
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import TYPE_CHECKING

from storage.rules import clock
from storage.rules.validate import safe_for_terminal, text_problem, valid_email

if TYPE_CHECKING:
    from storage.db.store import Store
    from storage.rules.records import ContactRec
    from tui.composer.screen import ComposerScreen

#: How long a mail tool may take before it is given up on (it changed nothing).
TIMEOUT_SECONDS = 60
HOW_TO_SET = ("No send command is set: put your mail tool in Settings (,), or run "
              "afterview config send_command 'msmtp -t'")


class SendError(Exception):
    """Why the message was not sent: one line (or the tool's last lines) to show."""


def build_message(*, to_name: str | None, to_email: str, from_name: str, from_email: str,
                  subject: str, body: str, when: datetime) -> bytes:
    """The note as a message for ``sendmail -t`` (recipients read from its To)."""
    for what, value in (("recipient", to_name or ""), ("your name", from_name),
                        ("subject", subject)):
        problem = text_problem(value)
        if problem is not None:
            raise SendError(f"The {what} {problem}")
    if not valid_email(to_email):
        raise SendError(f"{safe_for_terminal(to_email)} is not one email address")
    message = EmailMessage()
    if from_email:
        message["From"] = formataddr((from_name, from_email))
    message["To"] = formataddr((to_name or "", to_email))
    message["Subject"] = subject
    message["Date"] = format_datetime(when.astimezone())
    domain = from_email.rpartition("@")[2] if from_email else None
    message["Message-ID"] = make_msgid(domain=domain or None)
    message.set_content(body)
    return message.as_bytes()


def run_command(command: str, message: bytes, timeout: float = TIMEOUT_SECONDS) -> None:
    """Pipe ``message`` to ``command`` (no shell); :class:`SendError` unless it exits 0."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise SendError(f"send_command cannot be read: {exc}") from None
    if not argv:
        raise SendError(HOW_TO_SET)
    try:
        done = subprocess.run(argv, input=message, capture_output=True, timeout=timeout,
                              check=False)
    except FileNotFoundError:
        raise SendError(f"{safe_for_terminal(argv[0])}: no such program "
                        "(check send_command in Settings)") from None
    except PermissionError:
        raise SendError(f"{safe_for_terminal(argv[0])}: not allowed to run it") from None
    except subprocess.TimeoutExpired:
        raise SendError(f"{safe_for_terminal(argv[0])} did not finish in {timeout:.0f} s: "
                        "not marked as sent") from None
    except OSError as exc:
        raise SendError(f"{safe_for_terminal(argv[0])}: {exc.strerror}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or done.stdout.decode(
            "utf-8", "replace").strip()
        last = "\n".join(said.splitlines()[-4:])[:600]
        raise SendError(f"{safe_for_terminal(argv[0])} exited {done.returncode}"
                        + (f": {safe_for_terminal(last, multiline=True)}" if last else ""))


def send_now(store: Store, person: ContactRec | None, subject: str, body: str,
             when: datetime) -> str:
    """Read the settings, build and send the message (on a worker's thread); the
    program that sent it."""
    settings = store.settings()
    if not settings.send_command:
        raise SendError(HOW_TO_SET)
    if person is None or not person.email:
        raise SendError("No email address for the recipient: add it to the contact "
                        "(l on the details), then send")
    message = build_message(to_name=person.name, to_email=person.email,
                            from_name=settings.your_name, from_email=settings.your_email,
                            subject=subject, body=body, when=when)
    run_command(settings.send_command, message)
    return shlex.split(settings.send_command)[0]


#: Composers with a message on its way: a second press waits for the first.
_sending: weakref.WeakSet[ComposerScreen] = weakref.WeakSet()


def start(screen: ComposerScreen) -> None:
    """The send key: says how to set send_command when it is not set; else checks
    as mark-as-sent does (asks while an error stands), then the mail tool on a
    worker; exit 0 marks the note sent."""
    from tui.host import host

    if screen.channel != "email":
        screen.notify(f"This note goes by {screen.channel}: the send key is for email "
                      "(ctrl+n marks it sent)", title="Send")
        return
    if screen in _sending:
        screen.notify("Still sending the note…", title="Send")
        return
    store = host(screen).store
    if store is None:
        screen.notify("Still opening the database…", title="Send")
        return

    async def read_setting() -> None:
        try:
            command = (await asyncio.to_thread(store.settings)).send_command
        except Exception as exc:  # the database: one line, no traceback
            screen.notify(f"Not sent: {safe_for_terminal(str(exc))[:200]}", title="Not sent",
                          severity="error")
            return
        if not command:
            screen.notify(HOW_TO_SET, title="Send", severity="warning", timeout=12)
            return
        _confirm(screen)

    screen.run_worker(read_setting(), group="send-command", exit_on_error=False)


def _confirm(screen: ComposerScreen) -> None:
    from tui.composer.checks import Severity, has_error
    from tui.modals.note_forms import ConfirmScreen

    screen.run_checks()
    if has_error(screen.findings):
        errors = [f for f in screen.findings if f.severity is Severity.ERROR]
        screen.app.push_screen(
            ConfirmScreen("Send anyway?", "\n".join(f"✖ {f.message}" for f in errors),
                          yes="Send"),
            lambda yes: _go(screen) if yes else None)
        return
    _go(screen)


def _go(screen: ComposerScreen) -> None:
    from tui.host import host

    store = host(screen).store
    if store is None:
        screen.notify("Still opening the database…", title="Send")
        return
    person, subject, body = screen.recipient(), screen.subject, screen.body
    _sending.add(screen)

    async def send() -> None:
        try:
            program = await asyncio.to_thread(send_now, store, person, subject, body,
                                              clock.now())
        except SendError as exc:
            screen.notify(str(exc), title="Not sent", severity="error", timeout=12)
        except Exception as exc:  # the database, read on the worker: one line, no traceback
            screen.notify(f"Not sent: {safe_for_terminal(str(exc))[:200]}", title="Not sent",
                          severity="error")
        else:
            screen.notify(f"Sent with {safe_for_terminal(program)}", title="Sent")
            screen.mark_sent_now()
        finally:
            _sending.discard(screen)

    screen.run_worker(send(), group="send-command", exit_on_error=False)
