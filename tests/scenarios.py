"""The sample data's scenarios (sample_data/README.md) as the codes a bench receives, in order.

Each scenario is what a clerk does at the bench, written as what a scanner would send: the parcel
label first, then the weight as typed (``"35"``), the units' barcodes and serials, and command
barcodes (``CMD:GRADE-C``, ``CMD:TEST-WORKS``…). The few steps no barcode carries are written
``KEY:<what>=<value>`` (a key or a dialog at the bench). ``expected`` is the suggestion the rules
must show after the last step; sample_data/README.md's table says the same (a test checks both).

Meaning of the codes, as a bench plays them:

- the first code opens the parcel;
- a weight (digits, ``0.4 kg``…) while no weight is recorded is the parcel's weight;
- any other code is a unit (or a seal tag) scanned at Contents; ``CMD:GRADE-x`` grades the unit
  scanned last;
- ``CMD:SEAL-MISSING`` marks the shipment's seal missing or broken; ``CMD:TEST-WORKS`` /
  ``CMD:TEST-FAILS`` record the function test (with ``KEY:TEST-NOTE=…`` as its note);
  ``CMD:BOX-INTACT`` / ``CMD:BOX-DAMAGED`` the outer box; ``CMD:SHIPPED-THIS`` /
  ``CMD:NOT-SHIPPED`` answer the pre-shipment-photo question;
- ``KEY:MISSING=<accessory>`` ticks that accessory of the unit scanned last as missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Expected:
    """The suggestion after the scenario's last step."""

    outcome: str
    reasons: tuple[str, ...] = ()
    refund_minor: int | None = None
    """Checked when given."""
    flags: tuple[str, ...] = ()
    """Risk flags the parcel card must show (each a prefix of one of the view's flags)."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One row of the README's scenario table."""

    number: int
    title: str
    codes: tuple[str, ...]
    expected: Expected


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        1,
        "Empty parcel",
        ("SF1402590004417", "35"),
        Expected("reject", ("EMPTY_PARCEL",), 0),
    ),
    Scenario(
        2,
        "Swapped item",
        ("YT7512300991032", "400", "6901234567106"),
        Expected("reject", ("SWAPPED_ITEM",), 0),
    ),
    Scenario(
        3,
        "Wrong serial: buy new, return old",
        ("JT5112301188740", "500", "HP100-2303-00044"),
        Expected("reject", ("SERIAL_MISMATCH",), 0),
    ),
    Scenario(
        4,
        "Used / worn item",
        ("SF1402590055120", "1140", "JK-DWN-L", "CMD:GRADE-C", "CMD:SEAL-MISSING"),
        Expected("reject", ("SEAL_MISSING", "USED_OR_WORN"), 0),
    ),
    Scenario(
        5,
        "Missing parts",
        (
            "YT7512301400218",
            "1200",
            "KB87-2410-03318",
            "CMD:GRADE-A",
            "KEY:MISSING=USB-C cable",
            "KEY:TEST-NOTE=Every key types",
            "CMD:TEST-WORKS",
        ),
        Expected("partial", ("NO_REASON_RETURN", "MISSING_PARTS"), 41310),
    ),
    Scenario(
        6,
        "Deliberate damage",
        (
            "75312009912245",
            "800",
            "SPK20-2411-07761",
            "CMD:GRADE-D",
            "CMD:SEAL-MISSING",
            "CMD:BOX-INTACT",
        ),
        Expected("reject", ("SEAL_MISSING", "BUYER_DAMAGE"), 0),
    ),
    Scenario(
        7,
        "Invented defect",
        (
            "JT5112301299317",
            "320",
            "PB10-2411-20533",
            "CMD:GRADE-A",
            "KEY:TEST-NOTE=Charges a phone from 20 to 60 %",
            "CMD:TEST-WORKS",
        ),
        Expected("accept", ("NO_REASON_RETURN",), 12900),
    ),
    Scenario(
        8,
        "Repeat returner",
        ("YT7512299200044", "1000", "6901234567083", "CMD:GRADE-B", "CMD:TEST-FAILS"),
        Expected(
            "accept",
            ("DEFECT_CONFIRMED",),
            35900,
            ("repeat returner", "freight insurance"),
        ),
    ),
    Scenario(
        9,
        "Platform risk warning",
        ("SF1402590120566", "400", "SW200-2410-01610", "CMD:GRADE-A"),
        Expected("accept", ("NO_REASON_RETURN",), 89900, ("platform risk: high",)),
    ),
    Scenario(
        10,
        "Outside the return window",
        ("SF1402590079002", "250", "TS-BLK-M", "CMD:GRADE-A"),
        Expected("reject", ("OUTSIDE_WINDOW",), 0),
    ),
    Scenario(
        11,
        "Honest: defect confirmed",
        (
            "EA312291887CN",
            "320",
            "PB10-2411-20871",
            "CMD:GRADE-D",
            "KEY:TEST-NOTE=Indicator stays dark on two chargers",
            "CMD:TEST-FAILS",
        ),
        Expected("accept", ("DEFECT_CONFIRMED",), 12900),
    ),
    Scenario(
        12,
        "Honest: seller sent the wrong item",
        ("SF1402590133020", "1000", "6901234567076", "CMD:GRADE-A", "CMD:SHIPPED-THIS"),
        Expected("accept", ("SELLER_ERROR",), 35900),
    ),
    Scenario(
        13,
        "Fewer items than claimed, wholesale",
        ("EE123499905CN", "400", *(("LP-CASE",) * 6)),
        Expected("reject", ("MISSING_ITEMS",), 0),
    ),
    Scenario(
        14,
        "Honest: carrier damage",
        ("1Z4E12345603000005", "400", "6901234567014", "CMD:GRADE-D", "CMD:BOX-DAMAGED"),
        Expected("accept", ("TRANSIT_DAMAGE",), 12900),
    ),
    Scenario(
        15,
        "Shopify risk flag",
        ("9400100000000012345676", "300", "6901234567021"),
        Expected("escalate", (), None, ("platform risk: high",)),
    ),
    Scenario(
        16,
        "Happy path: no-reason return",
        ("SF1402590900217", "340", "TS-BLK-M", "CMD:GRADE-A"),
        Expected("accept", ("NO_REASON_RETURN",), 7900),
    ),
    Scenario(
        17,
        "TikTok return: worn shoes",
        ("576461413038785752", "1000", "SN-RUN-42", "CMD:GRADE-C"),
        Expected("reject", ("USED_OR_WORN",), 0),
    ),
    Scenario(
        18,
        "TikTok partial return",
        ("576461413038790011", "200", "LP-CASE", "CMD:GRADE-A"),
        Expected("accept", ("NO_REASON_RETURN",), 900),
    ),
    Scenario(
        19,
        "Platform risk from a Chinese back office",
        ("KS2411090077",),
        Expected("escalate", (), None, ("platform risk: high",)),
    ),
)
"""Every row of sample_data/README.md's scenario table, in order."""
