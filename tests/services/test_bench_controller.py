"""The bench controller at full speed: bursts of scans applied in order, across parcel changes.

No Pilot here: the controller is plain Python, fed the codes exactly as a scanner sends them,
against the demo store on each back end; what it recorded is read back through a fresh
Workstation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from inspect_tui.services.bench.controller import BenchController
from inspect_tui.services.bench.state import BenchState
from inspect_tui.services.demo import DemoStore
from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.store.models import AuditEvent, Evidence, Inspection, InspectionUnit
from row_counts import row_counts

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
OUTSIDE_WINDOW = "SF1402590079002"
"""Return tracking of TB-RF-879002: one T-shirt TS-BLK-M."""
SHOPIFY_RISK = "9400100000000012345676"
"""Return tracking of SH-RMA-1002: one SW-200 smartwatch."""
HAPPY = "SF1402590004417"
"""Return tracking of TB-RF-880001: one HP-100, serial HP100-2411-00871."""


@pytest.fixture
def connect(demo: DemoStore) -> Callable[[str], Workstation]:
    def open_workstation(operator: str) -> Workstation:
        return Workstation.connect(
            demo.db_url,
            station="bench-1",
            operator=operator,
            data_dir=demo.data_dir,
            clock=lambda: NOW,
        )

    return open_workstation


@pytest.fixture
def bench(connect: Callable[[str], Workstation]) -> Iterator[BenchController]:
    controller = BenchController(connect)
    state = controller.sign_in("alice")
    assert state.operator == "alice"
    yield controller
    controller.close()


@pytest.fixture
def reread(connect: Callable[[str], Workstation]) -> Iterator[Callable[[int], InspectionView]]:
    workstation = connect("sam")
    yield workstation.current
    workstation.close()


def play(bench: BenchController, burst: str) -> list[BenchState]:
    """Feed every code of a burst (``⏎``-separated, as a scanner sends them), in order."""
    return [bench.scan(code) for code in burst.split("\r") if code]


def problems(states: list[BenchState]) -> list[str]:
    """What the bench refused or found wrong (warnings that say what to do next are fine)."""
    return [n.text for s in states for n in s.notices if n.severity == "error"]


@pytest.mark.parametrize(
    ("burst", "grams", "sku"),
    [
        (f"{OUTSIDE_WINDOW}\r250\rTS-BLK-M\r", 250, "TS-BLK-M"),
        (f"{SHOPIFY_RISK}\r300\r6901234567021\r", 300, "SW-200"),
    ],
)
def test_a_burst_that_opens_a_parcel_weighs_it_and_scans_its_unit(
    bench: BenchController,
    reread: Callable[[int], InspectionView],
    burst: str,
    grams: int,
    sku: str,
) -> None:
    states = play(bench, burst)
    assert problems(states) == []
    view = states[-1].view
    assert view is not None
    stored = reread(view.inspection_id)
    assert stored.weight_g == grams
    assert [unit.sku for unit in stored.units] == [sku]
    assert stored.units[0].match == "matched"


def test_a_whole_inspection_in_one_burst_is_recorded_and_the_next_parcel_opens(
    bench: BenchController, reread: Callable[[int], InspectionView]
) -> None:
    states = play(
        bench,
        f"{HAPPY}\r520\r6901234567014\rHP100-2411-00871\rCMD:GRADE-A\rCMD:ACCEPT\rCMD:DONE\r"
        f"{OUTSIDE_WINDOW}\r",
    )
    assert problems(states) == []
    done = next(s.view for s in states if s.view is not None and s.view.status == "completed")
    stored = reread(done.inspection_id)
    assert stored.status == "completed"
    assert stored.weight_g == 520
    assert [(u.serial, u.grade, u.match) for u in stored.units] == [
        ("HP100-2411-00871", "A", "matched")
    ]
    assert stored.decision is not None and stored.decision.outcome == "accept"
    last = states[-1].view
    assert last is not None and last.scanned_code == OUTSIDE_WINDOW and last.status == "open"


def test_words_the_prompt_offers_mean_their_commands(
    bench: BenchController, reread: Callable[[int], InspectionView]
) -> None:
    states = play(bench, f"{HAPPY}\r520\r6901234567014\rHP100-2411-00871\rGRADE-A\rACCEPT\rdone\r")
    assert problems(states) == []
    view = states[-2].view
    assert view is not None
    stored = reread(view.inspection_id)
    assert stored.status == "completed"
    assert len(stored.units) == 1
    assert stored.decision is not None and stored.decision.outcome == "accept"


def test_parcels_left_open_back_to_back_never_trip_over_each_other(
    bench: BenchController, demo: DemoStore
) -> None:
    codes = [HAPPY, OUTSIDE_WINDOW, SHOPIFY_RISK, "YT7512300991032", "JT5112301188740"]
    burst = "".join(f"{code}\rCMD:CANCEL\r" for code in codes * 4)
    states = play(bench, burst)
    assert problems(states) == []
    opened = [s.view.scanned_code for s in states if s.view is not None]
    assert opened == codes * 4
    assert states[-1].view is None
    assert "left open" in states[-1].notices[0].text


def test_a_completed_parcel_scanned_again_is_shown_as_recorded_not_resumed(
    bench: BenchController,
) -> None:
    play(
        bench,
        f"{HAPPY}\r520\r6901234567014\rHP100-2411-00871\rCMD:GRADE-A\rCMD:ACCEPT\rCMD:DONE\r"
        "CMD:NEXT\r",
    )
    assert bench.state.view is None
    state = bench.scan(HAPPY)
    assert state.view is not None and state.view.status == "completed"
    text = state.notices[-1].text
    assert "Resumed" not in text
    assert "completed" in text


def test_a_badge_while_a_parcel_is_open_does_not_switch_the_operator(
    bench: BenchController,
) -> None:
    bench.scan(HAPPY)
    state = bench.scan("OP:ben")
    assert state.operator == "alice"
    assert state.notices[-1].severity == "warning"


def test_a_failing_call_becomes_words_not_an_exception(bench: BenchController) -> None:
    state = bench.scan("CMD:ACCEPT")
    assert state.view is None
    assert "no parcel is open" in state.notices[-1].text


def test_the_unmatched_offer_opens_with_a_note(bench: BenchController) -> None:
    state = bench.scan("NOPE-000001")
    assert state.offer is not None and state.offer.kind == "unmatched"
    state = bench.command("open_unmatched", "grey T-shirt, no slip")
    assert state.view is not None and state.view.is_unmatched
    assert state.offer is None


def test_typed_noise_is_not_recorded_until_the_clerk_confirms_a_foreign_item(
    bench: BenchController, reread: Callable[[int], InspectionView]
) -> None:
    play(bench, f"{HAPPY}\r")
    state = bench.scan("abc")  # at the weigh step: not a weight, nobody's product
    assert state.offer is not None and state.offer.kind == "foreign"
    assert state.view is not None and state.view.units == ()
    state = bench.scan("ACCEPT")  # a word the prompt offers is a command, never a unit
    assert state.view is not None and state.view.units == ()
    bench.scan("zz-9")
    state = bench.scan("zz-9")  # scanned again: the clerk means it
    assert state.view is not None
    assert [(u.scanned_code, u.match) for u in reread(state.view.inspection_id).units] == [
        ("zz-9", "unexpected")
    ]


def test_a_seal_tag_is_checked_not_counted_as_a_unit(bench: BenchController) -> None:
    state = play(bench, "75312009912245\rSEAL-A10140\r")[-1]
    assert state.view is not None
    assert state.view.units == ()
    assert state.view.seals.present == ("SEAL-A10140",)
    assert "SWAPPED_ITEM" not in state.view.suggested.reasons


def test_a_bare_serial_at_the_weigh_step_is_a_wrong_serial_not_a_weight(
    bench: BenchController,
) -> None:
    state = play(bench, "JT5112301188740\rHP100-2303-00044\r")[-1]
    assert state.view is not None
    assert [u.match for u in state.view.units] == ["serial_mismatch"]
    assert "WRONG SERIAL" in state.notices[-1].text


def test_refused_at_receipt_needs_its_evidence_then_completes(
    bench: BenchController, demo: DemoStore
) -> None:
    state = play(bench, f"{HAPPY}\r35\rCMD:REFUSE\r")[-1]
    assert state.dialog is not None and state.dialog.outcome == "refused"
    state = bench.command("decide", "refused", ("EMPTY_PARCEL",), "empty, courier present")
    assert state.notices[-1].severity == "error"
    assert "Evidence still needed" in state.notices[-1].text


# -- commands that act on an offer when no offer of that kind waits ---------------------------

NOT_FOREIGN = "Nothing to record as a foreign item: scan the item first."
OFFER_REFUSALS = {
    "foreign": ("foreign", (), NOT_FOREIGN),
    "open_unmatched": ("unmatched", ("grey box",), "Scan the unknown parcel's label first."),
    "take_over": ("take_over", (), "No parcel to take over: scan its label first."),
}
"""Each command that acts on an offer: the offer's kind, its arguments, the clerk's refusal."""
WRITTEN = (Inspection, InspectionUnit, Evidence, AuditEvent)
"""What a command at the bench can write."""


def _leave_an_offer(bench: BenchController, kind: str, demo: DemoStore) -> None:
    """Bring the bench to where an offer of ``kind`` waits (``none``: nothing is offered)."""
    if kind == "unmatched":
        bench.scan("NOPE-000001")
    elif kind == "foreign":
        play(bench, f"{HAPPY}\rzz-9\r")
    elif kind == "take_over":
        other = Workstation.connect(
            demo.db_url, station="bench-2", operator="ben", data_dir=demo.data_dir,
            clock=lambda: NOW,
        )  # fmt: skip
        try:
            other.open_parcel(HAPPY)
        finally:
            other.close()
        bench.scan(HAPPY)


@pytest.mark.parametrize(
    ("waiting", "command"),
    [
        (waiting, command)
        for command, (kind, _args, _refusal) in OFFER_REFUSALS.items()
        for waiting in ("none", "unmatched", "foreign", "take_over")
        if waiting != kind
    ],
)
def test_a_command_on_an_offer_not_waiting_is_refused_and_writes_nothing(
    bench: BenchController, demo: DemoStore, waiting: str, command: str
) -> None:
    _leave_an_offer(bench, waiting, demo)
    before = bench.state
    assert (before.offer.kind if before.offer else "none") == waiting
    rows = row_counts(bench.desk.engine, WRITTEN)
    _kind, args, refusal = OFFER_REFUSALS[command]
    state = bench.command(command, *args)
    assert [(n.text, n.severity) for n in state.notices] == [(refusal, "warning")]
    assert row_counts(bench.desk.engine, WRITTEN) == rows
    assert (state.offer, state.view) == (before.offer, before.view)  # what waited still waits


def test_the_foreign_command_barcode_with_nothing_offered_is_refused(
    bench: BenchController,
) -> None:
    opened = bench.scan(HAPPY)
    assert opened.view is not None and opened.offer is None
    rows = row_counts(bench.desk.engine, WRITTEN)
    state = bench.scan("CMD:FOREIGN")
    assert [(n.text, n.severity) for n in state.notices] == [(NOT_FOREIGN, "warning")]
    assert row_counts(bench.desk.engine, WRITTEN) == rows
    assert state.view == opened.view
