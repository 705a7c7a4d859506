"""Start-up: a command loads only what it needs, so ``--help`` and small commands are quick.

Each command module imports its heavy libraries (SQLAlchemy, Alembic, the PDF, image and
barcode libraries, the scan decoder) inside the command; these tests run the real entry point
in a fresh interpreter and look at what ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspect_tui.cli import app, operator_cmd

DATABASE = {"sqlalchemy", "sqlmodel", "alembic", "psycopg"}
DOCUMENTS = {"fpdf", "PIL", "barcode", "qrcode", "openpyxl"}
SCANNING = {"biip"}
SCREEN = {"textual"}
MIGRATIONS = {"alembic"}

COMMANDS = [
    ["audit", "verify"], ["db", "upgrade"], ["db", "current"], ["decode"], ["demo"],
    ["evidence"], ["export", "inspections"], ["import", "products"], ["import", "shipments"],
    ["import", "returns"], ["label"], ["lookup"], ["operator", "add"], ["operator", "list"],
    ["policy", "show"], ["report", "rejects"], ["report", "daily"], ["sheet"],
    ["scale", "test"], ["station", "add"], ["station", "set"], ["station", "list"],
]  # fmt: skip


def _loaded_by(args: list[str], home: Path, ok: tuple[int, ...] = (0,)) -> set[str]:
    """Run ``inspect-tui ARGS`` in a fresh interpreter; the top-level modules it loaded."""
    dump = home / "modules.json"
    code = (
        "import json, sys\n"
        "from inspect_tui.cli import main\n"
        f"sys.argv = ['inspect-tui', *{args!r}]\n"
        "try:\n    main()\n"
        f"except SystemExit as end:\n    assert (end.code or 0) in {ok!r}, end.code\n"
        f"open({str(dump)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={
            "INSPECT_TUI_HOME": str(home),
            "PATH": "/usr/bin:/bin",
            "TZ": "UTC",
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # the code under test, not another
        },
    )
    return {name.split(".")[0] for name in json.loads(dump.read_text())}


def test_help_loads_no_database_documents_scanner_or_screen(tmp_path: Path) -> None:
    loaded = _loaded_by(["--help"], tmp_path)
    assert "typer" in loaded
    assert not (DATABASE | DOCUMENTS | SCANNING | SCREEN) & loaded


def test_a_command_without_the_store_opens_no_database(tmp_path: Path) -> None:
    loaded = _loaded_by(["policy", "show"], tmp_path)
    assert not (DATABASE | DOCUMENTS | SCANNING | SCREEN) & loaded


def test_the_station_list_loads_the_store_but_no_documents_screen_or_serial_port(
    tmp_path: Path,
) -> None:
    loaded = _loaded_by(["station", "list"], tmp_path)
    assert {"sqlalchemy", "alembic"} <= loaded
    assert not (DOCUMENTS | SCREEN | {"serial"}) & loaded


def test_the_daily_report_loads_the_store_but_no_documents_or_screen(tmp_path: Path) -> None:
    _loaded_by(["db", "upgrade"], tmp_path)  # a current store: nothing to migrate
    loaded = _loaded_by(["report", "daily", "--json"], tmp_path)
    assert {"sqlalchemy", "sqlmodel"} <= loaded
    assert not (DOCUMENTS | SCREEN | MIGRATIONS) & loaded


def test_a_lookup_by_tracking_number_loads_no_migrations_or_gs1_reader(tmp_path: Path) -> None:
    _loaded_by(["db", "upgrade"], tmp_path)
    loaded = _loaded_by(["lookup", "--json", "SF1402590004417"], tmp_path, ok=(0, 3))
    assert "sqlalchemy" in loaded
    assert not (DOCUMENTS | SCREEN | MIGRATIONS | SCANNING) & loaded


def test_decoding_a_tracking_number_loads_no_database_or_gs1_reader(tmp_path: Path) -> None:
    loaded = _loaded_by(["decode", "SF1402590004417"], tmp_path)
    assert not (DATABASE | DOCUMENTS | SCANNING | SCREEN) & loaded
    assert "biip" in _loaded_by(["decode", "]C10106901234567014"], tmp_path)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_still_explains_itself(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and " ".join(command) in result.output


def test_the_roles_in_the_help_are_the_roles_the_store_accepts() -> None:
    from inspect_tui.services.review.operators import ROLES

    assert operator_cmd.ROLES == ROLES


def test_a_station_name_too_long_is_refused_before_the_app_starts(sqlite_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", sqlite_url, "--station", "s" * 81],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "station name is 81 characters long; at most 80" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_png_sheet_loads_no_pdf_library(tmp_path: Path) -> None:
    loaded = _loaded_by(["sheet", "-o", str(tmp_path / "commands.png")], tmp_path)
    assert {"PIL", "barcode", "qrcode"} <= loaded
    assert not {"fpdf", "fontTools"} & loaded
