"""``inspect-tui evidence``: the evidence pack of one inspection, and moving the evidence store.

``inspect-tui evidence CODE -o pack.zip`` writes a pack (the ``pack`` command, the default);
``inspect-tui evidence migrate --to s3://bucket/prefix`` copies a desk's local evidence folder
to a store shared by every station.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from inspect_tui.cli.common import evidence_store_or_fail, load_policy_or_fail, store
from inspect_tui.cli.localising import PrintoutLanguage, speak
from inspect_tui.cli.options import ForceOption, InspectionCode, output_file
from inspect_tui.cli.root import EXIT_NOT_FOUND, EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, _
from inspect_tui.core.words import counted
from inspect_tui.core.zones import UnknownZone, parse_zone
from inspect_tui.services.shared.errors import DeskError


class _PackByDefault(TyperGroup):
    """``evidence CODE …`` means ``evidence pack CODE …``, as it always has."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own click Context
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["pack", *args]
        return super().parse_args(ctx, args)


evidence_app = typer.Typer(
    cls=_PackByDefault,
    help=N_("Evidence packs (`evidence CODE -o pack.zip`) and the evidence store."),
    no_args_is_help=True,
)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command(
    "pack",
    help=N_(
        "Write the evidence pack of an inspection: PDF report, or ZIP with originals and hashes."
    ),
)
def evidence(
    ctx: typer.Context,
    code: InspectionCode,
    output: Annotated[
        Path,
        output_file(
            N_("pack.pdf (the report) or pack.zip (report, original files, manifest.json).")
        ),
    ],
    force: ForceOption = False,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz", help=N_("Time zone the report shows times in (default: this machine's).")
        ),
    ] = None,
    lang: PrintoutLanguage = None,
) -> None:
    # The PDF and image libraries load only for this command, not on every start-up.
    from inspect_tui.services.records.evidence_pack import PACK_SUFFIXES, write_evidence_pack
    from inspect_tui.services.records.inspection_record import InspectionNotFound

    if output.suffix.lower() not in PACK_SUFFIXES:
        fail(
            _(
                "cannot write an evidence pack as {name!r}: give a file ending in .pdf or .zip"
            ).format(name=output.name),
            EXIT_USAGE,
        )
    try:
        zone = parse_zone(tz) if tz else None
    except UnknownZone as error:
        fail(f"--tz {tz!r} {error}", EXIT_USAGE)
    if lang is not None:
        speak(lang)
    resolved = settings(ctx)
    policy = load_policy_or_fail(resolved)
    evidence_store = evidence_store_or_fail(resolved)
    engine = store(resolved)
    try:
        written = write_evidence_pack(
            engine,
            code,
            output,
            store=evidence_store,
            policy=policy,
            tz=zone,
            overwrite=force,
        )
    except InspectionNotFound as error:
        fail(str(error), EXIT_NOT_FOUND)
    except DeskError as error:
        fail(str(error))
    finally:
        engine.dispose()
    typer.echo(
        _("Evidence pack of {code} written to {path}.").format(
            code=code.strip().upper(), path=written
        )
    )


@evidence_app.command(
    "migrate",
    help=N_(
        "Copy the local evidence folder to a shared store, every file's SHA-256 verified.\n\n"
        "Safe to run again after an interruption: files the store already holds are skipped. The "
        "local folder is left as it was. Exit 0 when every file and every evidence row of the "
        "database is in the store, 1 naming each that is not."
    ),
)
def migrate(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help=N_(
                "The shared store: s3://bucket/prefix (endpoint and keys from AWS_ENDPOINT_URL, "
                "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), or a folder."
            ),
            show_default=False,
        ),
    ],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            file_okay=False,
            help=N_("The local evidence folder (default: <data dir>/evidence)."),
        ),
    ] = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.evidence.migrate import migrate_evidence
    from inspect_tui.services.evidence.store import EVIDENCE_DIR

    resolved = settings(ctx)
    folder = source or resolved.data_dir / EVIDENCE_DIR
    if not folder.is_dir():
        fail(f"there is no evidence folder at {folder}: give the right one with --from")
    target = evidence_store_or_fail(resolved, to)
    if target.local_dir.resolve() == folder.resolve():
        fail(f"{to} is the evidence folder itself: give another store with --to", EXIT_USAGE)
    engine = store(resolved)
    typer.echo(f"Copying the evidence in {folder} to {target.location}…")
    try:
        result = migrate_evidence(folder, target, engine=engine, progress=_progress())
    except DeskError as error:
        fail(f"{error} Run the same command again to go on where it stopped.")
    finally:
        engine.dispose()
    typer.echo(
        f"{counted(result.copied, 'file')} copied, {result.already} already there, "
        f"all verified by SHA-256. The local folder is left as it was."
    )
    for name in result.altered:
        typer.echo(f"  - {name}: its content is not the SHA-256 in its name; not copied", err=True)
    for name in result.missing:
        typer.echo(f"  - {name}: an evidence row's file is in neither store", err=True)
    if not result.complete:
        raise typer.Exit(1)
    typer.echo(f"Point every station at it: INSPECT_TUI_EVIDENCE={to}")


def _progress() -> Callable[[int, int], None]:
    """A progress callback printing a line every 500 files."""

    def report(done: int, total: int) -> None:
        if done % 500 == 0 and done < total:
            typer.echo(f"  {done} of {total} files…")

    return report
