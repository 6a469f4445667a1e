"""Choosing and running a writer for a result, in the environment of this one invocation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from hmip_cli.environment import Environment
from hmip_cli.errors import UsageError
from hmip_cli.tabular import Result, one_view_fields, select_view

if TYPE_CHECKING:
    from rich.console import Console


class OutputFormat(StrEnum):
    """--format of every command that prints a result (export has its own: ExportFormat)."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    NDJSON = "ndjson"
    MARKDOWN = "markdown"


FORMATS = tuple(f.value for f in OutputFormat)


def chosen_format(fmt: str | None, env: Environment) -> str:
    """The format asked for, or the environment's default (a table on a terminal, else tsv)."""
    return (fmt or env.default_format()).lower()


def make_console(file: TextIO, env: Environment, *, width: int | None = None) -> Console:
    """Every Rich console hmip draws on: markup off (data is never markup), colour as `env` says
    (NO_COLOR honoured), `env`'s width unless `width` is given.

    Without a width, Rich takes COLUMNS from the environment, then the terminal's own width.
    """
    from rich.console import Console

    return Console(
        file=file,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=not env.colour,
        width=width if width is not None else env.width,
    )


def emit(
    result: Result,
    fmt: str | None,
    env: Environment,
    *,
    view: str | None = None,
    fields: Sequence[str] | None = None,
    wide: bool = False,
    no_header: bool = False,
) -> None:
    """Write a result in the chosen format. `view` keeps one view (its own columns, no `view`
    field); `fields` then picks columns of that one view; without either, today's layout."""
    chosen = chosen_format(fmt, env)
    if no_header and chosen not in ("csv", "tsv", "table"):
        raise UsageError(f"--no-header: {chosen} has no header line (it applies to csv, tsv and table)")
    result = one_view_fields(select_view(result, view), fields)
    if chosen == "table":
        from hmip_cli.render.tables import print_tables

        console = make_console(env.out, env)
        print_tables(result, console, make_console(env.err, env), wide=wide, show_header=not no_header)
        return
    from hmip_cli.render import machine

    writers = {
        "csv": lambda r, o: machine.write_delimited(r, o, ",", header=not no_header),
        "tsv": lambda r, o: machine.write_delimited(r, o, "\t", header=not no_header),
        "json": machine.write_json,
        "ndjson": machine.write_ndjson,
        "markdown": machine.write_markdown,
    }
    writers[chosen](result, env.out)
    env.out.flush()
    for shown in result.views:
        for line in shown.notes:
            env.note(f"{shown.title} — {line}" if len(result.views) > 1 else line)


def emit_objects(objects: Iterable[dict[str, Any]], fmt: str, env: Environment) -> None:
    from hmip_cli.render.machine import write_objects

    write_objects(objects, env.out, ndjson=fmt == "ndjson")
