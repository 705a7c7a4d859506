"""``inspect-tui audit``: check that nobody edited the record afterwards, and anchor it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from inspect_tui import config
from inspect_tui.cli.common import store
from inspect_tui.cli.root import app, fail, settings
from inspect_tui.core.translation import N_, _, ngettext
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.shared.errors import DeskError

if TYPE_CHECKING:
    from inspect_tui.services.evidence.store import EvidenceStore

audit_app = typer.Typer(help=N_("The signed, hash-chained audit trail."), no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command(
    "verify",
    help=N_(
        "Check the chain, its anchors, the inspections' and operators' rows and the evidence "
        "files.\n\n"
        "Exit 0 when everything is as recorded, 1 naming each thing that is not."
    ),
)
def verify(
    ctx: typer.Context,
    anchor: Annotated[
        list[Path] | None,
        typer.Option(
            "--anchor",
            help=N_(
                "A file of anchors kept elsewhere (from `audit anchor`) to check too; repeatable."
            ),
        ),
    ] = None,
    skip_files: Annotated[
        bool,
        typer.Option("--skip-files", help=N_("Do not hash the evidence files again.")),
    ] = False,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.exc import SQLAlchemyError

    from inspect_tui.store.audit_anchor import read_anchors
    from inspect_tui.store.audit_key import AuditKeyError
    from inspect_tui.store.audit_verify import verify_store

    resolved = settings(ctx)
    extra = []
    try:
        for path in anchor or []:
            extra += read_anchors(path)
    except ValueError as error:
        fail(str(error))
    shared = None if skip_files else _shared_store(resolved)
    engine = store(resolved)
    try:
        report = verify_store(
            engine,
            evidence_dir=None if skip_files or shared else resolved.evidence_dir,
            anchors=extra,
        )
        if shared is not None and report.intact:
            from inspect_tui.services.evidence.migrate import check_store_files

            checked, problems = check_store_files(engine, shared)
            report = replace(report, files=checked, problems=report.problems + tuple(problems))
    except DeskError as error:
        fail(str(error))
    except AuditKeyError as error:
        fail(f"{error}.")
    except SQLAlchemyError as error:
        fail(_store_problem(error))
    finally:
        engine.dispose()
    for note in report.notes:
        typer.echo(_("Note: {note}.").format(note=note))
    if report.intact:
        counts = [
            ngettext("{count} event", "{count} events", report.events).format(
                count=f"{report.events:,}"
            ),
            ngettext("{count} anchor", "{count} anchors", report.anchors).format(
                count=f"{report.anchors:,}"
            ),
            ngettext(
                "{count} inspection or operator",
                "{count} inspections and operators",
                report.entities,
            ).format(count=f"{report.entities:,}"),
        ]
        if not skip_files:
            counts.append(
                ngettext("{count} evidence file", "{count} evidence files", report.files).format(
                    count=f"{report.files:,}"
                )
            )
        typer.echo(_("Audit trail intact: {counts} verified.").format(counts=_(", ").join(counts)))
        return
    typer.echo(
        ngettext(
            "Audit trail BROKEN ({count} event read):",
            "Audit trail BROKEN ({count} events read):",
            report.events,
        ).format(count=report.events),
        err=True,
    )
    for problem in report.problems:
        typer.echo(f"  - {problem}", err=True)
    raise typer.Exit(1)


@audit_app.command(
    "anchor",
    help=N_(
        "Sign how far the chain reaches now; keep the printed line somewhere else.\n\n"
        "The chain is verified first: a broken chain is never anchored. The anchor goes to the "
        "anchors file in the data directory and is printed; `audit verify --anchor FILE` checks "
        "the chain against anchors kept elsewhere."
    ),
)
def anchor(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=N_("Also append the anchor to this file.")),
    ] = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.exc import SQLAlchemyError

    from inspect_tui.store.audit import anchor_now
    from inspect_tui.store.audit_anchor import desk_name
    from inspect_tui.store.audit_key import AuditKeyError
    from inspect_tui.store.audit_verify import verify_store

    resolved = settings(ctx)
    engine = store(resolved)
    try:
        shared = "://" in (config.evidence_location() or "")
        report = verify_store(engine, evidence_dir=None if shared else resolved.evidence_dir)
        if not report.intact:
            problems = "; ".join(report.problems)
            fail(
                _("the audit trail does not verify, so it was not anchored: {problems}").format(
                    problems=problems
                )
            )
        taken, kept = anchor_now(engine)
    except AuditKeyError as error:
        fail(f"{error}.")
    except SQLAlchemyError as error:
        fail(_store_problem(error))
    except OSError as error:
        fail(
            _("the anchor could not be kept ({reason}: {file})").format(
                reason=error.strerror, file=error.filename
            )
        )
    finally:
        engine.dispose()
    line = taken.to_json(desk_name(engine.url))
    if output is not None:
        try:
            with output.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as error:
            fail(
                _("cannot write the anchor to {file}: {reason}").format(
                    file=output, reason=error.strerror
                )
            )
    anchored = _("Anchored event {seq} ({hash}…) at {when}, signed with desk key {key}.").format(
        seq=taken.seq, hash=taken.hash[:16], when=taken.when, key=taken.key_id
    )
    if output:
        kept_in = _("Kept in {file} and {output}.").format(file=kept, output=output)
    else:
        kept_in = _("Kept in {file}.").format(file=kept)
    typer.echo(
        f"{anchored} {kept_in} " + _("Keep this line somewhere else too (mail it, print it):"),
        err=True,
    )
    typer.echo(line)


def _store_problem(error: Exception) -> str:
    text = str(getattr(error, "orig", error)).strip().splitlines()[0]
    return _(
        "the store could not be read ({reason}). If it is not upgraded yet, run "
        "`inspect-tui db upgrade`."
    ).format(reason=text)


def _shared_store(resolved: config.Settings) -> EvidenceStore | None:
    """The object store ``INSPECT_TUI_EVIDENCE`` names (its files are checked through it)."""
    named = config.evidence_location()
    if named is None or "://" not in named:
        return None
    try:
        return open_evidence_store(resolved.data_dir, named)
    except DeskError as error:
        fail(str(error))
