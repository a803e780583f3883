"""The ``afterview`` command: the app, and the shell commands around it.

Heavy imports (textual, SQLAlchemy, Alembic) happen inside the commands that
need them, so ``afterview --help`` and the shell commands stay quick and the
app's first frame does not wait for the database layer.
"""

from __future__ import annotations

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

F = TypeVar("F", bound=Callable[..., Any])
VERSION = "0.1.0"


def fail(message: str, code: int = 2) -> None:
    click.echo(f"afterview: {message}", err=True)
    sys.exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every expected failure into one line and exit code 2: no traceback."""
    from storage.dates import DateParseError

    try:
        yield
    except (StorageError, DateParseError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)


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
            from storage import clock
            from storage.demo import create_demo_database

            self._demo_dir = Path(tempfile.mkdtemp(prefix="afterview-demo-"))
            path = self._demo_dir / "demo.db"
            create_demo_database(path, clock.today())
        return str(self._demo_dir / "demo.db")

    def cleanup(self) -> None:
        if self._demo_dir is not None:
            shutil.rmtree(self._demo_dir, ignore_errors=True)

    def open(self) -> Any:
        from storage.engine import open_database

        return open_database(self.resolve())


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
        from storage.engine import preflight

        db_target = target.resolve()
        preflight(db_target)
        from tui.app import AfterviewApp

        app = AfterviewApp(db_target=db_target)
        app.run()
        if app.fatal_error:
            fail(app.fatal_error)


pass_target = click.make_pass_decorator(Target)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
@pass_target
def export_cmd(target: Target, fmt: str, output: str | None) -> None:
    """Write everything as an afterview/1 document."""
    with user_errors():
        from storage.interchange import export_document

        db = target.open()
        try:
            text = json.dumps(export_document(db), indent=2, ensure_ascii=False) + "\n"
        finally:
            db.close()
        if output:
            _write_atomically(Path(output), text)
            click.echo(f"exported to {output}", err=True)
        else:
            click.echo(text, nl=False)


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename: an interrupted export leaves the old file."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@pass_target
def import_cmd(target: Target, file: str) -> None:
    """Add the applications of an afterview/1 JSON file (all or nothing).

    An application whose "id" is already in the database is replaced.
    """
    with user_errors():
        from storage.interchange import import_document

        try:
            raw = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror}")
            return
        except UnicodeDecodeError:
            fail(f"{file} is not UTF-8 text: export it again as JSON")
            return
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            fail(f"{file} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
            return
        db = target.open()
        try:
            result = import_document(db, doc)
        finally:
            db.close()
        replaced = f" ({result.replaced} replaced)" if result.replaced else ""
        click.echo(f"imported {result.applications} applications{replaced}, "
                   f"{result.interviews} interviews, {result.communications} messages")


@main.command("backup")
@click.argument("dest", required=False, type=click.Path(dir_okay=True))
@pass_target
def backup_cmd(target: Target, dest: str | None) -> None:
    """Copy the database consistently, even while the app is running.

    DEST may be a file or a directory (default: beside the database).
    """
    with user_errors():
        from storage.backup import backup_database

        db = target.open()
        try:
            made = backup_database(db, Path(dest) if dest else None)
        finally:
            db.close()
        click.echo(f"backed up to {made}")
