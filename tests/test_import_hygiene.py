"""storage never imports the UI; the CLI stays light until a command needs more."""

from __future__ import annotations

import subprocess
import sys

import pytest

STORAGE_MODULES = [
    "storage",
    "storage.rules.business_days",
    "storage.rules.clock",
    "storage.rules.dates",
    "storage.db.engine",
    "storage.db.models",
    "storage.db.store",
    "storage.interchange.afterview_json",
    "storage.interchange.demo",
    "storage.interchange.backup",
    "storage.rules.settings",
    "storage.rules.cadence",
    "storage.db.pending_actions",
]


def modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\n"
                          "print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", STORAGE_MODULES)
def test_storage_never_imports_textual_or_tui(module: str) -> None:
    loaded = modules_after(f"import {module}")
    assert module in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith(("textual.", "tui"))}


def test_cli_module_defers_heavy_imports() -> None:
    loaded = modules_after("import tui.cli.main")
    assert "click" in loaded
    for heavy in ("textual", "sqlalchemy", "alembic"):
        assert heavy not in loaded, heavy
