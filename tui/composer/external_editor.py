"""The composer's editor key: the body in ``$VISUAL`` or ``$EDITOR``, and back.

The app is suspended (``App.suspend()``) while the editor has the terminal; the
text goes through a private temporary file (0600, removed afterwards) and
comes back as one edit of the body, so ``ctrl+z`` undoes it and the checks run
on it as on typing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported
from textual.widgets import TextArea

from storage.rules.validate import safe_for_terminal, text_problem

if TYPE_CHECKING:
    from tui.composer.screen import ComposerScreen

HOW_TO_SET = "No editor is set: set VISUAL or EDITOR (for example export EDITOR=nano)"


class EditorError(Exception):
    """The editor could not be run: one line to show."""


def editor_argv(env: Mapping[str, str] | None = None) -> list[str] | None:
    """``$VISUAL``, else ``$EDITOR``, split as a shell would (``code --wait``)."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError:
                raise EditorError(f"{name} cannot be read: {safe_for_terminal(value)}") from None
            if argv:
                return argv
    return None


def edit(text: str, argv: list[str]) -> str | None:
    """``text`` after the editor: None when it exited with an error (left unsaved)."""
    fd, name = tempfile.mkstemp(prefix="afterview-note-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
        try:
            done = subprocess.run([*argv, str(path)], check=False)
        except FileNotFoundError:
            raise EditorError(f"{safe_for_terminal(argv[0])}: no such program "
                              "(check VISUAL or EDITOR)") from None
        except OSError as exc:
            raise EditorError(f"{safe_for_terminal(argv[0])}: {exc.strerror}") from None
        if done.returncode != 0:
            return None
        edited = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    finally:
        path.unlink(missing_ok=True)
    # Editors end a file with a line break; the note had none there.
    return edited[:-1] if edited.endswith("\n") and not text.endswith("\n") else edited


def edit_body(screen: ComposerScreen) -> None:
    """Hand the body to the editor and take what comes back (on the main thread:
    the editor has the terminal meanwhile)."""
    try:
        argv = editor_argv()
    except EditorError as exc:
        screen.notify(str(exc), title="Editor", severity="error")
        return
    if argv is None:
        screen.notify(HOW_TO_SET, title="Editor", severity="warning")
        return
    area = screen.query_one("#body", TextArea)
    try:
        try:
            with screen.app.suspend():
                edited = edit(area.text, argv)
        except SuspendNotSupported:
            if not screen.app.is_headless:
                screen.notify("This terminal cannot hand the screen to an editor",
                              title="Editor", severity="error")
                return
            edited = edit(area.text, argv)  # under test: nothing to hand over
    except EditorError as exc:
        screen.notify(str(exc), title="Editor", severity="error")
        return
    if edited is None:
        screen.notify("The editor exited with an error: the note is as it was",
                      title="Editor", severity="warning")
        return
    problem = text_problem(edited, multiline=True)
    if problem is not None:
        screen.notify(f"The edited note {problem}: the note is as it was",
                      title="Editor", severity="error")
        return
    if edited != area.text:
        area.replace(edited, (0, 0), area.document.end)
    area.focus()
