"""The parcel card: what was shipped, what the buyer claims, and what should raise an eyebrow."""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from inspect_tui.services.shared.views import EvidenceView, InspectionView, LineView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.photo_strip import ImageFactory, PhotoStrip
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

_FLAG_STYLES = (
    ("platform risk", "bold $error"),
    ("unmatched", "bold $error"),
    ("repeat returner", "bold $warning"),
    ("freight insurance", "$warning"),
)


def flag_style(flag: str) -> str:
    """The colour of a risk flag: platform risk red, repeat returner amber, and so on."""
    return next((style for prefix, style in _FLAG_STYLES if flag.startswith(prefix)), "$warning")


def risk_flags(view: InspectionView) -> Content:
    """The parcel's risk flags in colour, or ``no risk flags``."""
    if not view.risk_flags:
        return Content.styled("no risk flags", "$text-muted")
    return Content("   ").join(
        Content.styled(f"⚑ {flag}", flag_style(flag)) for flag in view.risk_flags
    )


def card_text(view: InspectionView, tz: tzinfo | None = None) -> Content:
    """Everything the clerk should know before opening the box, as lines of text."""
    rows: list[Content] = []
    shipment, claim = view.shipment, view.return_request
    if shipment is None:
        rows.append(
            Content.styled("Unmatched parcel: no shipment or return on file", "bold $error")
        )
        rows.append(Content.assemble(("Scanned: ", "bold"), view.scanned_code))
        if view.note:
            rows.append(Content.assemble(("Clerk's note: ", "bold"), view.note))
        rows.append(Content("It goes to quarantine with your note. Weigh it, then scan DONE."))
        return Content("\n").join(rows)
    rows.append(
        Content.assemble(
            (shipment.platform, "bold $accent"),
            " · order ",
            (shipment.order_ref, "bold"),
            f" · package {shipment.package_ref}" if shipment.package_ref else "",
        )
    )
    rows.append(
        Content.assemble(
            ("Buyer ", "bold"),
            f"{shipment.buyer_name} ({shipment.buyer_ref})",
            f" · shipped {fmt.local_date_time(shipment.shipped_at, tz)} by {shipment.carrier}",
            f" ({shipment.tracking_out})" if shipment.tracking_out else "",
        )
    )
    if claim is not None:
        rows.append(
            Content.assemble(
                ("Return ", "bold"),
                claim.rma_ref,
                " · claimed: ",
                (claim.reason_code or "no reason given", "bold"),
                f" — {claim.reason_text}" if claim.reason_text else "",
            )
        )
        window = fmt.window_text(view.return_window_days_left)
        late = view.return_window_days_left is not None and view.return_window_days_left < 0
        rows.append(
            Content.assemble(
                ("Return window ", "bold"),
                (window, "bold $error" if late else "$success"),
                " · refund asked ",
                (fmt.money(claim.refund_minor, shipment.currency), "bold"),
            )
        )
    else:
        rows.append(Content.styled("No return request on file for this parcel", "$warning"))
    rows.append(Content.assemble(("Risk ", "bold"), risk_flags(view)))
    history = view.buyer_history
    rows.append(
        Content.assemble(
            ("Buyer history ", "bold"),
            f"{history.returns} other returns, {history.rejects} rejected",
            f" in {history.window_days} days" if history.window_days else "",
        )
    )
    rows.append(
        Content.assemble(
            ("Expected weight ", "bold"),
            fmt.weight(view.expected_weight_g),
            f" (shipped {fmt.weight(shipment.shipped_weight_g)})"
            if shipment.shipped_weight_g
            else "",
        )
    )
    rows.append(Content.styled("Lines shipped", "bold underline"))
    rows.extend(line_text(line, shipment.currency) for line in shipment.lines)
    if shipment.seal_ids:
        rows.append(Content.assemble(("Seals ", "bold"), ", ".join(shipment.seal_ids)))
    return Content("\n").join(rows)


def line_text(line: LineView, currency: str) -> Content:
    """One shipped line: SKU, title, quantity, serials and accessories."""
    parts: list[Content | tuple[str, str] | str] = [
        f" {line.line_no:>2}  ",
        (f"{line.sku:<12}", "bold"),
        f" {line.title}  ×{line.qty}  {fmt.money(line.unit_price_minor, currency)}",
    ]
    if line.serials:
        parts.append(Content.assemble("\n      serials: ", (", ".join(line.serials), "$accent")))
    if line.components:
        parts.append(f"\n      accessories: {', '.join(line.components)}")
    return Content.assemble(*parts)


class CardText(SizedByLayout, Static):
    """The card's text; its height follows the parcel's lines."""


class ParcelCard(SizedByLayout, Vertical):
    """The card shown after the parcel scan: shipment, claim, risk, lines, pre-shipment photos."""

    DEFAULT_CSS = """
    ParcelCard {
        height: auto;
    }
    ParcelCard > .parcel-card--text {
        height: auto;
        margin-bottom: 1;
    }
    """

    def __init__(
        self,
        view: InspectionView,
        *,
        tz: tzinfo | None = None,
        image_factory: ImageFactory | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the card for ``view``.

        Args:
            view: The inspection.
            tz: Time zone for shown times (None = the machine's).
            image_factory: Builds photo previews, or None to only list photos.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.view = view
        self.tz = tz
        self.image_factory = image_factory

    def compose(self) -> ComposeResult:
        """The text of the card, then the pre-shipment photos (none for an unmatched parcel)."""
        yield CardText(card_text(self.view, self.tz), classes="parcel-card--text")
        strip = PhotoStrip("Pre-shipment photos", self._photos(self.view), self.image_factory)
        strip.display = self.view.shipment is not None
        yield strip

    def show(self, view: InspectionView) -> None:
        """Show ``view``, in place: the text is redrawn, photos only for another parcel.

        Nothing is mounted or removed (unless photo previews change), so taking the next
        parcel costs no more than a step of the same one.
        """
        other_parcel = view.inspection_id != self.view.inspection_id
        self.view = view
        self.query_one(CardText).update(card_text(view, self.tz))
        if other_parcel:
            strip = self.query_one(PhotoStrip)
            strip.show(self._photos(view))
            strip.display = view.shipment is not None

    @staticmethod
    def _photos(view: InspectionView) -> tuple[EvidenceView, ...]:
        return tuple(view.shipment.photos) if view.shipment is not None else ()
