"""What leaves the desk from the supervisor's seat: the inspection log and evidence packs.

A mixin of :class:`~inspect_tui.services.review.ReviewDesk`, so the app's export screen and
the detail screen's "evidence pack" key go through the same signed-in desk as every review,
and never see the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, tzinfo
from pathlib import Path

from sqlalchemy import Engine

from inspect_tui.core.policy import Policy
from inspect_tui.services.exporting.inspection_log import (
    ExportError,
    ExportResult,
    export_inspections,
)
from inspect_tui.services.records.evidence_pack import PackError, write_evidence_pack
from inspect_tui.services.shared.errors import DeskError


class BackOffice:
    """Exports for a signed-in supervisor (mixed into ``ReviewDesk``)."""

    engine: Engine
    policy: Policy
    tz: tzinfo | None
    data_dir: Path

    @property
    def evidence_dir(self) -> Path:
        """Where evidence files are kept under their SHA-256."""
        return self.data_dir / "evidence"

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
        """
        path = Path(path)
        _make_folder(path, PackError)
        return write_evidence_pack(
            self.engine,
            code,
            path,
            evidence_dir=self.evidence_dir,
            policy=self.policy,
            tz=self.tz,
            overwrite=overwrite,
        )


def _make_folder(path: Path, error: type[DeskError]) -> None:
    """Create the file's folder (the screens offer a default one that may not exist yet)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise error(
            f"Cannot create the folder {path.parent}: {problem.strerror or problem}."
        ) from None
