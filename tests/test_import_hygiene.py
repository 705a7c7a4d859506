"""The layer rule at run time: what each layer drags in when it is imported.

The import-linter contracts in pyproject.toml check the source; this checks what actually
ends up in ``sys.modules`` in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _loaded_after(module: str) -> set[str]:
    code = (
        "import importlib, json, sys; "
        f"importlib.import_module({module!r}); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize(
    "module",
    [
        "inspect_tui.core.codes",
        "inspect_tui.core.policy",
        "inspect_tui.core.rules",
        "inspect_tui.core.matching",
        "inspect_tui.core.weighing",
    ],
)
def test_core_imports_no_database_and_no_textual(module: str) -> None:
    loaded = _loaded_after(module)
    assert not {"textual", "sqlalchemy", "sqlmodel", "alembic", "psycopg"} & loaded


@pytest.mark.parametrize(
    "module",
    ["inspect_tui.services.inspecting.workstation", "inspect_tui.store.models", "inspect_tui.cli"],
)
def test_services_store_and_cli_import_no_textual(module: str) -> None:
    assert "textual" not in _loaded_after(module)


def test_scan_path_does_not_load_label_libraries() -> None:
    loaded = _loaded_after("inspect_tui.services.inspecting.workstation")
    assert not {"barcode", "qrcode", "fpdf"} & loaded
