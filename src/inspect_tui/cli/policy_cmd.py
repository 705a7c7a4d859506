"""``inspect-tui policy``: the return rules in force."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inspect_tui.cli.root import app, fail
from inspect_tui.core.policy import PolicyError, load_policy, policy_to_toml
from inspect_tui.core.translation import N_

policy_app = typer.Typer(help=N_("The seller's return policy."), no_args_is_help=True)
app.add_typer(policy_app, name="policy")


@policy_app.command(
    "show",
    help=N_("Print the policy in force as TOML (defaults, overridden by --file or --policy)."),
)
def show(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option("--file", help=N_("A policy TOML to check and show over the defaults.")),
    ] = None,
) -> None:
    root = ctx.find_root().obj
    path = file or getattr(root, "policy_file", None)
    try:
        policy = load_policy(path)
    except PolicyError as error:
        fail(f"policy {path}: {error}")
    except OSError as error:
        fail(f"cannot read policy file {path}: {error.strerror or error}")
    typer.echo(policy_to_toml(policy), nl=False)
