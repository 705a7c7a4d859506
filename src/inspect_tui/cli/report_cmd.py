"""``inspect-tui report``: the day's rejects and the desk's figures, as a table or JSON.

Days are local calendar days on this machine (set ``TZ`` to report for another zone). Reading
reports needs no PIN; changing a decision happens only in the supervisor's review desk.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from inspect_tui.cli.common import load_policy_or_fail, store
from inspect_tui.cli.root import EXIT_USAGE, app, fail, settings
from inspect_tui.core.money import amount_text

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from inspect_tui.config import Settings
    from inspect_tui.services.review.figures import DayRange
    from inspect_tui.services.review.summaries import Count, Figures, RejectRow

T = TypeVar("T")

report_app = typer.Typer(
    help="Reports: the day's rejects, the daily figures.", no_args_is_help=True
)
app.add_typer(report_app, name="report")

DateOption = Annotated[
    str | None, typer.Option("--date", help="Local day YYYY-MM-DD (default: today).")
]
FromOption = Annotated[
    str | None, typer.Option("--from", help="First local day YYYY-MM-DD of a range.")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Last local day YYYY-MM-DD (default: today).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@report_app.command("rejects")
def rejects(
    ctx: typer.Context,
    day: DateOption = None,
    first: FromOption = None,
    last: ToOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rejected and refused parcels completed on a day (or range), with their review."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.figures import reject_rows

    days = resolve_days(day, first, last)
    rows = _read(settings(ctx), "rejects", lambda engine: reject_rows(engine, days))
    if as_json:
        typer.echo(json.dumps([reject_json(row) for row in rows], ensure_ascii=False, indent=2))
    else:
        typer.echo(rejects_text(rows, days))


@report_app.command("daily")
def daily(
    ctx: typer.Context,
    day: DateOption = None,
    first: FromOption = None,
    last: ToOption = None,
    as_json: JsonOption = False,
) -> None:
    """The figures of a day (or range): outcomes, reasons, refunds, clerks, buyers, SKUs."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.figures import figures

    days = resolve_days(day, first, last)
    current = settings(ctx)
    policy = load_policy_or_fail(current)
    result = _read(current, "figures", lambda engine: figures(engine, days, policy))
    if as_json:
        typer.echo(json.dumps(figures_json(result), ensure_ascii=False, indent=2))
    else:
        typer.echo(figures_text(result))


def _read(current: Settings, what: str, read: Callable[[Engine], T]) -> T:
    """Run ``read`` on the store; a store that cannot be read is one line, not a traceback."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from sqlalchemy.exc import OperationalError

    engine = store(current)
    try:
        return read(engine)
    except OperationalError as error:
        fail(f"the {what} could not be read: {error.orig}")
    finally:
        engine.dispose()


def resolve_days(day: str | None, first: str | None, last: str | None) -> DayRange:
    """The local days asked for, or exit 2 with what is wrong."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.review.figures import local_days, local_today

    if day and (first or last):
        fail("give either --date or --from/--to, not both", EXIT_USAGE)
    if last and not first:
        fail("--to needs --from (the first day of the range)", EXIT_USAGE)
    today = local_today()
    start = parse_day(first, "--from") if first else parse_day(day, "--date") if day else today
    end = parse_day(last, "--to") if last else (today if first else start)
    try:
        return local_days(start, end)
    except ValueError as error:
        fail(f"{error}: give the earlier day with --from", EXIT_USAGE)


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD day, or exit 2 naming the option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option} {text!r} is not a day: write it as YYYY-MM-DD, e.g. 2026-11-18", EXIT_USAGE)


def reject_json(row: RejectRow) -> dict[str, Any]:
    """One object of ``report rejects --json``."""
    # Deferred: the views and the rules behind them load only for --json.
    from inspect_tui.services.shared.views import to_json

    result: dict[str, Any] = to_json(row)
    result["reasons"] = list(row.reasons)
    return result


def figures_json(result: Figures) -> dict[str, Any]:
    """The object ``report daily --json`` prints (days as YYYY-MM-DD)."""
    # Deferred: the views and the rules behind them load only for --json.
    from inspect_tui.services.shared.views import to_json

    data: dict[str, Any] = to_json(result)
    data["start"], data["end"] = result.start.isoformat(), result.end.isoformat()
    data["reject_rate"] = round(result.reject_rate, 4)
    for clerk in data["inspectors"]:
        clerk["override_rate"] = round(clerk["override_rate"], 4)
    return data


def rejects_text(rows: Sequence[RejectRow], days: DayRange) -> str:
    """An aligned table of the rejects, then a one-line summary."""
    when = _period(days)
    if not rows:
        return f"No rejects on {when}."
    header = ("CODE", "COMPLETED", "ORDER", "BUYER", "PLATFORM", "OUTCOME", "REASONS",
              "INSPECTOR", "STATION", "REVIEW")  # fmt: skip
    body = [
        (
            row.code,
            _local(row.completed_at),
            row.order_ref or "-",
            row.buyer_ref or "-",
            row.platform or "-",
            row.outcome,
            ",".join(row.reasons) or "-",
            row.inspector,
            row.station,
            f"{row.review.decision} by {row.review.by} {_local(row.review.at)}"
            if row.review
            else "not reviewed",
        )
        for row in rows
    ]
    reviewed = sum(1 for row in rows if row.review)
    return "\n".join(
        [
            *_table(header, body),
            "",
            f"{len(rows)} reject{'s' if len(rows) != 1 else ''} on {when}: {reviewed} reviewed, "
            f"{len(rows) - reviewed} not yet.",
        ]
    )


def figures_text(result: Figures) -> str:
    """The figures as a short report for the terminal."""
    days = f"{result.start}" if result.start == result.end else f"{result.start} to {result.end}"
    out = [
        f"Figures for {days} (local time)",
        f"Completed:  {result.completed}   reject rate: {result.reject_rate:.1%}",
        f"Outcomes:   {_counts(result.by_outcome)}",
        f"Reasons:    {_counts(result.by_reason)}",
        f"Review:     {_counts(result.review)}",
    ]
    for money in result.money:
        claimed, paid, kept, undecided = (
            amount_text(minor, money.currency, grouped=True)
            for minor in (money.claimed_minor, money.paid_minor, money.kept_minor, money.open_minor)
        )
        out.append(
            f"Refunds {money.currency}: claimed {claimed}, paid {paid}, kept {kept}, "
            f"undecided {undecided}"
        )
    if result.inspectors:
        out += ["", "Inspectors:"]
        header = ("NAME", "COMPLETED", "REJECTS", "OVERRIDES", "RATE", "OVERTURNED", "AVG MIN")
        body = [
            (
                f.inspector,
                str(f.completed),
                str(f.rejects),
                str(f.overrides),
                f"{f.override_rate:.0%}",
                str(f.overturned),
                "-" if f.avg_minutes is None else f"{f.avg_minutes:.1f}",
            )
            for f in result.inspectors
        ]
        out += ["  " + line for line in _table(header, body)]
    out += ["", f"Repeat offenders (returns or rejects in {result.repeat_window_days} days):"]
    if result.repeat_offenders is None:
        out.append("  not counted")
    elif result.repeat_offenders:
        offenders = ("PLATFORM", "BUYER", "NAME", "RETURNS", "REJECTS", "VALUE")
        rows = [
            (o.platform, o.buyer_ref, o.buyer_name, str(o.returns), str(o.rejects),
             f"{amount_text(o.value_minor, o.currency, grouped=True)} {o.currency}")
            for o in result.repeat_offenders
        ]  # fmt: skip
        out += ["  " + line for line in _table(offenders, rows)]
    else:
        out.append("  none")
    out.append(f"Top reject SKUs: {_counts(result.top_reject_skus)}")
    return "\n".join(out)


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(_width(cell) for cell in column) for column in zip(header, *body, strict=True)]
    return [
        "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *body)
    ]


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _local(when: datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "-"


def _period(days: DayRange) -> str:
    return f"{days.start}" if days.start == days.end else f"{days.start} to {days.end}"


def _counts(counts: Sequence[Count]) -> str:
    return " · ".join(f"{c.name} {c.count}" for c in counts) or "none"
