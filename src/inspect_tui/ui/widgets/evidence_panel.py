"""The evidence step: what the reasons still require, what is attached, the photo inbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from textual.content import Content
from textual.widgets import Static

from inspect_tui.core.translation import _
from inspect_tui.devices.photos import InboxPhoto
from inspect_tui.services.shared.views import InspectionView
from inspect_tui.ui import format as fmt
from inspect_tui.ui.widgets.sized_by_layout import SizedByLayout


def size_text(size: int) -> str:
    """A file size as people read it: ``820 KB``, ``2.1 MB``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(size, 0) // 1000 or 1} KB"


def required_text(view: InspectionView) -> Content:
    """Evidence the suggested reasons still need, or that nothing more is needed."""
    missing = view.suggested.missing_evidence
    if not missing:
        return Content.styled(
            " " + _("Nothing more is required for the suggested decision."), "$success"
        )
    wanted = Content(", ").join(
        Content.assemble(
            (fmt.kind_label(kind), "bold"),
            " " + _("(for {reason})").format(reason=fmt.reason_label(reason)),
        )
        for reason, kind in missing
    )
    return Content.assemble((" " + _("Still needed: "), "bold $warning"), wanted)


def attached_text(view: InspectionView, tz: tzinfo | None) -> Content:
    """The evidence already attached to the inspection."""
    bench = [item for item in view.evidence if item.kind != "pre_shipment"]
    if not bench:
        return Content.styled(" " + _("Nothing attached yet."), "$text-muted")
    rows = [Content.styled(" " + _("Attached"), "bold")]
    for item in bench:
        gone = "" if item.exists else "  " + _("(file missing from the evidence store)")
        rows.append(
            Content.assemble(
                f"   {fmt.pad(fmt.kind_label(item.kind), 16)} {item.original_name}  ",
                (fmt.local_time(item.captured_at, tz), "$text-muted"),
                (gone, "$error"),
            )
        )
    return Content("\n").join(rows)


def inbox_text(photos: Sequence[InboxPhoto] | None, selected: int, tz: tzinfo | None) -> Content:
    """The station's photo inbox, newest first, the selected photo marked."""
    if photos is None:
        return Content.styled(" " + _("Reading the photo inbox…"), "$text-muted")
    if not photos:
        return Content.styled(
            " " + _("The photo inbox is empty: take the photo with the bench camera, then F5."),
            "$text-muted",
        )
    rows = [Content.styled(" " + _("Photo inbox (newest first) — ↑/↓ choose"), "bold")]
    for index, photo in enumerate(photos):
        marker = "▶" if index == selected else " "
        row = Content(
            f" {marker} {fmt.pad(photo.name, 32)} {fmt.local_time(photo.modified, tz)}  "
            f"{size_text(photo.bytes)}"
        )
        rows.append(row.stylize("reverse") if index == selected else row)
    return Content("\n").join(rows)


def kind_text(kind: str) -> Content:
    """The kind the next photo will be attached as."""
    return Content.assemble(
        (" " + _("Attach as: "), "bold"),
        (f"◀ {fmt.kind_label(kind)} ▶", "bold $accent"),
        ("   " + _("←/→ change kind · F7 or PHOTO attaches the chosen photo"), "$text-muted"),
    )


class EvidencePanel(SizedByLayout, Static):
    """Required evidence, attached evidence, the photo inbox and the kind to attach as."""

    DEFAULT_CSS = """
    EvidencePanel {
        height: auto;
    }
    """

    def show(
        self,
        view: InspectionView,
        photos: Sequence[InboxPhoto] | None,
        selected: int,
        kind: str,
        tz: tzinfo | None = None,
    ) -> None:
        """Draw the evidence state of ``view`` and the inbox with photo ``selected``."""
        parts = [
            required_text(view),
            attached_text(view, tz),
            inbox_text(photos, selected, tz),
            kind_text(kind),
        ]
        self.update(Content("\n\n").join(parts))
