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

from answering_pty import DEVICE_ATTRIBUTES, Answerer, AnsweringPty, kitty, sixel_xterm, xterm
from inspect_tui.cli import app, operator_cmd
from inspect_tui.cli.root import app_start_options

DATABASE = {"sqlalchemy", "sqlmodel", "alembic", "psycopg"}
DOCUMENTS = {"fpdf", "PIL", "barcode", "qrcode", "openpyxl"}
SCANNING = {"biip"}
SCREEN = {"textual"}
MIGRATIONS = {"alembic"}
READ_COMMANDS = [["lookup", "--json", "SF1402590004417"], ["report", "daily", "--json"]]

COMMANDS = [
    ["audit", "verify"], ["db", "upgrade"], ["db", "current"], ["decode"], ["demo"],
    ["evidence"], ["evidence", "pack"], ["evidence", "migrate"], ["export", "inspections"],
    ["import", "products"], ["import", "shipments"],
    ["import", "returns"], ["label"], ["lookup"], ["operator", "add"], ["operator", "list"],
    ["policy", "show"], ["report", "rejects"], ["report", "daily"], ["sheet"],
    ["scale", "test"], ["station", "add"], ["station", "set"], ["station", "list"],
]  # fmt: skip


def _loaded_by(args: list[str], home: Path, ok: tuple[int, ...] = (0,)) -> set[str]:
    """Run ``inspect-tui ARGS`` in a fresh interpreter; the top-level modules it loaded."""
    return {name.split(".")[0] for name in _modules_loaded_by(args, home, ok)}


def _modules_loaded_by(args: list[str], home: Path, ok: tuple[int, ...] = (0,)) -> set[str]:
    """Run ``inspect-tui ARGS`` in a fresh interpreter; every module it loaded, by full name."""
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
    return set(json.loads(dump.read_text()))


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


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_read_on_the_embedded_store_loads_no_postgresql_dialect(
    command: list[str], tmp_path: Path
) -> None:
    """The PostgreSQL-only index option is attached by a PostgreSQL engine, not by the tables."""
    _loaded_by(["db", "upgrade"], tmp_path)
    loaded = _modules_loaded_by(command, tmp_path, ok=(0, 3))
    assert "inspect_tui.store.tables" in loaded
    assert not {m for m in loaded if m.startswith("sqlalchemy.dialects.postgresql")}


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_read_command_queries_the_tables_without_building_the_orm_classes(
    command: list[str], tmp_path: Path
) -> None:
    """The read commands query the Core tables; the ORM classes (``store.models``) never load.

    Building the thirteen classes (SQLAlchemy's mapping, pydantic's classes) and configuring
    their mappers on the first query cost these commands about a tenth of a second.
    """
    _loaded_by(["db", "upgrade"], tmp_path)
    loaded = _modules_loaded_by(command, tmp_path, ok=(0, 3))
    assert "inspect_tui.store.models" not in loaded
    assert "inspect_tui.store.tables" in loaded


def test_a_lookup_loads_no_inspection_rules(tmp_path: Path) -> None:
    _loaded_by(["db", "upgrade"], tmp_path)
    loaded = _modules_loaded_by(["lookup", "--json", "SF1402590004417"], tmp_path, ok=(0, 3))
    assert "inspect_tui.services.shared.views" in loaded
    assert not {"inspect_tui.core.rules", "inspect_tui.core.findings"} & loaded


def test_the_daily_report_as_json_loads_no_parcel_views_or_rules(tmp_path: Path) -> None:
    _loaded_by(["db", "upgrade"], tmp_path)
    loaded = _modules_loaded_by(["report", "daily", "--json"], tmp_path)
    assert "inspect_tui.services.review.figures" in loaded
    assert not {"inspect_tui.services.shared.views", "inspect_tui.core.rules"} & loaded


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


def test_an_evidence_store_not_understood_is_refused_before_the_app_starts(
    sqlite_url: str,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", sqlite_url],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "INSPECT_TUI_EVIDENCE": "ftp://nas/evidence"},
    )
    assert result.returncode == 1
    assert "The evidence store 'ftp://nas/evidence' is not understood" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_png_sheet_loads_no_pdf_library(tmp_path: Path) -> None:
    loaded = _loaded_by(["sheet", "-o", str(tmp_path / "commands.png")], tmp_path)
    assert {"PIL", "barcode", "qrcode"} <= loaded
    assert not {"fpdf", "fontTools"} & loaded


def _run_app_until(
    home: Path, until: str, args: list[str], setup: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run ``inspect-tui ARGS`` headless in a fresh interpreter; ``until`` is its pilot's body."""
    return subprocess.run(
        [sys.executable, "-c", _app_code(until, args, setup)],
        capture_output=True,
        text=True,
        check=False,
        env=_app_env(home),
        timeout=120,
    )


def _app_code(until: str, args: list[str], setup: str = "") -> str:
    """Python that runs ``inspect-tui ARGS`` headless, driven by ``until``.

    ``until`` is the body of ``async def until(pilot)``, which should end with
    ``pilot.app.exit()``; ``setup`` runs before the command line does.
    """
    body = "\n".join("    " + line for line in until.strip().splitlines())
    return (
        "import json, sys\n"
        "from textual.app import App\n"
        f"{setup}\n"
        "run = App.run\n"
        f"async def until(pilot):\n{body}\n"
        "App.run = lambda app, **_: run(app, headless=True, auto_pilot=until)\n"
        "from inspect_tui.cli import main\n"
        f"sys.argv = ['inspect-tui', *{args!r}]\n"
        "main()\n"
    )


def _noting_scan_screen(dump: Path, noted: str) -> str:
    """Setup for ``_app_code``: when the scan screen is first mounted, ``dump`` gets ``noted``
    (an expression of ``screen``) and every module loaded by then."""
    return f"""
from inspect_tui.ui.screens.scan import ScanScreen
mounted = ScanScreen.on_mount
def noting_mount(screen):
    import os
    if not os.path.exists({str(dump)!r}):
        open({str(dump)!r}, 'w').write(json.dumps([{noted}, sorted(sys.modules)]))
    mounted(screen)
ScanScreen.on_mount = noting_mount
"""


def _app_env(home: Path) -> dict[str, str]:
    return {
        "INSPECT_TUI_HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "TZ": "UTC",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }


def _demo_store(home: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "inspect_tui", "demo", "--no-start"],
        capture_output=True,
        check=True,
        env=_app_env(home),
        timeout=120,
    )


def test_the_app_reaches_its_scan_screen_without_the_document_libraries(tmp_path: Path) -> None:
    """The app, started as ``inspect-tui --operator alice`` runs it, up to the signed-in bench.

    Evidence packs (fpdf, fontTools, numpy), labels and command sheets (Pillow, python-barcode,
    qrcode) and spreadsheets (openpyxl) load when first used, not before the clerk can scan.
    """
    _demo_store(tmp_path)
    dump = tmp_path / "modules.json"
    until = f"""
for _ in range(600):
    if pilot.app.workstation is not None and pilot.app.is_idle:
        break
    await pilot.pause(0.05)
screen = type(pilot.app.screen).__name__
open({str(dump)!r}, 'w').write(json.dumps([screen, sorted(sys.modules)]))
pilot.app.exit()
"""
    ran = _run_app_until(tmp_path, until, ["--station", "bench-1", "--operator", "alice"])
    assert ran.returncode == 0, ran.stderr
    screen, modules = json.loads(dump.read_text())
    loaded = {name.split(".")[0] for name in modules}
    assert screen == "ScanScreen"
    assert {"textual", "sqlmodel"} <= loaded
    assert not (DOCUMENTS | {"fontTools", "numpy"}) & loaded


def test_the_scan_screen_is_drawn_before_the_store_loads(tmp_path: Path) -> None:
    """The scan field is up before SQLAlchemy, its PostgreSQL dialect or the tables load.

    What the scan screen holds when it is mounted is recorded; the store opens on a worker
    after the first frame, and the clerk is then signed in on that same screen.
    """
    _demo_store(tmp_path)
    dump = tmp_path / "modules.json"
    setup = _noting_scan_screen(dump, "type(screen.app.focused).__name__")
    until = """
for _ in range(600):
    if pilot.app.workstation is not None and pilot.app.is_idle:
        break
    await pilot.pause(0.05)
print(type(pilot.app.screen).__name__, pilot.app.sub_title)
pilot.app.exit()
"""
    ran = _run_app_until(tmp_path, until, ["--station", "bench-1", "--operator", "alice"], setup)
    assert ran.returncode == 0, ran.stderr
    assert "ScanScreen bench-1 · alice" in ran.stdout
    focused, modules = json.loads(dump.read_text())
    assert focused == "ScanField"
    assert "textual" in {name.split(".")[0] for name in modules}
    assert not {
        "pydantic",  # Typer's parameter adapters: a plain start of the app builds no commands
        "sqlalchemy",
        "sqlmodel",
        "sqlalchemy.dialects.postgresql",
        "inspect_tui.store.models",
        "inspect_tui.services.inspecting.workstation",
    } & set(modules)


def test_a_store_that_cannot_be_reached_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    unreachable = "postgresql+psycopg://inspect:inspect@127.0.0.1:9/inspect"
    until = """
for _ in range(600):
    await pilot.pause(0.05)
pilot.app.exit()
"""
    ran = _run_app_until(tmp_path, until, ["--db", unreachable, "--operator", "alice"])
    assert ran.returncode == 1
    assert "Cannot open the database" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize(
    ("argv", "options"),
    [
        ([], {}),
        (["--operator", "alice"], {"--operator": "alice"}),
        (
            ["--db=sqlite:///x.db", "--station", "bench-1", "--lang", "zh_CN"],
            {"--db": "sqlite:///x.db", "--station": "bench-1", "--lang": "zh_CN"},
        ),
        (["--help"], None),
        (["lookup", "SF1402590004417"], None),
        (["--operator", "alice", "demo"], None),
        (["--operator"], None),
        (["--operator", "--help"], None),
        (["--operator", "alice", "--operator", "ben"], None),
        (["--policy", "p.toml"], None),
    ],
)
def test_only_a_plain_start_of_the_app_skips_the_command_tree(
    argv: list[str], options: dict[str, str] | None
) -> None:
    assert app_start_options(argv) == options


def test_a_plain_start_in_an_unknown_language_is_refused_as_before(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--lang", "tlh", "--operator", "alice"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=_app_env(tmp_path),
    )
    assert result.returncode == 2
    assert "tlh" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("terminal", "drawn_by", "asked"),
    [
        (xterm, ["textual_image.widget", "textual_image.renderable.halfcell"], 2),
        (sixel_xterm, ["textual_image.widget.sixel", "textual_image.widget.sixel"], 1),
        (kitty, ["textual_image.widget", "textual_image.renderable.tgp"], 2),
    ],
    ids=["xterm", "sixel-xterm", "kitty"],
)
def test_photo_previews_load_with_the_first_photo_not_before_the_scan_screen(
    tmp_path: Path, terminal: Answerer, drawn_by: list[str], asked: int
) -> None:
    """On a terminal, photos are previewed (the default), yet the scan screen comes first.

    The app runs on a real pty that answers as the terminal does. When the scan screen is
    mounted neither Pillow, numpy nor textual-image's widgets are loaded; the first parcel
    card with a photo then previews it with the widget textual-image picks for that terminal
    (half blocks on xterm, sixel, kitty graphics), and the terminal was asked only once, at
    start, before the app took it over (``drawn_by``: the preview widget's module and its
    renderable's; ``asked``: the device attributes, once more after kitty's query).
    """
    _demo_store(tmp_path)
    dump = tmp_path / "modules.json"
    card = tmp_path / "card.json"
    setup = _noting_scan_screen(dump, "screen.app.image_factory is not None")
    until = f"""
for _ in range(600):
    if pilot.app.workstation is not None and pilot.app.is_idle:
        break
    await pilot.pause(0.05)
await pilot.press(*"SF1402590004417", "enter")
for _ in range(600):
    previews = pilot.app.screen.query(".photo-strip--preview")
    if previews:
        break
    await pilot.pause(0.05)
preview = previews.first()
drawn = [type(preview).__module__, getattr(preview, "_Renderable", type(preview)).__module__]
open({str(card)!r}, 'w').write(json.dumps(drawn))
pilot.app.exit()
"""
    code = _app_code(until, ["--station", "bench-1", "--operator", "alice"], setup)
    env = {**_app_env(tmp_path), "TERM": "xterm-256color", "INSPECT_TUI_IMAGES": "1"}
    app = AnsweringPty([sys.executable, "-c", code], env, terminal)
    try:
        assert app.exit_code() == 0, app.output[-2000:]
    finally:
        app.close()
    previews, modules = json.loads(dump.read_text())
    assert previews
    assert "textual" in {name.split(".")[0] for name in modules}
    assert not {"PIL", "numpy", "textual_image.widget", "textual_image.renderable"} & set(modules)
    assert json.loads(card.read_text()) == drawn_by
    assert app.output.count(DEVICE_ATTRIBUTES) == asked
