"""The command line in the chosen language: its help, and Click's own words.

Typer reads the help texts when the commands are defined, before anyone has said which
language to speak; so they are written in English and marked with ``N_()``, and translated
when a run starts: :class:`LocalisedGroup` (the root command's class) reads ``--lang`` from
the arguments, ``INSPECT_TUI_LANG`` and the locale *before* Click parses anything (``--help``
is handled while parsing), speaks that language, and translates the help of every command and
option of this run. Only the compiled catalog is read (gettext); nothing is imported for it.

Typer writes its own words ("Options", "Commands", "default: …") through the standard
``gettext`` function; :func:`speak_through_catalog` points it at the desk's catalog, so a
Chinese help screen has Chinese headings too (Typer's copy of Click writes "Usage:" as it is).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Annotated, Any

import typer
import typer.core
from typer.core import TyperGroup

from inspect_tui import language
from inspect_tui.cli.exits import EXIT_USAGE, fail
from inspect_tui.core import translation
from inspect_tui.core.translation import N_

__all__ = [
    "TYPER_WORDS",
    "LocalisedGroup",
    "PrintoutLanguage",
    "asked_language",
    "speak",
    "speak_through_catalog",
]

ROOT_OPTIONS_WITH_VALUES = frozenset({"--db", "--station", "--operator", "--policy", "--lang"})
"""The root's options that take a value (the value may look like a command's name)."""

TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("Show this message and exit."),
)
"""The words Typer writes itself (section headings, defaults), carried in the desk's catalog."""


def speak_through_catalog() -> None:
    """Make Typer look its own words up in the desk's catalog (it asks ``gettext.gettext``)."""
    typer.core._ = translation._  # type: ignore[attr-defined]


def asked_language(args: Sequence[str]) -> str | None:
    """The root's ``--lang`` value among ``args`` (the options before the command's name).

    A command's own ``--lang`` (``station set NAME --lang zh_CN``) is the command's, not the
    interface's, and is not read here.
    """
    index = 0
    while index < len(args):
        arg = args[index]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang":
            return args[index + 1] if index + 1 < len(args) else None
        if arg in ROOT_OPTIONS_WITH_VALUES:
            index += 2
            continue
        if arg == "--" or not arg.startswith("-"):
            return None
        index += 1
    return None


def translate_help(command: Any) -> None:  # Typer's own copy of Click's classes
    """Translate the help of ``command``, its options and every command under it, in place."""
    if command.help:
        command.help = translation._(command.help)
    if command.short_help:
        command.short_help = translation._(command.short_help)
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = translation._(text)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def translate_help_options(root: Any, ctx: Any, args: Sequence[str]) -> None:
    """Translate the ``--help`` option's own help on the commands ``args`` name.

    Click makes a command's help option when it is first asked for; making it for every
    command would cost more than the rest of the translation, and only the commands on the
    way to the one run can show theirs.
    """
    command = root
    while command is not None:
        helper = command.get_help_option(ctx)
        if helper is not None and helper.help:
            helper.help = translation._(helper.help)
        commands = getattr(command, "commands", {})
        command = next((commands[arg] for arg in args if arg in commands), None)


class LocalisedGroup(TyperGroup):
    """The root command: speaks the chosen language before the arguments are parsed."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own click Context
        # A language not spoken is said by the root's callback, with the usage exit code.
        with contextlib.suppress(language.UnknownLanguage):
            language.use_language(asked_language(args))
        speak_through_catalog()
        if translation.language() != translation.SOURCE_LANGUAGE:
            translate_help(self)
            translate_help_options(self, ctx, args)
        return super().parse_args(ctx, args)


def speak(lang: str) -> None:
    """Speak ``lang`` from now on (a command's own ``--lang``); exit 2 if it is not spoken."""
    try:
        language.use_language(lang)
    except language.UnknownLanguage as problem:
        fail(str(problem), EXIT_USAGE)


PrintoutLanguage = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=N_("Language of what is written: en or zh_CN (default: the interface's language)."),
    ),
]
"""A printout's or a report's own ``--lang`` (the PDF, the sheets, the label)."""
