"""The layers of storage/ stay layers.

* ``storage`` never imports the UI (``tui``) or Textual;
* ``storage/rules`` is pure: no SQLAlchemy or Alembic, nor the layers above it;
* ``storage/fastpath`` runs on the standard library's sqlite3 alone;
* no module reaches into another module's ``_private`` names;
* ``storage/db`` has no import cycle hidden in a function body;
* the command line loads SQLAlchemy and Textual only in the commands that need them.

Checked twice: statically (every import statement, deferred ones included)
and by importing in a fresh interpreter (what really gets loaded).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STORAGE = ROOT / "storage"
#: Alembic's scripts run only inside a migration (env.py refuses a bare import).
NOT_IMPORTABLE = {"storage.db.migrations.env"}
#: Names that start with "_" but are public API (namedtuple and SQLAlchemy rows).
PUBLIC_UNDERSCORED = {"_asdict", "_replace", "_fields", "_make", "_mapping", "_tuple", "_t"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def storage_files() -> list[Path]:
    return sorted(p for p in STORAGE.rglob("*.py") if "__pycache__" not in p.parts)


def importable(layer: str) -> list[str]:
    names = [module_name(p) for p in storage_files()]
    return [n for n in names if n.startswith(layer) and n not in NOT_IMPORTABLE
            and ".migrations.versions." not in n]


@dataclass(frozen=True)
class Import:
    module: str
    names: tuple[str, ...]
    deferred: bool  # inside a function body
    line: int


def imports_of(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, (), deferred, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.append(Import(child.module, tuple(a.name for a in child.names),
                                    deferred, child.lineno))
            visit(child, inner)

    visit(tree, False)
    return found


def within(module: str, *roots: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in storage_files():
        if not within(module_name(path), layer):
            continue
        for imp in imports_of(path):
            targets = [imp.module, *(f"{imp.module}.{n}" for n in imp.names)]
            if any(within(t, *forbidden) for t in targets):
                out.append(f"{path.relative_to(ROOT)}:{imp.line} imports {imp.module}")
    return out


def test_storage_never_imports_the_ui() -> None:
    assert violations("storage", ("tui", "textual", "rich")) == []


def test_rules_are_pure() -> None:
    assert violations("storage.rules", ("sqlalchemy", "alembic", "storage.db",
                                        "storage.fastpath", "storage.interchange")) == []


def test_the_fast_path_needs_only_sqlite3() -> None:
    assert violations("storage.fastpath", ("sqlalchemy", "alembic", "storage.db",
                                           "storage.interchange")) == []


def test_no_deferred_import_of_the_store_inside_storage_db() -> None:
    # A function-level import of the store from below it is a hidden cycle.
    found = [f"{p.relative_to(ROOT)}:{imp.line}"
             for p in storage_files() if within(module_name(p), "storage.db")
             for imp in imports_of(p)
             if imp.deferred and (imp.module == "storage.db.store"
                                  or (imp.module == "storage.db" and "store" in imp.names))]
    assert found == []


def private_reach_ins(path: Path) -> list[str]:
    """``from x import _y``, and ``obj._y`` on anything but self, cls, super(),
    this module's own names, or a non-storage module (``os._exit`` is os's business)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {n.name for n in tree.body
           if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)}
    outside_modules = set()
    for imp in imports_of(path):
        if not imp.names and not within(imp.module, "storage"):
            outside_modules.add(imp.module.split(".")[0])
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and within(node.module, "storage"):
            out.extend(f"{where}:{node.lineno} imports {node.module}.{a.name}"
                       for a in node.names if _private(a.name))
        if isinstance(node, ast.Attribute) and _private(node.attr) \
                and node.attr not in PUBLIC_UNDERSCORED:
            receiver = node.value
            if isinstance(receiver, ast.Name) and (
                    receiver.id in ("self", "cls") or receiver.id in own
                    or receiver.id in outside_modules):
                continue
            if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) \
                    and receiver.func.id == "super":
                continue
            out.append(f"{where}:{node.lineno} uses "
                       f"{ast.unparse(receiver)}.{node.attr}")
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_reaches_into_anothers_private_names() -> None:
    files = storage_files() + sorted((ROOT / "tui" / "cli").glob("*.py"))
    assert [v for p in files for v in private_reach_ins(p)] == []


def test_the_private_reach_in_check_catches_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom storage.db.store import Store, _clean\n"
                      "def f(store: Store) -> None:\n    store._settings(None)\n"
                      "    os._exit(0)\n    self._fine()\n")
    found = private_reach_ins(sample)
    assert len(found) == 2
    assert "_clean" in found[0] and "store._settings" in found[1]


# -- what really gets loaded ---------------------------------------------------


def modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\n"
                          "print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def ui(loaded: set[str]) -> set[str]:
    return {m for m in loaded if within(m, "textual", "tui")}


def database_layer(loaded: set[str]) -> set[str]:
    return {m for m in loaded if within(m, "sqlalchemy", "alembic")}


def test_storage_loads_no_ui() -> None:
    modules = importable("storage")
    loaded = modules_after("\n".join(f"import {m}" for m in modules))
    assert set(modules) <= loaded
    assert ui(loaded) == set()


def test_rules_load_no_database_layer() -> None:
    modules = importable("storage.rules")
    assert len(modules) > 5
    loaded = modules_after("\n".join(f"import {m}" for m in modules))
    assert database_layer(loaded) == set()


def test_the_fast_path_reads_without_sqlalchemy(demo_db_path: Path) -> None:
    code = "\n".join([
        *(f"import {m}" for m in importable("storage.fastpath")),
        "from datetime import date",
        "from storage.fastpath.quickread import agenda_of, board_of",
        f"board = board_of({str(demo_db_path)!r}, date(2026, 11, 22), {head()!r})",
        f"agenda = agenda_of({str(demo_db_path)!r}, date(2026, 11, 29), date(2026, 11, 22),"
        f" {head()!r})",
        "assert board is not None and agenda, 'the fast path stepped aside'",
    ])
    loaded = modules_after(code)
    assert "storage.fastpath.quickread" in loaded
    assert database_layer(loaded) == set()


def head() -> str:
    from storage.db.engine import HEAD

    return HEAD


@pytest.mark.parametrize("command", ["tui.cli.main", "storage.db.engine"])
def test_the_command_line_defers_heavy_imports(command: str) -> None:
    # storage.db.engine is imported by the CLI to vet a file before the app starts.
    loaded = modules_after(f"import {command}")
    for heavy in ("textual", "sqlalchemy", "alembic"):
        assert heavy not in loaded, heavy
