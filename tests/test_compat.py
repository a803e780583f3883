"""Textual, pinned and fenced.

Every Textual internal the app relies on lives in ``tui/compat/``; these tests
fail loudly, naming the internal and the compat module, when Textual's shape
changes, so that an upgrade is a deliberate act (re-measure, re-check, move
the pin). They also pin the installed Textual to pyproject.toml's version and
keep Textual's ``_names`` out of the rest of ``tui/``.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib
import importlib.metadata
import inspect
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pytest
import textual
from textual import events
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.css.stylesheet import Stylesheet
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static

from tui.compat import option_list_paging

ROOT = Path(__file__).resolve().parent.parent
TUI = ROOT / "tui"
COMPAT = TUI / "compat"


def changed(internal: str, module: str) -> str:
    return (f"Textual changed {internal} (used by tui/compat/{module}.py): "
            "re-measure and re-check before upgrading")


# -- the pin -------------------------------------------------------------------


def pinned_textual() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [d for d in project["dependencies"] if re.match(r"textual\b", d)]
    assert len(pins) == 1, f"one textual dependency expected in pyproject.toml: {pins}"
    match = re.fullmatch(r"textual\s*==\s*([\w.]+)", pins[0])
    assert match, f"Textual must be pinned to one exact version (textual==X.Y.Z): {pins[0]!r}"
    return match.group(1)


def test_the_installed_textual_is_the_pinned_one() -> None:
    installed = importlib.metadata.version("textual")
    assert installed == pinned_textual(), (
        f"Textual {installed} is installed but pyproject.toml pins {pinned_textual()}: "
        "tui/compat/ was checked against the pinned version only")
    assert textual.__version__ == installed


# -- the shape of every internal -------------------------------------------------

#: (owner, name, parameters after self, compat module) of every method used.
METHODS: list[tuple[type, str, tuple[str, ...], str]] = [
    (App, "_begin_batch", (), "mode_switch"),
    (App, "_end_batch", (), "mode_switch"),
    (App, "_close_all", (), "close_current_last"),
    (Screen, "_compositor_refresh", (), "batch"),
    (Screen, "_on_screen_resume", ("event",), "resume_styles"),
    (Widget, "_size_updated", ("size", "virtual_size", "container_size", "layout"),
     "details_layout"),
    (Widget, "_scroll_update", ("virtual_size",), "scroll_repaint"),
    (Widget, "_scroll_update", ("virtual_size",), "scroll_in_place"),
    (DataTable, "_update_dimensions", ("new_rows",), "datatable_sizing"),
    (CommandPalette, "_cancel_gather_commands", (), "palette_teardown"),
    (CommandPalette, "_watch__list_visible", (), "palette_teardown"),
    (CommandPalette, "_refresh_command_list", ("command_list", "commands", "clear_current"),
     "palette_teardown"),
    (Stylesheet, "reparse", (), "stylesheet_reparse"),
]

#: (owner, name, type, compat module) of every attribute read or set, on an
#: instance mounted in ShapeApp (or on the app, its stylesheet).
ATTRIBUTES: list[tuple[type, str, type | tuple[type, ...], str]] = [
    (App, "_batch_count", int, "batch"),
    (App, "_screen_stacks", dict, "mode_switch"),
    (App, "_screen_stacks", dict, "close_current_last"),
    (App, "_current_mode", str, "close_current_last"),
    (Screen, "_repaint_required", bool, "batch"),
    (DataTable, "_require_update_dimensions", bool, "datatable_sizing"),
    (DataTable, "_new_rows", set, "datatable_sizing"),
    (Widget, "_vertical_scrollbar", (ScrollBar, type(None)), "scroll_repaint"),
    (Widget, "_horizontal_scrollbar", (ScrollBar, type(None)), "scroll_repaint"),
    (ScrollBar, "_repaint_required", bool, "scroll_repaint"),
    (OptionList, "_index_to_line", dict, "option_list_paging"),
    (Stylesheet, "_variables", dict, "stylesheet_reparse"),
    (Stylesheet, "_invalid_css", set, "stylesheet_reparse"),
    (Stylesheet, "_rules", list, "stylesheet_reparse"),
    (Stylesheet, "_rules_map", (dict, type(None)), "stylesheet_reparse"),
    (Stylesheet, "_parse_cache", object, "stylesheet_reparse"),
    (Stylesheet, "_require_parse", bool, "stylesheet_reparse"),
    (App, "_css_update_count", int, "current_css"),
    (Screen, "_css_update_count", int, "current_css"),
]

#: Every Textual private name tui/compat/ touches: none of them outside it.
KNOWN_INTERNALS = frozenset(
    {name for _, name, _, _ in METHODS if name.startswith("_")}
    | {name for _, name, _, _ in ATTRIBUTES}
    | {"_move_page", "_display"})


@pytest.mark.parametrize(("owner", "name", "params", "module"), METHODS,
                         ids=[f"{o.__name__}.{n}-{m}" for o, n, _, m in METHODS])
def test_every_method_used_is_there_with_its_parameters(
        owner: type, name: str, params: tuple[str, ...], module: str) -> None:
    internal = f"{owner.__name__}.{name}"
    method = getattr(owner, name, None)
    if owner is Stylesheet and name == "reparse":  # patched: look at Textual's own
        method = ORIGINAL_REPARSE
    assert callable(method), changed(internal, module) + " (gone)"
    found = tuple(inspect.signature(method).parameters)[1:]
    assert found == params, changed(internal, module) + f" (parameters now {found})"


def test_option_list_move_page_keeps_its_parameters() -> None:
    found = tuple(inspect.signature(option_list_paging._original_move_page).parameters)
    assert found == ("self", "direction"), (
        changed("OptionList._move_page", "option_list_paging") + f" (parameters now {found})")


class ShapeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()
        yield OptionList("one", "two", "three")
        yield VerticalScroll(Static("line\n" * 60), id="scroll")


class ShapeApp(App[None]):
    MODES: ClassVar[dict[str, Any]] = {"one": ShapeScreen, "two": ShapeScreen}
    DEFAULT_MODE = "one"


def instance_of(app: ShapeApp, owner: type) -> object:
    if owner is App:
        return app
    if owner is Stylesheet:
        return app.stylesheet
    if owner is Screen:
        return app.screen
    if owner is ScrollBar:
        return app.screen.query_one("#scroll", VerticalScroll).vertical_scrollbar
    if owner is Widget:
        return app.screen.query_one("#scroll")
    return app.screen.query_one(owner)  # type: ignore[arg-type]


async def test_every_attribute_used_is_there_on_a_mounted_app() -> None:
    app = ShapeApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        for owner, name, kind, module in ATTRIBUTES:
            internal = f"{owner.__name__}.{name}"
            instance = instance_of(app, owner)
            assert hasattr(instance, name), changed(internal, module) + " (gone)"
            value = getattr(instance, name)
            assert isinstance(value, kind), (
                changed(internal, module) + f" (now a {type(value).__name__})")


async def test_the_internals_still_mean_what_compat_relies_on() -> None:
    app = ShapeApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        # mode_switch: a mode screen once shown is in _screen_stacks; a batch counts.
        assert "one" in app._screen_stacks and "two" not in app._screen_stacks, (
            changed("App._screen_stacks", "mode_switch") + " (not keyed by mounted mode)")
        await app.switch_mode("two")
        assert "two" in app._screen_stacks, changed("App._screen_stacks", "mode_switch")
        await pilot.pause(0.1)  # Textual's own 50 ms delay_update hold is over
        count = app._batch_count
        app._begin_batch()
        assert app._batch_count == count + 1, changed("App._begin_batch", "mode_switch")
        app._end_batch()
        assert app._batch_count == count, changed("App._end_batch", "mode_switch")
        # datatable_sizing: new rows wait in _new_rows for the next idle.
        table = app.screen.query_one(DataTable)
        table.add_column("a")
        key = table.add_row("x")
        assert table._require_update_dimensions and key in table._new_rows, (
            changed("DataTable._require_update_dimensions/_new_rows", "datatable_sizing"))
        # option_list_paging: laid-out options are keyed by index.
        options = app.screen.query_one(OptionList)
        assert 0 in options._index_to_line, (
            changed("OptionList._index_to_line", "option_list_paging"))


def test_the_sources_compat_copies_or_follows_are_unchanged() -> None:
    # datatable_sizing does what DataTable._on_idle does with new rows.
    on_idle = inspect.getsource(DataTable._on_idle)
    for line in ("self._require_update_dimensions = False",
                 "new_rows = self._new_rows.copy()", "self._new_rows.clear()",
                 "self._update_dimensions(new_rows)"):
        assert line in on_idle, changed("DataTable._on_idle", "datatable_sizing")
    # mode_switch: switch_mode holds updates through delay_update, once.
    switch = inspect.getsource(App.switch_mode)
    assert switch.count("self.delay_update()") == 1 and "_screen_stacks" in switch, (
        changed("App.switch_mode", "mode_switch"))
    # resume_styles: a ScreenResume can be told not to refresh styles.
    assert "refresh_styles" in inspect.signature(events.ScreenResume).parameters, (
        changed("events.ScreenResume.refresh_styles", "resume_styles"))
    # palette_teardown: _watch__list_visible watches the _list_visible reactive.
    assert isinstance(vars(CommandPalette).get("_list_visible"), Reactive), (
        changed("CommandPalette._list_visible", "palette_teardown"))
    # stylesheet_reparse is a copy of Textual 8.2.8's body: any change there.
    assert body_digest(ORIGINAL_REPARSE) == REPARSE_DIGEST, (
        changed("Stylesheet.reparse", "stylesheet_reparse") + " (its body, copied there)")
    # close_current_last: _close_all closes the stacks in _screen_stacks' order.
    close_all = inspect.getsource(
        importlib.import_module("tui.compat.close_current_last")._original_close_all)
    assert "for stack in self._screen_stacks.values():" in close_all, (
        changed("App._close_all", "close_current_last"))


#: Textual's own reparse, whether or not the app has patched it by now.
ORIGINAL_REPARSE = importlib.import_module("tui.compat.stylesheet_reparse").original_reparse
#: body_digest(Stylesheet.reparse) of Textual 8.2.8.
REPARSE_DIGEST = "d13371986d4c1b6f"


def body_digest(function: Any) -> str:
    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return hashlib.sha256("".join(ast.dump(node) for node in body).encode()).hexdigest()[:16]


# -- no Textual internals outside tui/compat --------------------------------------


def ours() -> list[Path]:
    return sorted(p for p in TUI.rglob("*.py") if COMPAT not in p.parents)


@cache
def textual_private_names() -> frozenset[str]:
    """Every ``_name`` Textual defines: methods, class attributes, ``self._x`` stores."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= defined_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_names(tree: ast.AST) -> set[str]:
    """The private names a module defines for its objects (not its module globals)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.Assign):
                    names |= {t.id for t in item.targets if isinstance(t, ast.Name)}
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and isinstance(node.value, ast.Name) and node.value.id == "self"):
            names.add(node.attr)
    return {n for n in names if is_private(n)}


@cache
def our_private_names() -> frozenset[str]:
    names: set[str] = set()
    for path in [*ours(), *(ROOT / "storage").rglob("*.py")]:
        names |= defined_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def textual_bases(cls: type) -> list[type]:
    return [base for base in cls.__mro__[1:]
            if base.__module__.split(".")[0] == "textual"]


@cache
def private_names_of(textual_class: type) -> frozenset[str]:
    """A Textual class's own private names: class attributes and ``self._x`` stores."""
    names = {n for n in vars(textual_class) if is_private(n)}
    with contextlib.suppress(OSError, TypeError):  # no source: its vars are enough
        names |= defined_names(ast.parse(inspect.cleandoc(
            "\n" + inspect.getsource(textual_class))))
    return frozenset(names)


def runtime_class(module: Any, qualname: str) -> type | None:
    found: Any = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found if isinstance(found, type) else None


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def textual_internals_used(path: Path, module_name: str) -> list[str]:
    """``file:line: what`` for every use of a Textual private name in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if ROOT in path.parents else path.name
    found: list[str] = []
    ours_ = our_private_names()
    textuals = textual_private_names()

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{where}:{node.lineno}: {what}")  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            if any(is_private(part) for part in (node.module or "").split(".")):
                report(node, f"from {node.module} import (a private Textual module)")
            for alias in node.names:
                if is_private(alias.name):
                    report(node, f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "textual" and any(is_private(p) for p in parts):
                    report(node, f"import {alias.name} (a private Textual module)")
        elif isinstance(node, ast.Attribute) and is_private(node.attr):
            value = node.value
            if (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                    and value.func.id == "super"):
                report(node, f"super().{node.attr}")
            elif node.attr in KNOWN_INTERNALS:
                report(node, f".{node.attr} (a known Textual internal)")
            elif node.attr not in ours_ and node.attr in textuals:
                report(node, f".{node.attr} (a Textual private name, defined nowhere in ours)")
        elif (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
              and node.name in KNOWN_INTERNALS):
            report(node, f"def {node.name} (a known Textual internal)")

    # A class that defines, overrides, sets or reads a private name its
    # Textual bases have (checked on the imported class).
    if module_name.endswith("__main__"):
        return found  # runs the CLI when imported; holds no class
    module = importlib.import_module(module_name)

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, ast.ClassDef):
                continue
            qualname = prefix + node.name
            visit(node.body, qualname + ".")
            cls = runtime_class(module, qualname)
            bases = textual_bases(cls) if cls is not None else []
            if not bases:
                continue
            theirs = frozenset().union(*(private_names_of(b) for b in bases))
            used: dict[str, ast.AST] = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    used.setdefault(item.name, item)
                elif isinstance(item, ast.Assign):
                    for t in item.targets:
                        if isinstance(t, ast.Name):
                            used.setdefault(t.id, item)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    used.setdefault(item.target.id, item)
            for sub in ast.walk(node):
                if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name)
                        and sub.value.id == "self"):
                    used.setdefault(sub.attr, sub)
            for name, item in used.items():
                if is_private(name) and name in theirs:
                    owner = next(b for b in bases if name in private_names_of(b))
                    report(item, f"{qualname}.{name} is {owner.__qualname__}.{name}")

    visit(tree.body, "")
    return found


def test_no_textual_internals_outside_compat() -> None:
    found = [line for path in ours() for line in textual_internals_used(path, module_name(path))]
    assert not found, (
        "Textual internals outside tui/compat/ (move them into a compat module, "
        "with what they buy and a test here):\n" + "\n".join(found))


def test_the_fence_check_sees_what_it_must(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # The scan above catches each kind of use, and not our own _helpers.
    probe = tmp_path / "compat_fence_probe.py"
    probe.write_text("""
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey
from textual.app import App


class Probe(DataTable):
    def _scroll_update(self, virtual_size):
        super()._scroll_update(virtual_size)
        self._require_update_dimensions = False
        self._own_helper()

    def _own_helper(self):
        self.app._batch_count
        return self._new_rows
""", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = "\n".join(textual_internals_used(probe, "compat_fence_probe"))
    for what in ("a private Textual module", "super()._scroll_update",
                 "Probe._scroll_update is Widget._scroll_update",
                 "Probe._require_update_dimensions is DataTable._require_update_dimensions",
                 "._batch_count", "._new_rows"):
        assert what in found, f"the fence check missed {what!r}:\n{found}"
    assert "_own_helper" not in found


class CountedScreen(Screen[None]):
    pass


async def test_current_css_spares_a_new_mode_screen_the_css_refresh() -> None:
    """current_css: switch_mode refreshes the whole CSS for a screen whose
    _css_update_count lags the app's; a screen made with the mixin does not lag."""
    from tui.compat.current_css import StyledWhenMade

    class Fresh(StyledWhenMade, Screen[None]):
        pass

    class ModesApp(App[None]):
        MODES: ClassVar[dict[str, Any]] = {"one": CountedScreen, "plain": CountedScreen,
                                           "fresh": Fresh}
        DEFAULT_MODE = "one"

    switch = inspect.getsource(App.switch_mode)
    assert "self.screen._css_update_count != self._css_update_count" in switch, (
        changed("App.switch_mode", "current_css"))
    app = ModesApp()
    async with app.run_test() as pilot:
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        refreshes: list[int] = []
        original = app.refresh_css

        def counting(animate: bool = True) -> None:
            refreshes.append(1)
            original(animate)

        app.refresh_css = counting  # type: ignore[method-assign]
        await app.switch_mode("plain")
        await pilot.pause()
        assert refreshes, changed("App._css_update_count", "current_css") + (
            " (a new mode screen no longer refreshes the CSS: the mixin may go)")
        refreshes.clear()
        await app.switch_mode("fresh")
        await pilot.pause()
        assert not refreshes, changed("Screen._css_update_count", "current_css")


async def test_resume_styles_styles_a_new_mode_screen_once_and_resumes_it_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """resume_styles: Textual restyles a screen on each ScreenResume, and the
    first switch to a mode posts two; the mixin's screen is restyled by
    neither, by no later resume either unless the theme changed meanwhile, and
    Screen's own resume handler still runs once per resume."""
    from tui.compat.resume_styles import KeepStylesOnResume

    restyled: list[Screen[Any]] = []
    resumed: list[Screen[Any]] = []
    original_restyle = Screen.update_node_styles
    original_resume = Screen._on_screen_resume

    def restyle(self: Screen[Any], animate: bool = True) -> None:
        restyled.append(self)
        original_restyle(self, animate)

    def resume(self: Screen[Any], event: events.ScreenResume) -> None:
        resumed.append(self)
        original_resume(self, event)

    monkeypatch.setattr(Screen, "update_node_styles", restyle)
    monkeypatch.setattr(Screen, "_on_screen_resume", resume)

    class Kept(KeepStylesOnResume, Screen[None]):
        resumes = 0

        def on_screen_resume(self) -> None:
            self.resumes += 1

    class ModesApp(App[None]):
        MODES: ClassVar[dict[str, Any]] = {"one": CountedScreen, "plain": CountedScreen,
                                           "kept": Kept}
        DEFAULT_MODE = "one"

    app = ModesApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.switch_mode("plain")
        await pilot.pause()
        plain = app.screen
        assert restyled.count(plain) >= 1, (
            changed("ScreenResume.refresh_styles", "resume_styles")
            + " (a new mode screen is no longer restyled on resume: the mixin may go)")
        await app.switch_mode("kept")
        await pilot.pause()
        kept = app.screen
        assert isinstance(kept, Kept)
        assert kept.resumes >= 1
        assert restyled.count(kept) == 0
        assert resumed.count(kept) == kept.resumes, (
            changed("Screen._on_screen_resume", "resume_styles") + " (not run once a resume)")
        await app.switch_mode("one")
        await app.switch_mode("kept")
        await pilot.pause()
        assert restyled.count(kept) == 0
        assert resumed.count(kept) == kept.resumes
        # A theme changed while it was away: restyled when it comes back.
        await app.switch_mode("one")
        await pilot.pause()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        before = restyled.count(kept)
        await app.switch_mode("kept")
        await pilot.pause()
        assert restyled.count(kept) > before


async def test_the_first_switch_to_each_mode_screen_is_done_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mode_screen, on the app's own screens, each shown for the first time
    after a theme change: no whole-CSS refresh (current_css), no restyle on
    resume (resume_styles), and no frame rendered while Textual holds updates
    (start-up, switch_mode's 50 ms), which App._display throws away (batch)."""
    from tests.conftest import run_app, settle
    from tests.stats_fixture import make_stats_db

    thrown_away: list[str] = []
    restyled: list[str] = []
    refreshed: list[str] = []
    original_refresh = Screen._compositor_refresh
    original_restyle = Screen.update_node_styles

    def refresh(self: Screen[Any]) -> None:
        if self.app._batch_count and self is self.app.screen:
            thrown_away.append(type(self).__name__)
        original_refresh(self)

    def restyle(self: Screen[Any], animate: bool = True) -> None:
        restyled.append(type(self).__name__)
        original_restyle(self, animate)

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    monkeypatch.setattr(Screen, "update_node_styles", restyle)
    db = make_stats_db(tmp_path / "stats.db")
    async with run_app(db) as (app, pilot):
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await settle(pilot)
        restyled.clear()
        original_css = app.refresh_css

        def refresh_css(animate: bool = True) -> None:
            refreshed.append(type(app.screen).__name__)
            original_css(animate)

        app.refresh_css = refresh_css  # type: ignore[method-assign]
        for key in ("b", "c", ",", "g", "t", "b", "g"):
            await pilot.press(key)
            await settle(pilot)
        assert set(app._screen_stacks) == set(app.MODES), "every mode was shown"
    assert thrown_away == [] and restyled == [] and refreshed == []
