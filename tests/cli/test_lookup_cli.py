"""``inspect-tui lookup``: a parcel found by every identifier it could carry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.cli.root import hoist_global_options
from inspect_tui.services.demo import load_demo

runner = CliRunner()


@pytest.fixture
def demo_url(store_url: str, tmp_path: Path) -> str:
    load_demo(store_url, tmp_path / "data")
    return store_url


@pytest.mark.parametrize(
    ("code", "matched_by"),
    [
        ("SF1402590004417", "tracking_return"),
        ("TB-RF-880001", "rma_ref"),
        ("tb4015528817", "order_ref"),
        (" SF 1402558617283 ", "tracking_out"),
        ("pkg-tb-0001", "package_ref"),
    ],
)
def test_lookup_by_every_identifier(demo_url: str, code: str, matched_by: str) -> None:
    result = runner.invoke(app, ["--db", demo_url, "lookup", code, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["matched_by"] == matched_by
    shipment = data["shipment"]
    assert shipment["order_ref"] == "TB4015528817"
    assert shipment["platform"] == "taobao"
    assert shipment["buyer_name"] == "王小明"
    assert shipment["shipped_weight_g"] == 520
    assert shipment["expected_weight_g"] == 520
    assert shipment["lines"][0]["sku"] == "HP-100"
    assert shipment["lines"][0]["serials"] == ["HP100-2411-00871"]
    assert "USB-C cable" in shipment["lines"][0]["components"]
    assert data["return"]["rma_ref"] == "TB-RF-880001"
    assert data["return"]["lines"] == [{"sku": "HP-100", "qty": 1}]
    assert set(data["buyer_history"]) >= {"returns", "rejects"}


def test_repeat_returner_history(demo_url: str) -> None:
    result = runner.invoke(app, ["--db", demo_url, "lookup", "DY-RT-20104", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["buyer_history"]["returns"] == 3


def test_shopify_order_without_weight_uses_catalog_weights(demo_url: str) -> None:
    result = runner.invoke(app, ["--db", demo_url, "lookup", "SH-RMA-1001", "--json"])
    assert result.exit_code == 0, result.output
    shipment = json.loads(result.output)["shipment"]
    assert shipment["shipped_weight_g"] is None
    assert shipment["expected_weight_g"] and shipment["expected_weight_g"] > 0
    assert shipment["expected_weight_source"] == "catalog"


def test_not_found_exits_3_with_a_message(demo_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", demo_url, "lookup", "NOPE-123"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert "no shipment or return found for 'NOPE-123'" in result.stderr
    assert "Traceback" not in result.stderr


def test_human_output(demo_url: str) -> None:
    args = hoist_global_options(["lookup", "KS-TH-7781", "--db", demo_url])
    assert args[:2] == ["--db", demo_url]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Order KS2411051123 on kuaishou" in result.output
    assert "HP-100" in result.output


def test_lookup_by_a_fedex_label_barcode(store_url: str, tmp_path: Path) -> None:
    shipments = tmp_path / "fedex.csv"
    shipments.write_text(
        "order_ref,platform,carrier,tracking_out,sku,qty\n"
        "#1042,shopify,FedEx,785458233610,HP-100,1\n",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["--db", store_url, "import", "shipments", str(shipments)])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(
        app, ["--db", store_url, "lookup", "1027590111820004833500785458233610", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["matched_by"], data["shipment"]["order_ref"]) == ("tracking_out", "#1042")
