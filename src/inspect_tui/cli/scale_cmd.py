"""``inspect-tui scale test``: live readings from a scale, so a desk can check its wiring."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer

from inspect_tui.cli.common import store
from inspect_tui.cli.root import EXIT_NOT_FOUND, EXIT_USAGE, app, fail, settings
from inspect_tui.core.translation import N_, _, ngettext

if TYPE_CHECKING:
    from inspect_tui.devices.scales import ScaleState

scale_app = typer.Typer(help=N_("Bench scales."), no_args_is_help=True)
app.add_typer(scale_app, name="scale")

STATUS_WORDS = {
    "stable": N_("stable"),
    "motion": N_("in motion"),
    "zero": N_("stable at zero"),
    "under": N_("under zero"),
    "over": N_("OVER CAPACITY"),
    "error": N_("scale error"),
}
"""How each scale status is printed (translated where printed)."""


@scale_app.command(
    "test", help=N_("Print the scale's readings as they change (stable, in motion, over capacity).")
)
def test(
    ctx: typer.Context,
    spec: Annotated[
        str | None,
        typer.Argument(
            help=N_(
                "The scale to try, e.g. serial:///dev/ttyUSB0?protocol=mt-sics or "
                "hid:///dev/hidraw0. Without it: the scale set for --station."
            ),
            show_default=False,
        ),
    ] = None,
    seconds: Annotated[
        float, typer.Option("--seconds", min=0.1, help=N_("How long to watch the scale."))
    ] = 10.0,
) -> None:
    # Deferred: the scale drivers load only for this command, not with --help.
    from inspect_tui.devices.scales import ScaleDriver, ScaleSpecError, parse_scale_spec

    text = spec if spec is not None else _station_scale(ctx)
    try:
        parsed = parse_scale_spec(text)
    except ScaleSpecError as error:
        fail(str(error), EXIT_USAGE)
    if parsed.kind == "manual":
        fail(
            _(
                "this scale is manual (the clerk types the weight): there is nothing to read. "
                "Set one with `inspect-tui station set NAME --scale SPEC`."
            ),
            EXIT_USAGE,
        )
    typer.echo(
        _("Reading {source} for {seconds} s (Ctrl+C stops)…").format(
            source=parsed.source, seconds=f"{seconds:g}"
        )
    )
    seen = 0
    stable = 0
    last_line = ""
    driver = ScaleDriver(parsed).start()
    try:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            state = driver.snapshot()
            line = _line(state)
            if line != last_line:
                typer.echo(f"{time.strftime('%H:%M:%S')}  {line}")
                last_line = line
                if state.reading is not None:
                    seen += 1
                    stable += state.reading.stable
            time.sleep(0.05)
    finally:
        driver.close()
    if not seen:
        fail(
            _("no reading from {source} in {seconds} s.").format(
                source=parsed.source, seconds=f"{seconds:g}"
            )
            + f" {driver.snapshot().message}"
        )
    typer.echo(
        ngettext(
            "{count} reading seen, {stable} of them stable.",
            "{count} readings seen, {stable} of them stable.",
            seen,
        ).format(count=seen, stable=stable)
    )


def _line(state: ScaleState) -> str:
    """One line for a state: the weight and status, or what is wrong with the link."""
    reading = state.reading
    if reading is None:
        return f"{state.link.value}: {state.message}" if state.message else state.link.value
    grams = "—" if reading.grams is None else f"{reading.grams}"
    net = "  " + _("net") if reading.net else ""
    return f"{grams:>9} g  {_(STATUS_WORDS[reading.status])}{net}"


def _station_scale(ctx: typer.Context) -> str:
    """The scale spec stored for the --station (or configured) station; exits if none."""
    # Deferred: the store's libraries (SQLAlchemy) load with this command, not with --help.
    from inspect_tui.services.inspecting.stations import get_station

    name = settings(ctx).station
    engine = store(settings(ctx))
    try:
        view = get_station(engine, name)
    finally:
        engine.dispose()
    if view is None:
        fail(
            _(
                "no station called {name}: give a scale spec, or add the station with "
                "`inspect-tui station add {bare} --scale SPEC`"
            ).format(name=repr(name), bare=name),
            EXIT_NOT_FOUND,
        )
    return view.scale
