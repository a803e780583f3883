"""The command palette: jump to any application, run any command."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.styles import RenderStyles

from tui.compat.palette_teardown import PaletteTeardownGuard
from tui.host import host


class ApplicationsProvider(Provider):
    """"Acme · Backend Engineer" → the board, with that card selected."""

    async def startup(self) -> None:
        app = host(self)
        self._entries: list[tuple[int, str]] = []
        if app.store is not None:
            # Off the event loop: 5,000 names take a few tens of ms to read.
            rows = await asyncio.to_thread(app.store.applications)
            self._entries = [(a.id, f"{a.company} · {a.role} ({a.stage_name})") for a in rows]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = host(self)
        for app_id, text in self._entries:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.jump_to, app_id),
                          text=text, help="Open on the board")


class NoteProvider(Provider):
    """"Write a note to Dana Lee (Acme · Backend Engineer)" → the composer."""

    async def startup(self) -> None:
        app = host(self)
        self._entries: list[tuple[int, int | None, str]] = []
        if app.store is not None:
            rows = await asyncio.to_thread(app.store.note_recipients)
            self._entries = [
                (app_id, contact_id,
                 f"Write a note to {name} ({company} · {role})" if name
                 else f"Write a note for {company} · {role}")
                for app_id, contact_id, name, company, role in rows]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = host(self)
        for app_id, contact_id, text in self._entries:
            score = matcher.match(text)
            if score > 0:
                # Below the applications themselves: "acme" means the card;
                # "write … raj" matches only these.
                yield Hit(score / 2, matcher.highlight(text),
                          partial(app.open_composer, app_id, contact_id=contact_id),
                          text=text, help="Open the composer on their next note")


class AfterviewCommands(Provider):
    """Every command of the app, by name."""

    def _commands(self) -> list[tuple[str, str, str]]:
        """(name, action, help): run with the app's run_action."""
        return [
            ("Board", "app.switch_mode('board')", "The kanban of applications (b)"),
            ("New application", "app.board_action('new')", "Add an application (n)"),
            ("Log an interview round", "app.board_action('log_round')",
             "For the selected card (i)"),
            ("Log a response", "app.board_action('log_response')", "For the selected card (r)"),
            ("Write the next note", "app.board_action('write')",
             "For the selected card, in the composer (w)"),
            ("Close the selected card", "app.board_action('close_card')", "Choose an outcome (x)"),
            ("Undo the last move", "app.board_action('undo')", "Put the card back (u)"),
            ("Filter the board", "app.board_action('filter')", "By company, role, contact (/)"),
            ("Stats", "app.switch_mode('stats')",
             "Funnel, replies, weekly activity, discipline (g)"),
            ("Settings", "app.switch_mode('settings')",
             "Name, stages, workdays, holidays, cadence, theme, words, keys (,)"),
            ("Keys", "app.help", "The keys of this screen (?)"),
        ]

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action),
                          help=help_text)


class SafeCommandPalette(PaletteTeardownGuard, CommandPalette):
    """Textual's palette, minus the crashes found by the random-key test.

    In Textual 8, closing the palette while it still gathers commands lets
    that worker use widgets and styles already removed, which ends the app:
    tui.compat.palette_teardown cancels the search on close and ignores list
    updates to a torn-down palette. A search started by a key typed right
    after ctrl+p can draw a hit before the palette is styled (KeyError): a
    missing component style falls back to the palette's own. (Paging too
    early is fixed for every OptionList in tui.compat.option_list_paging.)
    """

    def get_component_styles(self, *names: str) -> RenderStyles:
        # Searching starts with the first key; a hit's help text may be drawn
        # before the palette's component styles exist (or after they are gone).
        try:
            return super().get_component_styles(*names)
        except KeyError:
            return self.styles
