"""``inspect-tui appeal``: the kit a platform's appeal takes, and the appeals the desk tracks.

``appeal CODE --platform P -o DIR`` (short for ``appeal kit …``) writes the kit;
``appeal record CODE --as SUPERVISOR …`` records the platform's case and how it ended (the PIN
is asked for, or read from standard input); ``report appeals`` lists them (registered here on
the ``report`` group).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.operator_cmd import AsOption, supervisor_of
from inspect_tui.cli.options import InspectionCode
from inspect_tui.cli.report_cmd import JsonOption, report_app
from inspect_tui.cli.root import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_USAGE, app, fail, settings
from inspect_tui.core.display_names import platform_name
from inspect_tui.core.state_names import appeal_status_name
from inspect_tui.core.translation import N_, _, ngettext
from inspect_tui.core.zones import UnknownZone, local_zone, parse_zone

if TYPE_CHECKING:
    from inspect_tui.services.appeals.tracking import AppealSummary, AppealView

LIMITS_HELP = N_("Your own appeal limits (TOML, overriding the shipped ones key by key).")


class _KitByDefault(TyperGroup):
    """``appeal CODE …`` means ``appeal kit CODE …``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["kit", *args]
        return super().parse_args(ctx, args)


appeal_app = typer.Typer(
    cls=_KitByDefault,
    help=N_(
        "The appeal kit for a platform (appeal CODE --platform P -o DIR), and appeal tracking."
    ),
    no_args_is_help=True,
)
app.add_typer(appeal_app, name="appeal")

LimitsOption = Annotated[
    Path | None,
    typer.Option("--limits", dir_okay=False, envvar="INSPECT_TUI_APPEAL_LIMITS", help=LIMITS_HELP),
]


@appeal_app.command(
    "kit",
    help=N_(
        "Write the appeal kit: stamped photos, the clip, the statement (申诉说明), PDF, hashes."
    ),
)
def kit(
    ctx: typer.Context,
    code: InspectionCode,
    platform: Annotated[
        str,
        typer.Option(
            "--platform", help=N_("taobao, tmall, douyin, kuaishou, 1688, tiktok or shopify.")
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", file_okay=False, help=N_("A new folder for the kit.")),
    ],
    limits: LimitsOption = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace an earlier kit there."))
    ] = False,
    tz: Annotated[
        str | None, typer.Option("--tz", help=N_("Time zone of the stamps and the statement."))
    ] = None,
) -> None:
    # Deferred: the store's, PDF and image libraries load with this command, not with --help.
    from inspect_tui.services.appeals.kit import write_appeal_kit

    resolved = settings(ctx)
    policy = load_policy_or_fail(resolved)
    zone = _zone(tz)
    engine = store(resolved)
    try:
        made = write_appeal_kit(
            engine,
            code,
            output,
            platform=platform,
            evidence_dir=resolved.evidence_dir,
            policy=policy,
            limits_file=limits,
            tz=zone,
            overwrite=force,
        )
    except Exception as error:  # noqa: BLE001  (only the desk's own errors are caught below)
        _fail_for(error)
    finally:
        engine.dispose()
    typer.echo(
        _("Appeal kit of {code} for {platform} in {folder}:").format(
            code=code.strip().upper(), platform=made.limits.platform, folder=made.folder
        )
    )
    parts = [
        ngettext("{count} photo", "{count} photos", len(made.photos)).format(
            count=len(made.photos)
        ),
        _("the unboxing clip") if made.clip and made.clip.path else _("no clip"),
        _("statement {used}/{limit} characters").format(
            used=len(made.statement), limit=made.limits.statement_chars
        ),
        _("respond within {hours} h of the platform stepping in").format(
            hours=made.limits.response_hours
        ),
    ]
    typer.echo("  " + _("{summary}.").format(summary=_(", ").join(parts)))
    for note in made.notes:
        typer.echo(f"  {note}")


@appeal_app.command(
    "record",
    help=N_("Record an appeal's case number, deadline, status and money recovered (a supervisor)."),
)
def record(
    ctx: typer.Context,
    code: InspectionCode,
    as_: AsOption = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help=N_("Default: the inspection's platform."))
    ] = None,
    case: Annotated[
        str | None, typer.Option("--case", help=N_("The platform's case number (new appeals)."))
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help=N_("submitted, won, lost or partial."))
    ] = None,
    recovered: Annotated[
        str | None, typer.Option("--recovered", help=N_("Money recovered, e.g. 399.00."))
    ] = None,
    opened: Annotated[
        str | None,
        typer.Option("--opened", help=N_("When the platform stepped in (default now), ISO 8601.")),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help=N_("The platform's deadline (default: its window), ISO.")),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("A note on the case."))] = None,
    limits: LimitsOption = None,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.importing.values import BadValue, parse_datetime, parse_money
    from inspect_tui.services.review.appeals import record_appeal

    try:
        minor = parse_money(recovered) if recovered is not None else None
    except BadValue as error:
        fail(f"--recovered {recovered!r} {error}", EXIT_USAGE)
    moments: dict[str, datetime | None] = {}
    for name, text in (("opened", opened), ("deadline", deadline)):
        try:
            moments[name] = parse_datetime(text, local_zone()) if text else None
        except BadValue as error:
            fail(f"--{name} {text!r} {error}", EXIT_USAGE)
    resolved = settings(ctx)
    by = supervisor_of(as_)
    policy = load_policy_or_fail(resolved)
    engine = store(resolved)
    try:
        view = record_appeal(
            engine,
            code,
            by=by,
            platform=platform,
            case_ref=case,
            status=status,
            recovered_minor=minor,
            opened_at=moments["opened"],
            deadline_at=moments["deadline"],
            note=note,
            policy=policy,
            limits_file=limits,
        )
    except Exception as error:  # noqa: BLE001
        _fail_for(error)
    finally:
        engine.dispose()
    typer.echo(
        _(
            "Appeal of {code} on {platform} (case {case}): {status}, deadline {deadline}, "
            "recovered {money} {currency}."
        ).format(
            code=view.code,
            platform=platform_name(view.platform),
            case=view.case_ref,
            status=appeal_status_name(view.status),
            deadline=_local(view.deadline_at),
            money=_money(view.recovered_minor),
            currency=view.currency,
        )
    )


@report_app.command(
    "appeals",
    help=N_("Appeals due soon, how they ended (won, lost, partial) and the money recovered."),
)
def appeals(
    ctx: typer.Context,
    due_hours: Annotated[
        int, typer.Option("--due-hours", min=1, max=24 * 365, help=N_("What counts as due soon."))
    ] = 48,
    as_json: JsonOption = False,
) -> None:
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.appeals.tracking import appeal_summary

    engine = store(settings(ctx))
    try:
        summary = appeal_summary(engine, datetime.now(UTC), soon=timedelta(hours=due_hours))
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(_summary_json(summary), ensure_ascii=False, indent=2))
        return
    typer.echo(_summary_text(summary, due_hours))


def _fail_for(error: Exception) -> None:
    """Exit with the message of a desk error (usage 2, not found 3, else 1); re-raise others."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.appeals.platforms import LimitsError, UnknownPlatform
    from inspect_tui.services.appeals.tracking import AppealError
    from inspect_tui.services.records.inspection_record import InspectionNotFound
    from inspect_tui.services.shared.errors import DeskError

    if isinstance(error, InspectionNotFound):
        fail(str(error), EXIT_NOT_FOUND)
    if isinstance(error, UnknownPlatform | LimitsError | AppealError):
        fail(str(error), EXIT_USAGE)
    if isinstance(error, DeskError):
        fail(str(error), EXIT_FAILED)
    raise error


def _zone(tz: str | None) -> Any:
    try:
        return parse_zone(tz) if tz else None
    except UnknownZone as error:
        fail(f"--tz {tz!r} {error}", EXIT_USAGE)


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _money(minor: int) -> str:
    return f"{minor / 100:.2f}"


def _summary_text(summary: AppealSummary, due_hours: int) -> str:
    """The appeals report for the terminal, in the language in use (statuses in words)."""
    now = datetime.now(UTC)
    lines = [
        _("Appeals due within {hours} h: {count}").format(
            hours=due_hours, count=len(summary.due_soon)
        )
    ]
    for item in summary.due_soon:
        late = "  " + _("OVERDUE") if item.overdue(now) else ""
        line = _("{code}  {platform}  case {case}  deadline {deadline}").format(
            code=item.code,
            platform=f"{platform_name(item.platform):<8}",
            case=item.case_ref,
            deadline=_local(item.deadline_at),
        )
        lines.append(f"  {line}{late}")
    counts = _(", ").join(
        f"{appeal_status_name(status)} {count}" for status, count in summary.counts
    )
    lines.append(_("Appeals: {counts}").format(counts=counts))
    money = _(", ").join(f"{_money(minor)} {currency}" for currency, minor in summary.recovered)
    lines.append(_("Recovered: {money}").format(money=money or _("nothing yet")))
    return "\n".join(lines)


def _summary_json(summary: AppealSummary) -> dict[str, Any]:
    def one(item: AppealView) -> dict[str, Any]:
        return {
            "code": item.code,
            "platform": item.platform,
            "case_ref": item.case_ref,
            "status": item.status,
            "opened_at": item.opened_at.isoformat(),
            "deadline_at": item.deadline_at.isoformat(),
            "recovered": _money(item.recovered_minor),
            "currency": item.currency,
            "recorded_by": item.recorded_by,
        }

    return {
        "due_soon": [one(item) for item in summary.due_soon],
        "counts": dict(summary.counts),
        "recovered": {currency: _money(minor) for currency, minor in summary.recovered},
        "appeals": [one(item) for item in summary.appeals],
    }
