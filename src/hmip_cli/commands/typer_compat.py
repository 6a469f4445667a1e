"""Every part of Typer hmip uses that Typer does not document as public, in one place.

Typer is pinned to one minor version (pyproject.toml); tests/test_typer_compat.py is the canary
that fails, naming the part, when a new Typer moves or changes one of these. Everything else in
hmip uses only `typer`'s public names (`typer.Typer`, `typer.Option`, `typer.Context` …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

# the module whose global build_runtime_param every Typer parameter's get_runtime_param calls
from typer import core as typer_core

# Typer vendors Click and re-exports none of its exception classes but BadParameter; this one
# says "no arguments: show the help", which is not an error to report in one line
from typer._click.exceptions import NoArgsIsHelpError

# shell completion: the item, the base class, and the registry of completion classes by shell
from typer._click.shell_completion import CompletionItem, ShellComplete, add_completion_class

# Typer's own conversion of one parameter's value (RuntimeParam: what a _TyperParameter's
# process_value calls; build_runtime_param: Typer's builder, which makes a Pydantic TypeAdapter)
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param

# Typer's own bash, zsh and fish completion classes, which hmip's extend
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

# the two Pydantic-free helpers Typer's choice and path adapters call
from typer._param_types import coerce_cli_choice, coerce_cli_path

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
    "build_runtime_param",
    "coerce_in_plain_python",
    "get_command",
    "get_group",
    "plain_runtime_param",
    "show_in_help",
    "take_pairs",
    "typer_core",
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


_TYPER = object()
"""What a plain conversion returns for a value it leaves to Typer's own (Pydantic) conversion."""

_DIGITS = re.compile(r"[0-9]{1,30}")
_DECIMAL = re.compile(r"[0-9]{1,30}(\.[0-9]{1,30})?")


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Typer's conversion of one parameter, without Pydantic for the values hmip's options take.

    Typer 0.29 converts every parameter of the command that runs through a Pydantic TypeAdapter
    (`_TyperParameter.process_value` -> `get_runtime_param()` -> `build_runtime_param`), given or
    not: its first use imports pydantic (about as long as importing typer) and each option builds
    an adapter. This one keeps Typer's own `RuntimeParam.coerce` (None and empty values, the
    "must be an iterable" check) and converts a str, a list of str, an Enum choice (Typer's
    `coerce_cli_choice`), a path (Typer's `coerce_cli_path`, given a Path) or a plain number the
    way Typer's adapter does; any other value, and any value that fails, goes to Typer's own
    runtime param, built on first use, so every error is Typer's, word for word.
    tests/test_typer_compat.py checks the two agree on every kind of option hmip declares."""

    descriptor: TypeDescriptor
    _typer: list[RuntimeParam] = field(default_factory=list, compare=False, repr=False)

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        plain = _plain_value(self.descriptor.annotation, self.descriptor, value, ctx)
        if plain is not _TYPER:
            return plain
        if not self._typer:
            self._typer.append(build_runtime_param(self.descriptor))
        return self._typer[0]._coerce_value(value, param=param, ctx=ctx)


def _plain_value(annotation: Any, descriptor: TypeDescriptor, value: Any, ctx: Any) -> Any:
    """`value` converted as Typer's adapter for `annotation` converts it, or _TYPER."""
    info = descriptor.parameter_info
    if get_origin(annotation) is list:
        if not isinstance(value, (list, tuple)):
            return _TYPER
        (item_type,) = get_args(annotation)
        items = [_plain_value(item_type, descriptor, item, ctx) for item in value]
        return _TYPER if any(item is _TYPER for item in items) else items
    if annotation is str:
        return value if type(value) is str else _TYPER
    if annotation is bool:
        return value if type(value) is bool else _TYPER
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except Exception:  # Typer's own conversion words the error
            return _TYPER
    if annotation is int or annotation is float:
        return _plain_number(annotation, info, value)
    if annotation is Path and info.path_type is None and type(value) is str:
        try:
            return coerce_cli_path(Path(value), info, path_type=Path)
        except Exception:  # Typer's own conversion words the error
            return _TYPER
    return _TYPER


def _plain_number(number: type[Any], info: Any, value: Any) -> Any:
    """An int or float option's value (a number or its plain digits), within its min and max."""
    if info.clamp:
        return _TYPER
    if type(value) is str and (_DIGITS if number is int else _DECIMAL).fullmatch(value):
        value = number(value)
    if type(value) is not number:
        return _TYPER
    if (info.min is not None and value < info.min) or (info.max is not None and value > info.max):
        return _TYPER
    return value


def plain_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    """hmip's conversion for a parameter (PlainRuntimeParam); Typer's own for a file or a parser=."""
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return build_runtime_param(descriptor)
    return PlainRuntimeParam(
        annotation=descriptor.annotation, parameter_info=descriptor.parameter_info, descriptor=descriptor
    )


def coerce_in_plain_python() -> None:
    """Every Typer parameter (hmip's options, and those Typer adds: --help, the completion
    options) converted by PlainRuntimeParam: a run imports no pydantic for its options, and
    builds no TypeAdapter for an option not given. `_TyperParameter.get_runtime_param` calls
    typer.core's `build_runtime_param` by its module-global name (the canary checks)."""
    typer_core.build_runtime_param = plain_runtime_param  # type: ignore[attr-defined]
