"""Random text and sizes into every Workstation call: only the desk's own errors come out.

About 1,000 calls per back end, seeded (so a failure replays), with names and codes around
the columns' limits (80, 120, 200 characters), control characters, NULs, lone surrogates,
CJK, GS1 Digital Links and element strings, and huge numbers. Each call either works or
raises a ``DeskError`` whose message a clerk can read; nothing else (no ``DataError`` from
PostgreSQL, no ``UnicodeEncodeError``, no ``OSError``).
"""

from __future__ import annotations

import random
import re
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.workstation import Workstation, parse_weight_text
from inspect_tui.services.shared.errors import DeskError, InvalidInput

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
CALLS = 1000
PARCELS = ("SF1402590004417", "TB-RF-880133", "TB-RF-880114", "TB4015528817")
UNITS = ("HP100-2411-00871", "SN-RUN-42", "KB87-2410-03318", "6901234567892")
ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ /.",
    "退货空包少件掉包买新退旧故意损坏运费险王小明",
    "\x00\x01\x1b\x7f\n\t\r\u200b\u202e\ufeff",
    "\ud800\udfff😀🧾",
    "|]C1]d2]Q3(01)(21)%#?&=",
)


def _text(rng: random.Random) -> str:
    size = rng.choice((0, 1, 5, 14, 20, 79, 80, 81, 119, 120, 121, 199, 200, 201, 400, 5000))
    alphabet = "".join(rng.sample(ALPHABETS, rng.randint(1, len(ALPHABETS))))
    text = "".join(rng.choice(alphabet) for _ in range(size))
    roll = rng.random()
    if roll < 0.15:
        return "https://id.gs1.org/01/09506000134352/21/" + text
    if roll < 0.25:
        return "]d201095060001343521" + text
    if roll < 0.35:
        return rng.choice(PARCELS + UNITS) + text[: rng.choice((0, 1, 200))]
    return text


def _number(rng: random.Random) -> int:
    return rng.choice((0, -1, 1, 760, 10**6, 10**12, 2**63, -(2**70), 10**400))


def test_random_input_raises_only_desk_errors(demo: DemoStore, photo: Path) -> None:
    rng = random.Random(20261207)
    failures: list[str] = []
    bench = Workstation.connect(demo.db_url, station="bench-1", operator="alice",
                                data_dir=demo.data_dir, clock=lambda: NOW)  # fmt: skip
    state: dict[str, Any] = {"iid": bench.open_parcel(PARCELS[0]).inspection_id, "unit": 0}

    def keep(view: Any) -> None:
        if view is not None and getattr(view, "status", "") == "open":
            state["iid"] = view.inspection_id
            if view.units:
                state["unit"] = view.units[-1].unit_id

    def connect(r: random.Random) -> None:
        name = _text(r) if r.random() < 0.8 else "alice"
        other = Workstation.connect(demo.db_url, station=name, operator=r.choice(("alice",
                                    _text(r))), data_dir=demo.data_dir)  # fmt: skip
        other.close()

    calls: list[tuple[str, Callable[[random.Random], Any]]] = [
        ("connect", connect),
        ("open_parcel", lambda r: bench.open_parcel(_text(r), take_over=r.random() < 0.5)),
        ("open_unmatched", lambda r: bench.open_unmatched(_text(r), _text(r))),
        ("scan_item", lambda r: bench.scan_item(state["iid"], _text(r))),
        ("set_note", lambda r: bench.set_note(state["iid"], _text(r))),
        (
            "grade_unit",
            lambda r: bench.grade_unit(
                state["iid"],
                state["unit"] or r.randint(-5, 10**9),
                r.choice(("A", "X", _text(r))),
                r.choice((None, {_text(r): True}, {"seal_intact": False})),
                r.choice((None, _text(r))),
            ),
        ),  # fmt: skip
        (
            "decide",
            lambda r: bench.decide(
                state["iid"],
                r.choice((None, "reject", _text(r))),
                r.choice((None, [_text(r)], ["EMPTY_PARCEL"])),
                r.choice((None, _text(r))),
            ),
        ),  # fmt: skip
        (
            "attach_evidence",
            lambda r: bench.attach_evidence(
                state["iid"],
                r.choice(
                    (photo, Path(_text(r) or ".")),
                ),
                r.choice(("scale_photo", _text(r))),
            ),
        ),  # fmt: skip
        ("set_step", lambda r: bench.set_step(state["iid"], _text(r))),
        ("record_weight", lambda r: bench.record_weight(state["iid"], _number(r))),
        ("parse_weight", lambda r: parse_weight_text(_text(r))),
        ("set_test_result", lambda r: bench.set_test_result(state["iid"], _text(r))),
        ("complete", lambda r: bench.complete(state["iid"])),
        ("current", lambda r: bench.current(r.choice((state["iid"], _number(r))))),
    ]
    try:
        for number in range(CALLS):
            name, call = rng.choice(calls)
            try:
                keep(call(rng))
            except DeskError as error:
                assert str(error).strip(), f"{name}: an error without a message"
            except Exception:  # noqa: BLE001 - what this test exists to find
                failures.append(f"call {number} {name}:\n{traceback.format_exc(limit=3)}")
            if number % 50 == 0:
                resumed = bench.resume_open()
                state["iid"] = (
                    resumed.inspection_id
                    if resumed
                    else bench.open_parcel(
                        rng.choice(PARCELS), take_over=True
                    ).inspection_id  # fmt: skip
                )
    finally:
        bench.close()
    kinds = sorted({failure.strip().splitlines()[-1][:120] + " in "
                    + failure.split(":")[0].split()[-1] for failure in failures})  # fmt: skip
    assert not failures, f"{len(failures)} tracebacks:\n" + "\n".join(kinds) + failures[0]


def test_names_codes_and_notes_too_long_for_the_store_are_refused_in_words(
    demo: DemoStore,
) -> None:
    with pytest.raises(InvalidInput, match="station name is 81 characters long; at most 80"):
        Workstation.connect(demo.db_url, station="b" * 81, operator="alice",
                            data_dir=demo.data_dir)  # fmt: skip
    bench = Workstation.connect(demo.db_url, station="bench-1", operator="alice",
                                data_dir=demo.data_dir, clock=lambda: NOW)  # fmt: skip
    try:
        iid = bench.open_parcel(PARCELS[0]).inspection_id
        link = "https://id.gs1.org/01/09506000134352/21/" + "7" * 161  # 201 characters
        refused = {
            "unit code": lambda: bench.scan_item(iid, "U" * 201),
            "digital link": lambda: bench.scan_item(iid, link),
            "parcel code": lambda: bench.open_parcel("SF" + "1" * 199),
            "note": lambda: bench.set_note(iid, "n" * 4001),
            "justification": lambda: bench.decide(iid, "reject", ["EMPTY_PARCEL"], "j" * 4001),
            "control": lambda: bench.set_note(iid, "fine\x00hidden"),
        }
        for what, call in refused.items():
            with pytest.raises(InvalidInput, match=re.compile("at most|control character")):
                call()
            assert what
        assert bench.current(iid).note == ""
        assert bench.set_note(iid, "two\nlines").note == "two\nlines"
    finally:
        bench.close()
