"""A large generated shipments file keeps the import's guarantees: all or nothing, every problem.

The problems sit where a reader that writes as it goes would already have written most of the
file: on its first line, in its middle and on its very last line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

from inspect_tui.sample import write_sample
from inspect_tui.services.importing import ImportRejected, import_file
from inspect_tui.store.models import AuditEvent, Shipment, ShipmentLine

LINES = 20_000
TABLES: tuple[type[SQLModel], ...] = (Shipment, ShipmentLine, AuditEvent)


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: int(session.exec(select(func.count()).select_from(model)).one())
            for model in TABLES
        }


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The generated file's lines (header first), written once for the module."""
    folder = tmp_path_factory.mktemp("big")
    write_sample(folder, 0, lines=LINES, seed=7)
    return (folder / "shipments.csv").read_text(encoding="utf-8").splitlines()


def _bad_copy(line: str, order: str) -> str:
    """``line`` as a new order ``order`` whose quantity is -2."""
    cells = line.split(",")
    cells[0], cells[12], cells[13] = order, "-2", ""  # order_ref, qty, serials
    return ",".join(cells)


def _import(engine: Engine, tmp_path: Path, lines: list[str]) -> int:
    path = tmp_path / "shipments.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(
        engine,
        "shipments",
        path,
        evidence_dir=tmp_path / "evidence",
        display_name="shipments.csv",
        tz="UTC",
    )
    return result.lines_written


def test_a_bad_last_line_leaves_the_store_untouched(
    engine: Engine, tmp_path: Path, big_file: list[str]
) -> None:
    before = _counts(engine)
    lines = [*big_file, _bad_copy(big_file[1], "LAST-ORDER")]
    with pytest.raises(ImportRejected) as caught:
        _import(engine, tmp_path, lines)
    last = len(lines)
    assert [str(error) for error in caught.value.errors] == [
        f"shipments.csv:{last}: qty: '-2' is not a valid quantity; expected a whole number of "
        "1 or more"
    ]
    assert _counts(engine) == before


def test_problems_at_the_start_middle_and_end_are_all_reported_and_the_fixed_file_imports(
    engine: Engine, tmp_path: Path, big_file: list[str]
) -> None:
    header, rows = big_file[0], big_file[1:]
    middle = len(rows) // 2
    lines = [
        header,
        _bad_copy(rows[0], "FIRST-ORDER"),
        *rows[:middle],
        _bad_copy(rows[0], "MIDDLE-ORDER"),
        *rows[middle:],
        _bad_copy(rows[0], "LAST-ORDER"),
    ]
    with pytest.raises(ImportRejected) as caught:
        _import(engine, tmp_path, lines)
    assert [error.line for error in caught.value.errors] == [2, middle + 3, len(lines)]
    assert _counts(engine) == {"Shipment": 0, "ShipmentLine": 0, "AuditEvent": 0}

    assert _import(engine, tmp_path, big_file) == LINES
    assert _counts(engine)["ShipmentLine"] == LINES
