"""What leaves the desk from the supervisor's seat: the inspection log and evidence packs.

The base of :class:`~inspect_tui.services.review.desk.ReviewDesk`, so the app's export screen and
the detail screen's "evidence pack" key go through the same signed-in desk as every review,
and never see the engine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.services.appeals.platforms import LIMITS_ENV
from inspect_tui.services.appeals.tracking import (
    AppealChange,
    AppealSummary,
    AppealView,
    appeal_summary,
    save_appeal,
)
from inspect_tui.services.evidence.store import EvidenceStore
from inspect_tui.services.exporting.inspection_log import (
    ExportError,
    ExportResult,
    export_inspections,
)
from inspect_tui.services.shared.desk_store import DeskStore
from inspect_tui.services.shared.errors import DeskError

if TYPE_CHECKING:  # the kit's photo and PDF libraries load with the first kit
    from inspect_tui.services.appeals.kit import AppealKit


class BackOffice(DeskStore):
    """Exports for a signed-in supervisor (the base of ``ReviewDesk``)."""

    tz: tzinfo | None
    operator: str
    evidence: EvidenceStore

    @property
    def evidence_dir(self) -> Path:
        """Where this machine reads evidence files: the store's folder, or its cache."""
        return self.evidence.local_dir

    def export_log(
        self,
        path: Path,
        *,
        fmt: str | None = None,
        start: date | None = None,
        end: date | None = None,
        outcomes: Sequence[str] = (),
        units: bool = False,
        bom: bool = True,
        overwrite: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ExportResult:
        """Write the inspection log to ``path``, creating its folder (see ``export_inspections``).

        Days are the desk's calendar days. ``progress`` runs on the calling (worker) thread;
        ``cancelled`` is polled as the export goes and stops it without leaving a file.

        Raises:
            ExportError: bad format, existing file (without ``overwrite``), unwritable folder.
            ExportCancelled: ``cancelled`` returned True.
        """
        path = Path(path)
        _make_folder(path, ExportError)
        return export_inspections(
            self.engine,
            path,
            fmt=fmt,
            start=start,
            end=end,
            outcomes=outcomes,
            units=units,
            bom=bom,
            tz=self.tz,
            overwrite=overwrite,
            progress=progress,
            cancelled=cancelled,
        )

    def evidence_pack(self, code: str, path: Path, *, overwrite: bool = False) -> Path:
        """Write the dispute-ready evidence pack of ``code`` as a ``.pdf`` or ``.zip``.

        Raises:
            PackError: wrong suffix, existing file, unwritable folder.
            InspectionNotFound: no inspection has this code.
            NoPdfFont: no font with Chinese glyphs is installed.
            EvidenceStoreError: the shared evidence store cannot be reached.
        """
        # Loaded with the first pack: its PDF libraries (fpdf, fontTools, numpy, qrcode, Pillow)
        # took about a second of the app's start-up.
        from inspect_tui.services.records.evidence_pack import PackError, write_evidence_pack

        path = Path(path)
        _make_folder(path, PackError)
        return write_evidence_pack(
            self.engine,
            code,
            path,
            evidence_dir=self.evidence_dir,
            store=self.evidence,
            policy=self.policy,
            tz=self.tz,
            overwrite=overwrite,
        )

    def appeal_kit(self, code: str, platform: str) -> AppealKit:
        """Write the appeal kit of ``code`` for ``platform`` to ``<data dir>/appeal-kits/``.

        The folder is ``CODE-platform``; an earlier kit there is replaced. The seller's limits
        come from ``INSPECT_TUI_APPEAL_LIMITS`` when it names a file.

        Raises:
            UnknownPlatform, LimitsError, KitError, InspectionNotFound, NoPdfFont: see
                :func:`~inspect_tui.services.appeals.kit.write_appeal_kit`.
        """
        # Loaded with the first kit: its photo and PDF libraries stay out of the app's start-up.
        from inspect_tui.services.appeals.kit import KitError, write_appeal_kit

        folder = self.data_dir / "appeal-kits" / f"{code.strip().upper()}-{platform.strip()}"
        _make_folder(folder, KitError)
        return write_appeal_kit(
            self.engine,
            code,
            folder,
            platform=platform,
            evidence_dir=self.evidence_dir,
            policy=self.policy,
            limits_file=_limits_file(),
            tz=self.tz,
            overwrite=True,
        )

    def record_appeal(self, code: str, change: AppealChange) -> AppealView:
        """Record the platform's case of ``code``, or how it ended, as this supervisor.

        Raises:
            AppealError, UnknownPlatform, LimitsError, InspectionNotFound: see
                :func:`~inspect_tui.services.appeals.tracking.save_appeal`.
        """
        return save_appeal(
            self.engine,
            code,
            change,
            actor=self.operator,
            limits_file=_limits_file(),
            clock=self.clock,
        )

    def appeals(self) -> AppealSummary:
        """The desk's appeals: due within two days, how they ended, the money recovered."""
        return appeal_summary(self.engine, self.clock())


def _limits_file() -> Path | None:
    named = os.environ.get(LIMITS_ENV, "").strip()
    return Path(named).expanduser() if named else None


def _make_folder(path: Path, error: type[DeskError]) -> None:
    """Create the file's folder (the screens offer a default one that may not exist yet)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise error(
            f"Cannot create the folder {path.parent}: {problem.strerror or problem}."
        ) from None
