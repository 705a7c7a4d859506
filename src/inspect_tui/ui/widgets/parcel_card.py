"""The parcel card: what was shipped, what the buyer claims, and what should raise an eyebrow."""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.translation import N_, _, ngettext
from inspect_tui.services.shared.views import EvidenceView, InspectionView, LineView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.photo_strip import ImageFactory, PhotoStrip
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout

_FLAG_STYLES = (
    (N_("platform risk"), "bold $error"),
    (N_("unmatched"), "bold $error"),
    (N_("repeat returner"), "bold $warning"),
    (N_("freight insurance"), "$warning"),
)


def flag_style(flag: str) -> str:
    """The colour of a risk flag: platform risk red, repeat returner amber, and so on."""
    return next((style for prefix, style in _FLAG_STYLES if flag.startswith(_(prefix))), "$warning")


def risk_flags(view: InspectionView) -> Content:
    """The parcel's risk flags in colour, or ``no risk flags``."""
    if not view.risk_flags:
        return Content.styled(_("no risk flags"), "$text-muted")
    return Content("   ").join(
        Content.styled(f"⚑ {flag}", flag_style(flag)) for flag in view.risk_flags
    )


def labelled(label: str, *parts: Content | tuple[str, str] | str) -> Content:
    """A row of the card: its label in bold, then what follows it."""
    return Content.assemble((label + " ", "bold"), *parts)


def claimed_reason(code: str | None) -> str:
    """The buyer's claimed reason: the code in English, the desk's word for it in Chinese."""
    if not code:
        return _("no reason given")
    return fmt.claim_label(code)


def card_text(view: InspectionView, tz: tzinfo | None = None) -> Content:
    """Everything the clerk should know before opening the box, as lines of text."""
    rows: list[Content] = []
    shipment, claim = view.shipment, view.return_request
    if shipment is None:
        rows.append(
            Content.styled(_("Unmatched parcel: no shipment or return on file"), "bold $error")
        )
        rows.append(Content.assemble((_("Scanned: "), "bold"), view.scanned_code))
        if view.note:
            rows.append(Content.assemble((_("Clerk's note: "), "bold"), view.note))
        rows.append(Content(_("It goes to quarantine with your note. Weigh it, then scan DONE.")))
        return Content("\n").join(rows)
    rows.append(
        Content.assemble(
            (fmt.platform_label(shipment.platform), "bold $accent"),
            " · " + _("order") + " ",
            (shipment.order_ref, "bold"),
            " · " + _("package {package}").format(package=shipment.package_ref)
            if shipment.package_ref
            else "",
        )
    )
    rows.append(
        labelled(
            _("Buyer"),
            f"{shipment.buyer_name} ({shipment.buyer_ref})",
            " · "
            + _("shipped {when} by {carrier}").format(
                when=fmt.local_date_time(shipment.shipped_at, tz), carrier=shipment.carrier
            ),
            f" ({shipment.tracking_out})" if shipment.tracking_out else "",
        )
    )
    if claim is not None:
        rows.append(
            labelled(
                _("Return"),
                claim.rma_ref,
                " · " + _("claimed:") + " ",
                (claimed_reason(claim.reason_code), "bold"),
                f" — {claim.reason_text}" if claim.reason_text else "",
            )
        )
        window = fmt.window_text(view.return_window_days_left)
        late = view.return_window_days_left is not None and view.return_window_days_left < 0
        rows.append(
            labelled(
                _("Return window"),
                (window, "bold $error" if late else "$success"),
                " · " + _("refund asked") + " ",
                (fmt.money(claim.refund_minor, shipment.currency), "bold"),
            )
        )
    else:
        rows.append(Content.styled(_("No return request on file for this parcel"), "$warning"))
    rows.append(labelled(_("Risk"), risk_flags(view)))
    history = view.buyer_history
    rows.append(
        labelled(
            _("Buyer history"),
            ngettext(
                "{returns} other return, {rejects} rejected",
                "{returns} other returns, {rejects} rejected",
                history.returns,
            ).format(returns=history.returns, rejects=history.rejects),
            " " + _("in {days} days").format(days=history.window_days)
            if history.window_days
            else "",
        )
    )
    rows.append(
        labelled(
            _("Expected weight"),
            fmt.weight(view.expected_weight_g),
            " " + _("(shipped {weight})").format(weight=fmt.weight(shipment.shipped_weight_g))
            if shipment.shipped_weight_g
            else "",
        )
    )
    rows.append(Content.styled(_("Lines shipped"), "bold underline"))
    rows.extend(line_text(line, shipment.currency) for line in shipment.lines)
    if shipment.seal_ids:
        rows.append(labelled(_("Seals"), ", ".join(shipment.seal_ids)))
    return Content("\n").join(rows)


def line_text(line: LineView, currency: str) -> Content:
    """One shipped line: SKU, title, quantity, serials and accessories."""
    parts: list[Content | tuple[str, str] | str] = [
        f" {line.line_no:>2}  ",
        (fmt.pad(line.sku, 12), "bold"),
        f" {line.title}  ×{line.qty}  {fmt.money(line.unit_price_minor, currency)}",
    ]
    if line.serials:
        parts.append(
            Content.assemble("\n      " + _("serials:") + " ", (", ".join(line.serials), "$accent"))
        )
    if line.components:
        parts.append(
            "\n      " + _("accessories: {parts}").format(parts=", ".join(line.components))
        )
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
        strip = PhotoStrip(_("Pre-shipment photos"), self._photos(self.view), self.image_factory)
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
