"""The export's column headers in words, for a person opening the file (``export --lang``).

By default the headers are the columns' stable names (``code``, ``weight_g``), which scripts
read; asked for a language, CSV and XLSX get these words in it instead (检验单号, 称重(克) …).
The values stay the same either way: codes, numbers and ISO 8601 times.
"""

from __future__ import annotations

from inspect_tui.core.translation import N_, _
from inspect_tui.services.exporting.rows import columns_for

__all__ = ["HEADINGS", "column_headings"]

HEADINGS: dict[str, str] = {
    "code": N_("Inspection code"),
    "opened_at": N_("Opened at"),
    "completed_at": N_("Completed at"),
    "station": N_("Station"),
    "inspector": N_("Inspector"),
    "platform": N_("Platform"),
    "order_ref": N_("Order"),
    "rma_ref": N_("Return request"),
    "tracking_return": N_("Return tracking number"),
    "buyer_ref": N_("Buyer account"),
    "buyer_name": N_("Buyer name"),
    "claim_reason": N_("Claimed reason"),
    "claim_text": N_("Buyer's words"),
    "expected_weight_g": N_("Expected weight (g)"),
    "weight_g": N_("Weight (g)"),
    "weight_source": N_("Weighed by"),
    "outcome": N_("Outcome"),
    "reasons": N_("Reasons"),
    "refund_requested": N_("Refund asked"),
    "refund": N_("Refund"),
    "currency": N_("Currency"),
    "review_state": N_("Review"),
    "reviewed_by": N_("Reviewed by"),
    "reviewed_at": N_("Reviewed at"),
    "justification": N_("Justification"),
    "note": N_("Note"),
    "evidence": N_("Evidence files"),
    "dispositions": N_("Dispositions"),
    "units": N_("Units"),
    "unit": N_("Unit"),
    "unit_line": N_("Order line"),
    "unit_sku": N_("SKU"),
    "unit_serial": N_("Serial number"),
    "unit_match": N_("Match"),
    "unit_grade": N_("Grade"),
    "unit_disposition": N_("Disposition"),
}
"""Each column's header in words (English; translated when the file is written)."""


def column_headings(units: bool) -> tuple[str, ...]:
    """The headers of the per-inspection or per-unit export in the language in use."""
    return tuple(_(HEADINGS[column.name]) for column in columns_for(units))
