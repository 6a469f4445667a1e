"""Every part of Typer hmip uses that Typer does not document as public, in one place.

Typer is pinned to one minor version (pyproject.toml); tests/test_typer_compat.py is the canary
that fails, naming the part, when a new Typer moves or changes one of these. Everything else in
hmip uses only `typer`'s public names (`typer.Typer`, `typer.Option`, `typer.Context` …).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Typer vendors Click and re-exports none of its exception classes but BadParameter; this one
# says "no arguments: show the help", which is not an error to report in one line
from typer._click.exceptions import NoArgsIsHelpError

# shell completion: the item, the base class, and the registry of completion classes by shell
from typer._click.shell_completion import CompletionItem, ShellComplete, add_completion_class

# Typer's own bash, zsh and fish completion classes, which hmip's extend
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

# the root command's class (hmip subclasses it), and the parameter classes whose help hmip adjusts
from typer.core import TyperArgument, TyperGroup, TyperOption

# build the Click command or group Typer makes for an app (documented in "Using Click", not exported)
from typer.main import get_command, get_group

TESTED_MINOR = "0.29"
"""The Typer minor version these names were checked against (pyproject.toml pins it)."""

__all__ = [
    "TESTED_MINOR",
    "BashComplete",
    "CompletionItem",
    "FishComplete",
    "NoArgsIsHelpError",
    "ShellComplete",
    "TyperArgument",
    "TyperGroup",
    "TyperOption",
    "ZshComplete",
    "add_completion_class",
    "get_command",
    "get_group",
    "show_in_help",
    "take_pairs",
]

HelpType = Callable[[Any, Any], "str | None"]


def show_in_help(option: HelpType, argument: HelpType) -> None:
    """Replace what Typer's rich help prints beside each option and argument (a Python type,
    `<list[str]>`, by default) with what `option(param, ctx)` / `argument(param, ctx)` return."""
    TyperOption.display_type_rich = option  # type: ignore[method-assign,assignment]
    TyperArgument.display_type_rich = argument  # type: ignore[method-assign,assignment]


PAIR_METAVAR = "NAME VALUE"
"""The metavar that marks an option taking two words each time it is given (take_pairs)."""


def _as_pairs(self: Any, ctx: Any, value: Any) -> list[tuple[str, str]] | None:
    del self, ctx
    return [(str(name), str(text)) for name, text in value] if value else None


def take_pairs(command: Any) -> Any:
    """Click's `multiple=True, nargs=2` (`--param NAME VALUE`, repeatable), which Typer cannot
    declare (its list annotations take one word each): every option of `command` declared as
    `list[str]` with metavar NAME VALUE takes two words each time it is given, and the command
    gets them as (name, value) pairs, as given (no coercion)."""
    for param in getattr(command, "params", ()):
        if isinstance(param, TyperOption) and param.metavar == PAIR_METAVAR:
            param.nargs = 2
            param.multiple = True
            param.process_value = _as_pairs.__get__(param)  # type: ignore[method-assign]
    return command
