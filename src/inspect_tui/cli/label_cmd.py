"""``inspect-tui label``: write (and print) a disposition label of a completed inspection again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.localising import PrintoutLanguage, speak
from inspect_tui.cli.options import ForceOption, InspectionCode, output_file
from inspect_tui.cli.root import EXIT_NOT_FOUND, EXIT_USAGE, app, fail, settings
from inspect_tui.core.display_names import disposition_name
from inspect_tui.core.translation import N_, _
from inspect_tui.core.vocabulary import InspectionStatus
from inspect_tui.core.words import counted

if TYPE_CHECKING:
    from inspect_tui.services.printouts.labels import LabelData

PRINTER_ENV = "INSPECT_TUI_PRINTER"  # as inspect_tui.services.printing.PRINTER_ENV


@app.command(
    "label",
    help=N_("Write a disposition label of a completed inspection again, and print it if asked."),
)
def label(
    ctx: typer.Context,
    code: InspectionCode,
    output: Annotated[
        Path,
        output_file(N_("FILE.png, FILE.svg or FILE.zpl; an existing file is kept unless --force.")),
    ],
    force: ForceOption = False,
    unit: Annotated[
        int | None,
        typer.Option(
            "--unit", min=1, help=N_("Which unit's label (1, 2, …) when there are several.")
        ),
    ] = None,
    printer: Annotated[
        str | None,
        typer.Option(
            "--printer",
            help=N_("Also print it: tcp://HOST:9100 or cups:QUEUE (env INSPECT_TUI_PRINTER)."),
        ),
    ] = None,
    no_print: Annotated[
        bool,
        typer.Option(
            "--no-print", help=N_("Only write the file, even if INSPECT_TUI_PRINTER is set.")
        ),
    ] = False,
    lang: PrintoutLanguage = None,
) -> None:
    # The label and printing libraries load only for this command, not on every start-up.
    from inspect_tui.devices.label_printer import PrinterError, PrinterOffline, configured_printer
    from inspect_tui.services.printouts.inspection_labels import label_data
    from inspect_tui.services.printouts.labels import LABEL_SUFFIXES, write_label
    from inspect_tui.services.printouts.printing import print_label
    from inspect_tui.services.records.inspection_record import InspectionNotFound, load_record

    if output.suffix.lower() not in LABEL_SUFFIXES:
        fail(
            f"cannot write a label as {output.name!r}: give a file ending in "
            f"{', '.join(LABEL_SUFFIXES)}",
            EXIT_USAGE,
        )
    if output.exists() and not force:
        fail(f"{output} already exists; add --force to replace it")
    try:
        target = None if no_print else configured_printer(printer)
    except PrinterError as error:
        fail(str(error), EXIT_USAGE)
    if lang is not None:
        speak(lang)
    resolved = settings(ctx)
    policy = load_policy_or_fail(resolved)
    engine = store(resolved)
    try:
        record = load_record(engine, code, evidence_dir=resolved.evidence_dir, policy=policy)
    except InspectionNotFound as error:
        fail(str(error), EXIT_NOT_FOUND)
    finally:
        engine.dispose()
    view = record.view
    if view.status != InspectionStatus.COMPLETED:
        fail(
            f"{view.code} is not completed yet ({view.status}): its labels are written when the "
            "clerk completes it."
        )
    data = _choose(view.code, label_data(view), unit)
    try:
        write_label(data, output)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}. Choose a folder you can write to.")
    message = (
        _("Label of {code} unit {unit} ({disposition}) written to {path}.")
        if data.unit is not None
        else _("Label of {code} ({disposition}) written to {path}.")
    )
    typer.echo(
        message.format(
            code=view.code,
            unit=data.unit,
            disposition=disposition_name(data.disposition),
            path=output,
        )
    )
    if target is None:
        return
    zpl_file = output if output.suffix.lower() == ".zpl" else None
    try:
        print_label(target, data, zpl_file=zpl_file)
    except PrinterOffline as error:
        fail(f"{error} The label is saved in {output}.")
    typer.echo(_("Sent to the printer {printer}.").format(printer=target))


def _choose(code: str, labels: list[LabelData], unit: int | None) -> LabelData:
    if unit is None:
        if len(labels) > 1:
            fail(
                f"{code} has {len(labels)} units: choose one with --unit 1 to {len(labels)}",
                EXIT_USAGE,
            )
        return labels[0]
    if labels[0].unit is None:
        if unit != 1:
            fail(f"{code} has no units scanned: it has one label for the parcel", EXIT_USAGE)
        return labels[0]
    if unit > len(labels):
        fail(f"{code} has {counted(len(labels), 'unit')}: there is no unit {unit}", EXIT_USAGE)
    return labels[unit - 1]
