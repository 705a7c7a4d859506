"""``inspect-tui import products|shipments|returns`` from the command line."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.services.shared.database import open_store
from inspect_tui.store.models import AuditEvent, Evidence, ReturnRequest, Shipment

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def count(url: str, model: type) -> int:
    """Rows of ``model`` in the store at ``url``."""
    engine = open_store(url)
    try:
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(model)).one())
    finally:
        engine.dispose()


def test_import_reports_counts_and_stores_photos(store_url: str, _isolated_home: Path) -> None:
    products = runner.invoke(
        app, ["--db", store_url, "import", "products", str(SAMPLES / "products.csv")]
    )
    assert products.exit_code == 0, products.stderr
    assert "products: 11 created, 0 updated, 0 unchanged" in products.stdout
    shipments = runner.invoke(
        app, ["--db", store_url, "import", "shipments", str(SAMPLES / "shipments.csv")]
    )
    assert shipments.exit_code == 0, shipments.stderr
    assert "shipments: 16 created, 0 updated, 0 unchanged" in shipments.stdout
    assert "7 photos stored as evidence" in shipments.stdout
    again = runner.invoke(
        app, ["--db", store_url, "import", "shipments", str(SAMPLES / "shipments.csv")]
    )
    assert "shipments: 0 created, 0 updated, 16 unchanged" in again.stdout
    # Photos land in the data directory's evidence store, named by their hash.
    photo = (SAMPLES / "photos" / "hp100_00871.jpg").read_bytes()
    digest = hashlib.sha256(photo).hexdigest()
    assert (_isolated_home / "evidence" / digest[:2] / f"{digest}.jpg").read_bytes() == photo
    assert count(store_url, Evidence) == 7
    assert count(store_url, AuditEvent) == 3


def test_rejected_file_lists_errors_on_stderr_and_writes_nothing(
    store_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("order_ref,platform,sku,qty\nA1,taobao,X,-2\nA2,ebay,Y,1\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", store_url, "import", "shipments", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{bad}:2: qty: '-2' is not a valid quantity; expected a whole number of 1 or more"
    )
    assert lines[1].startswith(f"{bad}:3: platform: 'ebay' is not a known platform")
    assert lines[2] == f"inspect-tui: {bad}: not imported (2 problems); nothing was written."
    assert count(store_url, Shipment) == 0 and count(store_url, AuditEvent) == 0


def test_long_error_lists_are_cut_after_fifty(store_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "many.csv"
    bad.write_text(
        "sku,unit_weight_g\n" + "".join(f"S{i},heavy\n" for i in range(60)), encoding="utf-8"
    )
    result = runner.invoke(app, ["--db", store_url, "import", "products", str(bad)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 52
    assert lines[49].startswith(f"{bad}:51: unit_weight_g: 'heavy' is not a weight")
    assert lines[50] == "… and 10 more."


def test_usage_errors_exit_2(store_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "--db",
            store_url,
            "import",
            "products",
            str(SAMPLES / "tiktok_orders.csv"),
            "--format",
            "tiktok",
        ],
    )
    assert result.exit_code == 2
    assert "TikTok Shop's order export is not a catalog" in result.stderr
    bad_tz = runner.invoke(
        app,
        [
            "--db",
            store_url,
            "import",
            "products",
            str(SAMPLES / "products.csv"),
            "--tz",
            "Moon/Base",
        ],
    )
    assert bad_tz.exit_code == 2
    assert "--tz 'Moon/Base' is not a time zone" in bad_tz.stderr


def test_header_only_file_exits_1(store_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "returns.csv"
    empty.write_text("rma_ref,order_ref,sku,qty\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", store_url, "import", "returns", str(empty)])
    assert result.exit_code == 1
    assert f"{empty}:1: the file has a header but no data rows" in result.stderr


def test_mapping_option_and_notes(store_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "--db",
            store_url,
            "import",
            "shipments",
            str(SAMPLES / "cn_backoffice.csv"),
            "--mapping",
            str(SAMPLES / "mapping_cn.toml"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "note: columns not used for shipments: 备注"
    assert "(3 rows, mapping) — shipments: 2 created" in result.stdout


def test_import_in_a_real_process(store_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "INSPECT_TUI_HOME": str(tmp_path / "home")}
    for args in (
        ["products", str(SAMPLES / "products.csv")],
        ["shipments", str(SAMPLES / "tiktok_orders.csv"), "--format", "tiktok"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "inspect_tui", "--db", store_url, "import", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert "shipments: 2 created, 0 updated, 0 unchanged" in done.stdout
    assert "return requests: 2 created" in done.stdout
    assert count(store_url, ReturnRequest) == 2
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    failed = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", store_url, "import", "products", str(broken)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert failed.returncode == 1
    assert f"{broken}: this is not a text file" in failed.stderr


def test_counts_of_one_are_singular(store_url: str, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("sku,title\nTEA-1,Longjing\n", encoding="utf-8")
    imported = runner.invoke(app, ["--db", store_url, "import", "products", str(one)])
    assert "(1 row, generic)" in imported.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,unit_weight_g\nTEA-1,heavy\n", encoding="utf-8")
    rejected = runner.invoke(app, ["--db", store_url, "import", "products", str(bad)])
    assert "not imported (1 problem); nothing was written." in rejected.stderr
    verified = runner.invoke(app, ["--db", store_url, "audit", "verify"])
    assert "Audit trail intact: 1 event, " in verified.stdout
