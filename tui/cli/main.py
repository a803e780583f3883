"""The ``afterview`` command: the app, and the shell commands around it.

Heavy imports (textual, SQLAlchemy, Alembic) happen inside the commands that
need them, so ``afterview --help`` and the shell commands stay quick and the
app's first frame does not wait for the database layer.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from storage.errors import StorageError
from storage.rules.validate import safe_for_terminal, safe_json
from tui.cli.check import check_cmd
from tui.cli.export_formats import FORMATS as EXPORT_FORMATS
from tui.cli.stats import stats_cmd

F = TypeVar("F", bound=Callable[..., Any])
VERSION = "0.1.0"


def fail(message: str, code: int = 2) -> None:
    click.echo(f"afterview: {safe_for_terminal(message, multiline=True)}", err=True)
    sys.exit(code)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """click.echo for anything that holds stored or typed data: a control
    character (an imported company's ``\\x1b]0;…\\x07``) is shown as an escape,
    never written raw to the terminal."""
    click.echo(safe_for_terminal(text, multiline=True), err=err, nl=nl)


def json_text(value: Any) -> str:
    """JSON to print: the same value, with nothing raw for a terminal to act on."""
    return safe_json(json.dumps(value, indent=2, ensure_ascii=False))


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every expected failure into one line and exit code 2: no traceback."""
    from storage.rules.dates import DateParseError

    try:
        yield
    except (StorageError, DateParseError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except RecursionError:
        fail("the input nests too deeply to read: nothing was changed")
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except Exception as exc:
        # The database's and the file system's failures, in words and without
        # the SQL or its parameters (the user's data); anything else is a bug,
        # still one line, with its own exit code.
        from storage.db.failures import describe_failure

        line = describe_failure(exc, _database_folder())
        if line is None:
            fail(f"unexpected {type(exc).__name__}: nothing was saved; please report it", 70)
        fail(line)


def _database_folder() -> Path | None:
    """The folder of the command's SQLite file, to tell a full disk (None for a
    server URL, or before the command knows its target)."""
    context = click.get_current_context(silent=True)
    target = context.find_object(Target) if context else None
    resolved = target.db if target is not None and not target.demo else None
    from storage.paths import resolve_target

    try:
        found = resolve_target(resolved)
    except Exception:
        return None
    return found.absolute().parent if isinstance(found, Path) else None


class Target:
    """Which database the command works on (``--db``, ``--demo`` or the default)."""

    def __init__(self, db: str | None, demo: bool) -> None:
        self.db = db
        self.demo = demo
        self._demo_dir: Path | None = None

    def resolve(self) -> str | None:
        if not self.demo:
            return self.db
        if self._demo_dir is None:
            from storage.interchange.demo import create_demo_database
            from storage.rules import clock

            self._demo_dir = Path(tempfile.mkdtemp(prefix="afterview-demo-"))
            path = self._demo_dir / "demo.db"
            create_demo_database(path, clock.today())
        return str(self._demo_dir / "demo.db")

    def cleanup(self) -> None:
        if self._demo_dir is not None:
            shutil.rmtree(self._demo_dir, ignore_errors=True)

    def open(self, *, check: bool = False) -> Any:
        """The database; ``check``: refuse a damaged SQLite file first (PRAGMA
        quick_check, ~65 ms at 5,000 applications) before reading it whole."""
        from storage.db.engine import check_intact, open_database

        db = open_database(self.resolve())
        if check and db.path is not None:
            try:
                check_intact(db.path)
            except BaseException:
                db.close()
                raise
        return db


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH_OR_URL", envvar="AFTERVIEW_DB",
              help="An SQLite file or SQLAlchemy URL (default: afterview.db in your data dir).")
@click.option("--demo", is_flag=True,
              help="Use a fresh throwaway database of demo data; your data is not touched.")
@click.version_option(VERSION, "--version", prog_name="afterview")
@click.pass_context
def main(ctx: click.Context, db: str | None, demo: bool) -> None:
    """Afterview: the weeks after a job interview, on one board.

    Run without a command to open the app.
    """
    target = Target(db, demo)
    ctx.obj = target
    ctx.call_on_close(target.cleanup)
    if ctx.invoked_subcommand is None:
        run_app(target)


def run_app(target: Target) -> None:
    with user_errors():
        from storage.db.engine import preflight

        db_target = target.resolve()
        preflight(db_target)
        from datetime import timedelta

        from storage.db.engine import HEAD
        from storage.fastpath.aside import agenda_aside, board_aside
        from storage.rules import clock
        from storage.rules.agenda_rows import TODAY_AHEAD
        from tui.first_frame import FIRST_FRAME_ROWS

        # The first screen's data is read on the other core while Textual is
        # imported, so that screen composes with it.
        start, today = os.environ.get("AFTERVIEW_START", "today"), clock.today()
        first_board = board_aside(db_target, today, HEAD) if start == "board" else None
        first_agenda = (agenda_aside(db_target, today + timedelta(days=TODAY_AHEAD), today,
                                     HEAD, FIRST_FRAME_ROWS) if start == "today" else None)
        from tui.app import AfterviewApp

        # The first-run welcome is for the user's own data, never the demo's.
        app = AfterviewApp(db_target=db_target, board_aside=first_board,
                           agenda_aside=first_agenda, welcome=not target.demo)
        app.run()
        if app.fatal_error:
            fail(app.fatal_error)


pass_target = click.make_pass_decorator(Target)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json",
              show_default=True, help="json: everything (afterview/1); csv: one row an "
              "application; ics: due actions and interviews for a calendar; vcf: contacts; "
              "log / log-csv: the dated activity record, as Markdown or CSV.")
@click.option("-o", "--output", metavar="FILE",
              help="Write to this file (made 0600) instead of standard output; - is "
              "standard output.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--from", "start", metavar="DATE", help="csv, ics, log: the first day.")
@click.option("--to", "end", metavar="DATE", help="csv, ics, log: the last day.")
@pass_target
def export_cmd(target: Target, fmt: str, output: str | None, force: bool, start: str | None,
               end: str | None) -> None:
    """Write everything as an afterview/1 document, or in another format."""
    with user_errors():
        from storage.interchange.afterview_json import export_document
        from tui.cli.export_formats import parse_range, render

        first, last = parse_range(fmt, start, end)
        path = None if output in (None, "-") else Path(output)
        if path is not None:
            _check_output(path, force)
        db = target.open(check=True)
        try:
            if fmt != "json":
                text = render(db, fmt, first, last)
            else:
                text = json.dumps(export_document(db), indent=2, ensure_ascii=False) + "\n"
        finally:
            db.close()
        if path is not None:
            _write_atomically(path, text)
            echo(f"exported to {path}", err=True)
        elif fmt == "json":
            click.echo(safe_json(text), nl=False)  # the same JSON, nothing raw
        elif sys.stdout.isatty():
            echo(text.replace("\r\n", "\n"), nl=False)
        else:
            click.echo(text, nl=False)  # a pipe or a file gets the format as it is


def _check_output(path: Path, force: bool) -> None:
    """Refuse, before any work, a place the export cannot or must not go."""
    if path.is_dir() or str(path).endswith(os.sep):
        raise StorageError(f"{path} is a folder: give a file name, e.g. {path / 'jobs.json'}")
    if not path.parent.is_dir():
        raise StorageError(f"{path.parent} is not a folder: create it first")
    if path.exists() and not force:
        raise StorageError(f"{path} exists: add --force to replace it (nothing was written)")


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename: an interrupted export leaves the old
    file. The file is 0600 (mkstemp's mode, whatever the umask): an export is
    the user's whole record."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        from storage.db.failures import DISK_FULL

        fail(DISK_FULL if exc.errno == errno.ENOSPC else f"cannot write {path}: {exc.strerror}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("path", required=False)
@click.option("--app", "app", metavar="ID_OR_COMPANY",
              help="An invitation's application, when its people's addresses do not say.")
@click.option("--dry-run", is_flag=True, help="Invitations and mail: say, write nothing.")
@pass_target
def import_cmd(target: Target, file: str, path: str | None, app: str | None,
               dry_run: bool) -> None:
    """Add the applications of an afterview/1 JSON file (all or nothing).

    An application whose "id" is already in the database is replaced.
    `afterview import INVITE.ics` makes an interview invitation a round;
    `afterview import mail PATH` logs the replies and sent notes of an .eml
    file, an mbox or a Maildir.
    """
    with user_errors():
        from tui.cli.other_imports import dispatch

        if dispatch(target, file, path, app, dry_run):
            return
        from storage.interchange.afterview_json import import_document, read_document

        try:
            raw = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror}")
            return
        except UnicodeDecodeError:
            fail(f"{file} is not UTF-8 text: export it again as JSON")
            return
        doc = read_document(raw, file)
        db = target.open(check=True)
        try:
            result = import_document(db, doc)
        finally:
            db.close()
        replaced = f" ({result.replaced} replaced)" if result.replaced else ""
        echo(f"imported {result.applications} applications{replaced}, "
                   f"{result.interviews} interviews, {result.communications} messages")


@main.command("backup")
@click.argument("dest", required=False, type=click.Path(dir_okay=True))
@pass_target
def backup_cmd(target: Target, dest: str | None) -> None:
    """Copy the database consistently, even while the app is running.

    DEST may be a file or a directory (default: beside the database).
    """
    with user_errors():
        from storage.interchange.backup import backup_database

        if dest and dest.endswith(("/", os.sep)) and not Path(dest).is_dir():
            raise StorageError(f"{dest} is not a folder: create it first (nothing was written)")
        db = target.open()
        try:
            made = backup_database(db, Path(dest) if dest else None)
        finally:
            db.close()
        echo(f"backed up to {made}")


@main.command("config")
@click.argument("key", required=False)
@click.argument("value", required=False)
@pass_target
def config_cmd(target: Target, key: str | None, value: str | None) -> None:
    """Show the settings, or set one: afterview config your_name "Alex Rivera".

    VALUE is JSON when it parses as JSON (numbers, lists such as [0,1,2,3,4]),
    else plain text.
    """
    import json

    with user_errors():
        from storage.db.store import Store

        db = target.open()
        try:
            store = Store(db)
            settings = store.settings()
            if key is None:
                for name, current in settings.to_mapping().items():
                    echo(f"{name} = {json.dumps(current)}")
                return
            if key not in settings.to_mapping():
                fail(f"unknown setting {key!r}: `afterview config` lists them")
            if value is None:
                echo(json.dumps(settings.to_mapping()[key]))
                return
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = value
            if isinstance(settings.to_mapping()[key], str) and not isinstance(parsed, str):
                parsed = value  # a name like "2024" stays text
            if key == "theme":
                from textual.theme import BUILTIN_THEMES

                if parsed not in BUILTIN_THEMES:
                    raise StorageError(f"theme: one of {', '.join(sorted(BUILTIN_THEMES))}")
            new = store.update_settings(**{key: parsed})
            echo(f"{key} = {json.dumps(new.to_mapping()[key])}")
        finally:
            db.close()


def _today(on: str | None) -> Any:
    from storage.rules import clock
    from storage.rules.dates import parse_date

    today = clock.today()
    return parse_date(on, today) if on else today


def _day_label(d: Any) -> str:
    from storage.rules.cadence import format_day

    return format_day(d)


def _print_items(items: list[Any], show_date: bool = True) -> None:
    for item in items:
        when = f"{_day_label(item.date):<11} " if show_date else ""
        echo(f"  {when}{item.title} · {item.company}, {item.role} — {item.why}")


@main.command("today")
@click.option("--on", "on", metavar="DATE", help="Pretend today is DATE (e.g. 'next monday').")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the agenda's fields).")
@pass_target
def today_cmd(target: Target, on: str | None, as_json: bool) -> None:
    """What is overdue, due today, and due in the next 7 days."""
    from datetime import timedelta

    with user_errors():
        from storage.db.store import Store
        from storage.rules.agenda_rows import TODAY_AHEAD

        today = _today(on)
        db = target.open()
        try:
            store = Store(db)
            end = today + timedelta(days=TODAY_AHEAD)
            items = store.agenda(None, end, today)
            later = [] if items else store.agenda(end + timedelta(days=1), None, today)[:1]
        finally:
            db.close()
        if as_json:
            echo(json_text([i.to_json() for i in items]))
            return
        overdue = [i for i in items if i.date < today]
        due = [i for i in items if i.date == today]
        upcoming = [i for i in items if i.date > today]
        if overdue:
            echo(f"Overdue ({len(overdue)})")
            _print_items(overdue)
        echo(f"Today, {_day_label(today)}")
        if due:
            _print_items(due, show_date=False)
        else:
            echo("  Nothing due today.")
        if upcoming:
            echo("Next 7 days")
            _print_items(upcoming)
        if not items:
            if later:
                nxt = later[0]
                echo(f"Next: {_day_label(nxt.date)} — {nxt.title} · {nxt.company}")
            else:
                echo("Nothing is pending. Log an interview with `afterview add`.")


@main.command("agenda")
@click.option("--from", "start", metavar="DATE", help="First day (default: today).")
@click.option("--to", "end", metavar="DATE", help="Last day (default: 30 days after --from).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_target
def agenda_cmd(target: Target, start: str | None, end: str | None, as_json: bool) -> None:
    """Every pending action (not done, not skipped) due in a date range."""
    from datetime import timedelta

    with user_errors():
        from storage.db.store import Store
        from storage.errors import ValidationError
        from storage.rules import clock
        from storage.rules.dates import parse_date

        today = clock.today()
        first = parse_date(start, today) if start else today
        last = parse_date(end, today) if end else first + timedelta(days=30)
        if last < first:
            raise ValidationError(
                f"--to ({last.isoformat()}) is before --from ({first.isoformat()})")
        db = target.open()
        try:
            items = Store(db).agenda(first, last, today)
        finally:
            db.close()
        if as_json:
            echo(json_text([i.to_json() for i in items]))
            return
        echo(f"{len(items)} pending from {_day_label(first)} to {_day_label(last)}")
        _print_items(items)


@main.command("add")
@click.argument("company")
@click.argument("role")
@click.option("--stage", metavar="S", help="Stage name (default: the first open stage; with "
              "--interview the open stage after it, Screen in the default stages).")
@click.option("--interview", "when", metavar="WHEN",
              help="When the interview was or will be, e.g. 'thu 2pm' or 2026-11-19T14:00.")
@click.option("--with", "people", metavar='"Name <email>"', multiple=True,
              help="An interviewer; repeat for several. The first is the main contact.")
@click.option("--decision-by", "decision", metavar="DATE",
              help="The date they said they would decide.")
@pass_target
def add_cmd(target: Target, company: str, role: str, stage: str | None, when: str | None,
            people: tuple[str, ...], decision: str | None) -> None:
    """Quick capture: an application, its interviewers and its interview.

    All of it is stored in one go, or (on any error) nothing.
    """
    from email.utils import getaddresses

    with user_errors():
        from storage.db.store import Store
        from storage.errors import ValidationError
        from storage.rules import clock
        from storage.rules.cadence import validate_round
        from storage.rules.dates import describe_datetime, parse_date, parse_datetime
        from storage.rules.records import NewContact, NewRound
        from storage.rules.validate import clean_text, valid_email

        # Checked at the door, before any lookup binds them: a lone surrogate
        # cannot even be sent to SQLite.
        company, role = clean_text(company, what="company"), clean_text(role, what="role")
        stage = None if stage is None else clean_text(stage, what="--stage")
        people = tuple(clean_text(raw, what="--with") for raw in people)
        today = clock.today()
        starts_at = parse_datetime(when, today) if when else None
        decision_on = parse_date(decision, today) if decision else None
        if decision_on is not None and starts_at is None:
            raise ValidationError("--decision-by belongs to an interview: add --interview WHEN")
        if starts_at is not None:
            try:
                validate_round(starts_at, decision_on)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
        contacts = []
        for raw in people:
            if "<" not in raw and "@" not in raw:
                name, address = raw.strip(), ""  # just a name
            else:
                # getaddresses, not parseaddr: "A <a@x.com>, B <b@x.com>" is two
                # people, which one --with must not take silently as one.
                found = getaddresses([raw])
                name, address = found[0] if len(found) == 1 else ("", "")
            if not name or (("@" in raw or address) and not valid_email(address)):
                # An address that cannot be read (dana@@acme..com) is dropped
                # and keeps the name: refuse rather than lose it silently.
                raise ValidationError(f'--with {raw!r}: write "Name <email>" (one plain '
                                      'address) or just "Name"')
            contacts.append(NewContact(name, email=address or None))
        first_round = None if starts_at is None else NewRound(
            starts_at, decision_expected_on=decision_on,
            interviewers=tuple(c.name for c in contacts))
        db = target.open()
        try:
            store = Store(db)
            app = store.add_application(company, role, stage=stage, applied_on=today,
                                        contacts=contacts, first_round=first_round)
            items = store.actions_for(app.id, today)
        finally:
            db.close()
        echo(f"Added {app.company} · {app.role} in {app.stage_name} (#{app.id})")
        for person in contacts:
            echo(f"  contact: {person.name}"
                       + (f" <{person.email}>" if person.email else ""))
        if starts_at is not None:
            echo(f"  interview: {describe_datetime(starts_at)}"
                       + (f", decision expected {_day_label(decision_on)}" if decision_on else ""))
        if items:
            echo("Set in motion:")
            _print_items(items)
        else:
            echo("Nothing is due yet: log an interview to start the follow-ups.")


main.add_command(stats_cmd)
main.add_command(check_cmd)
