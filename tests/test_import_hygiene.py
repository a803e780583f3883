"""storage never imports the UI; the CLI stays light until a command needs more."""

from __future__ import annotations

import subprocess
import sys

import pytest

STORAGE_MODULES = [
    "storage", "storage.business_days", "storage.clock", "storage.dates", "storage.engine",
    "storage.models", "storage.store", "storage.interchange", "storage.demo", "storage.backup",
    "storage.settings", "storage.cadence", "storage.actions",
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
    loaded = modules_after("import tui.cli")
    assert "click" in loaded
    for heavy in ("textual", "sqlalchemy", "alembic"):
        assert heavy not in loaded, heavy
