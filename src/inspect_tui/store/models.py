"""The ORM classes of the store's tables: rows as Python objects, for the use cases that write.

The tables themselves (columns, types, keys, indexes) are declared once, in ``store.tables``;
each class here names its table (``__table__``) and gives its columns their Python types and
the defaults a new row starts with. Commands that only read query the tables directly and
never build these classes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from pydantic_core import PydanticUndefined
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig
from sqlmodel.main import FieldInfo

from inspect_tui.store import tables


class _Table(SQLModel):
    """Base of every table class: maps the class onto its table in ``store.tables``.

    Each annotated attribute becomes the table's column of that name (an attribute without a
    column, or a column without an attribute, is an error at import); its value is the default
    of a new row, or ``Field(default_factory=...)``. Pydantic builds a class's validator on
    first use, not at import: nothing validates rows through pydantic (SQLModel builds them
    without it), and building every table's validator cost each command about 25 ms.
    """

    model_config = SQLModelConfig(defer_build=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        table = cls.__dict__.get("__table__")
        if table is not None:
            annotated = cls.__dict__.get("__annotations__", {})
            if unnamed := [column.name for column in table.c if column.name not in annotated]:
                raise TypeError(f"{cls.__name__} gives no attribute for the columns {unnamed}")
            for name in annotated:
                value = cls.__dict__.get(name, PydanticUndefined)
                column = table.c[name]
                if isinstance(value, FieldInfo) and value.default_factory is not None:
                    factory = cast(Callable[[], Any], value.default_factory)
                    field = Field(default_factory=factory, sa_column=column)
                else:
                    field = Field(default=value, sa_column=column)
                type.__setattr__(cls, name, field)
        super().__init_subclass__(**kwargs)


class Product(_Table, table=True):
    """A catalog item: what a SKU is, weighs and comes with."""

    __table__ = tables.PRODUCT

    id: int | None = None
    sku: str
    sku_key: str
    gtin: str | None = None
    title: str = ""
    unit_weight_g: int | None = None
    serialized: bool = False
    components: list[str] = Field(default_factory=list)


class Shipment(_Table, table=True):
    """The original outbound shipment of an order, as packed and recorded before it left."""

    __table__ = tables.SHIPMENT

    id: int | None = None
    platform: str
    order_ref: str
    order_key: str
    package_ref: str | None = None
    package_key: str | None = None
    buyer_ref: str = ""
    buyer_name: str = ""
    shipped_at: datetime | None = None
    carrier: str = ""
    tracking_out: str | None = None
    tracking_out_key: str | None = None
    shipped_weight_g: int | None = None
    risk_level: str = "none"
    currency: str = "CNY"
    seal_ids: list[str] = Field(default_factory=list)


class ShipmentLine(_Table, table=True):
    """One line of a shipment: a SKU, how many, and the serials that went out."""

    __table__ = tables.SHIPMENT_LINE

    id: int | None = None
    shipment_id: int
    line_no: int
    sku: str
    title: str = ""
    qty: int
    gtin: str | None = None
    unit_price_minor: int = 0
    ordered_sku: str | None = None
    serials: list[str] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)


class ReturnRequest(_Table, table=True):
    """The buyer's request to return (RMA / refund request) for one shipment."""

    __table__ = tables.RETURN_REQUEST

    id: int | None = None
    rma_ref: str
    rma_key: str
    shipment_id: int
    platform: str | None = None
    """The shipment's platform, written with the request by the importer."""
    buyer_ref: str | None = None
    """The shipment's buyer, written with ``platform``: the desk's figures count a buyer's
    return requests from this table alone (``ix_return_request_buyer_requested``). An import
    that corrects the shipment's buyer corrects it here too."""
    tracking_return: str | None = None
    tracking_return_key: str | None = None
    carrier_return: str = ""
    requested_at: datetime | None = None
    reason_code: str | None = None
    reason_text: str = ""
    refund_minor: int | None = None
    freight_insurance: bool = False


class ReturnLine(_Table, table=True):
    """One SKU and quantity the buyer asked to return."""

    __table__ = tables.RETURN_LINE

    id: int | None = None
    return_id: int
    sku: str
    qty: int


class Station(_Table, table=True):
    """A receiving bench: its scale, photo inbox, label printer, recording folder and language.

    Stored in the database so every machine at the desk sees the same setup
    (``inspect-tui station add|set|list``).
    """

    __table__ = tables.STATION

    id: int | None = None
    name: str
    scale: str = "manual"
    photo_inbox: str | None = None
    created_at: datetime | None = None
    printer: str | None = None
    recording_folder: str | None = None
    language: str | None = None


class Operator(_Table, table=True):
    """A person at the desk: clerk or supervisor. PINs are stored only as salted hashes."""

    __table__ = tables.OPERATOR

    id: int | None = None
    name: str
    role: str
    pin_hash: str | None = None
    active: bool = True
    failed_pins: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None
    language: str | None = None
    """The interface language the operator works in (``zh_CN``); None: the desk's."""


class Inspection(_Table, table=True):
    """One parcel on the bench, from the first scan to the frozen result."""

    __table__ = tables.INSPECTION

    id: int | None = None
    code: str
    return_id: int | None = None
    shipment_id: int | None = None
    platform: str | None = None
    """The shipment's platform, copied when the parcel is opened (None: no shipment)."""
    buyer_ref: str | None = None
    """The shipment's buyer, copied with ``platform``: the desk's figures find a period's
    buyers and their rejects from the inspection alone (``ix_inspection_*_buyer``). An import
    that corrects the shipment's buyer corrects it here too."""
    scanned_code: str = ""
    station: str
    inspector: str
    status: str = "open"
    step: str = "card"
    day: date
    opened_at: datetime | None = None
    completed_at: datetime | None = None
    weight_g: int | None = None
    weight_source: str | None = None
    weighed_at: datetime | None = None
    expected_weight_g: int | None = None
    test_result: str | None = None
    outer_box_damaged: bool | None = None
    outcome: str | None = None
    reasons: list[str] = Field(default_factory=list)
    suggested: dict[str, Any] = Field(default_factory=dict)
    refund_minor: int | None = None
    justification: str = ""
    decided_at: datetime | None = None
    needs_review: bool = False
    review_state: str | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_comment: str = ""
    note: str = ""
    facts: dict[str, Any] | None = None
    """The shipment and return as they stood when the parcel was decided (migration 0006):
    a completed inspection is read against these, whatever a later import changes."""
    test_note: str = ""
    """What the clerk wrote about the function test (satisfies the ``test_note`` evidence)."""
    seals: dict[str, Any] = Field(default_factory=dict)
    """Seal id -> "present", "missing" or "mismatch", as the clerk checked them."""
    seller_error_answer: bool | None = None
    """The clerk's answer to "is this what we shipped?" (pre-shipment photo compared)."""
    version: int = 1


class InspectionUnit(_Table, table=True):
    """One unit taken out of the parcel and scanned, with its match, grade and disposition."""

    __table__ = tables.INSPECTION_UNIT

    id: int | None = None
    inspection_id: int
    line_no: int | None = None
    scanned_code: str
    sku: str | None = None
    gtin: str | None = None
    serial: str | None = None
    match: str
    grade: str | None = None
    checklist: dict[str, Any] = Field(default_factory=dict)
    components_present: list[str] | None = None
    note: str = ""
    disposition: str | None = None
    scanned_at: datetime | None = None


class Evidence(_Table, table=True):
    """A file kept as proof: a pre-shipment photo or one taken at the bench.

    The file itself lives in the evidence store under its SHA-256; this row says what it shows.
    """

    __table__ = tables.EVIDENCE

    id: int | None = None
    inspection_id: int | None = None
    shipment_id: int | None = None
    unit_id: int | None = None
    kind: str
    original_name: str = ""
    stored_path: str
    sha256: str
    bytes: int
    captured_at: datetime | None = None


class AuditEvent(_Table, table=True):
    """One link of the append-only, signed, hash-chained audit trail.

    ``hash`` is the HMAC-SHA256, with the desk key, of the event's content including
    ``prev_hash`` (a plain SHA-256 for events from before the desk had a key), so editing or
    deleting any row breaks the chain from that row on. See ``store.audit``.
    """

    __table__ = tables.AUDIT_EVENT

    seq: int
    at: datetime | None = None
    actor: str
    station: str = ""
    action: str
    entity: str = ""
    payload: str
    prev_hash: str
    hash: str
    key_id: str = ""
    """Which desk key signed ``hash`` (HMAC-SHA256); empty for events from before keys."""
    state: str = ""
    """SHA-256 of the entity's rows as this event left them; empty when not tracked."""


class AuditHead(_Table, table=True):
    """The chain's last event, signed with the desk key, so a cut-off tail is noticed.

    One row, rewritten with every event. Without the key nobody can write a head that
    points to an earlier event; an old head row saved and put back is caught by the head
    and anchors kept outside the database.
    """

    __table__ = tables.AUDIT_HEAD

    id: int = 1
    seq: int
    hash: str
    at: datetime | None = None
    key_id: str
    mac: str


class Appeal(_Table, table=True):
    """A platform's case about a rejected return (申诉 / 平台介入), as the supervisor tracks it.

    One row per inspection and platform, updated as the case moves on: submitted, then won,
    lost or partly won, with the money the seller kept or got back.
    """

    __table__ = tables.APPEAL

    id: int | None = None
    inspection_id: int
    platform: str
    case_ref: str
    """The platform's case (dispute) number."""
    status: str
    """submitted, won, lost or partial."""
    opened_at: datetime | None = None
    """When the platform stepped in (the response window counts from here)."""
    deadline_at: datetime | None = None
    """When the platform's response window closes."""
    recovered_minor: int = 0
    """Money the seller kept or got back through the appeal, in minor units."""
    currency: str = "CNY"
    note: str = ""
    recorded_by: str
    """The supervisor who last recorded it."""
    updated_at: datetime | None = None
