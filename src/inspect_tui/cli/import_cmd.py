"""``inspect-tui import``: load products, shipments and returns from exports.

On success it says what was created, updated and left unchanged. When the file has problems it
lists them as ``FILE:LINE: column: message`` on standard error (the first ``SHOWN_ERRORS``, then
a count), exits 1, and the store is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from inspect_tui.cli.common import evidence_store_or_fail, store
from inspect_tui.cli.root import EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, _, ngettext

if TYPE_CHECKING:
    from inspect_tui.services.importing import Kind

SHOWN_ERRORS = 50

import_app = typer.Typer(
    help=N_("Import products, shipments or returns from a CSV/XLSX export."), no_args_is_help=True
)
app.add_typer(import_app, name="import")


class FileFormat(StrEnum):
    """The layouts the importer knows without a mapping file."""

    generic = "generic"
    shopify = "shopify"
    tiktok = "tiktok"


FileArgument = Annotated[
    Path, typer.Argument(help=N_("The CSV (or XLSX) file."), dir_okay=False, show_default=False)
]
FormatOption = Annotated[
    FileFormat,
    typer.Option("--format", "-f", help=N_("Layout of the file: generic, shopify or tiktok.")),
]
MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        "-m",
        dir_okay=False,
        help=N_("TOML mapping the file's columns to the generic fields."),
    ),
]
TzOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help=N_(
            "Time zone of times written without one, e.g. Asia/Shanghai or +08:00 "
            "(default: the mapping's timezone, else this machine's)."
        ),
    ),
]


def _run(
    ctx: typer.Context,
    kind: Kind,
    file: Path,
    file_format: FileFormat,
    mapping: Path | None,
    tz: str | None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.importing import FormatError, ImportRejected, import_file

    resolved = settings(ctx)
    evidence = evidence_store_or_fail(resolved)
    engine = store(resolved)
    operator = ctx.find_root().params.get("operator")
    try:
        result = import_file(
            engine,
            kind,
            file,
            format=file_format.value,
            mapping=mapping,
            evidence_dir=evidence.local_dir,
            store=evidence,
            actor=str(operator) if operator else "import",
            station=resolved.station,
            tz=tz,
        )
    except FormatError as error:
        fail(str(error), EXIT_USAGE)
    except ImportRejected as rejected:
        for line in rejected.errors[:SHOWN_ERRORS]:
            typer.echo(str(line), err=True)
        hidden = rejected.total - min(len(rejected.errors), SHOWN_ERRORS)
        if hidden:
            typer.echo(_("… and {count} more.").format(count=f"{hidden:,}"), err=True)
        fail(
            ngettext(
                "{file}: not imported ({count} problem); nothing was written.",
                "{file}: not imported ({count} problems); nothing was written.",
                rejected.total,
            ).format(file=file, count=f"{rejected.total:,}")
        )
    finally:
        engine.dispose()
    for note in result.notes:
        typer.echo(_("note: {note}").format(note=note))
    typer.echo(result.summary())


def _command(kind: Kind) -> Callable[..., None]:
    """The ``import KIND`` command: every kind of file takes the same argument and options."""

    def command(
        ctx: typer.Context,
        file: FileArgument,
        file_format: FormatOption = FileFormat.generic,
        mapping: MappingOption = None,
        tz: TzOption = None,
    ) -> None:
        _run(ctx, kind, file, file_format, mapping, tz)

    command.__name__ = kind
    return command


import_app.command(
    "products",
    help=N_("Import the catalog: SKU, GTIN, title, unit weight, serialized, components."),
)(_command("products"))
import_app.command(
    "shipments",
    help=N_("Import outbound shipments: one row per line item (TikTok files also bring returns)."),
)(_command("shipments"))
import_app.command(
    "returns",
    help=N_(
        "Import return requests (RMAs): one row per returned line; their orders must be imported."
    ),
)(_command("returns"))
