"""Choosing and running a writer for a result, for the streams of this one invocation."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from hmip_cli.errors import UsageError
from hmip_cli.tabular import Result, one_view_fields, select_view

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("table", "csv", "tsv", "json", "ndjson", "markdown")


@dataclass
class Streams:
    """The environment a command writes to; tests and pipes get plain output by construction."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    @property
    def out_is_terminal(self) -> bool:
        return bool(getattr(self.out, "isatty", lambda: False)())

    def default_format(self) -> str:
        return "table" if self.out_is_terminal else "tsv"


def make_console(file: TextIO, *, width: int | None = None) -> Console:
    """Every Rich console hmip draws on: markup off (data is never markup), NO_COLOR honoured.

    Without a width, Rich takes COLUMNS from the environment, then the terminal's own width.
    """
    from rich.console import Console

    return Console(
        file=file,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        width=width,
    )


def emit(
    result: Result,
    fmt: str | None,
    streams: Streams,
    *,
    view: str | None = None,
    fields: Sequence[str] | None = None,
    wide: bool = False,
    no_header: bool = False,
) -> None:
    """Write a result in the chosen format. `view` keeps one view (its own columns, no `view`
    field); `fields` then picks columns of that one view; without either, today's layout."""
    chosen = (fmt or streams.default_format()).lower()
    if chosen not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (accepted: {', '.join(FORMATS)})")
    if no_header and chosen not in ("csv", "tsv", "table"):
        raise UsageError(f"--no-header: {chosen} has no header line (it applies to csv, tsv and table)")
    result = one_view_fields(select_view(result, view), fields)
    if chosen == "table":
        from hmip_cli.render.tables import print_tables

        console = make_console(streams.out)
        print_tables(result, console, make_console(streams.err), wide=wide, show_header=not no_header)
        return
    from hmip_cli.render import machine

    writers = {
        "csv": lambda r, o: machine.write_delimited(r, o, ",", header=not no_header),
        "tsv": lambda r, o: machine.write_delimited(r, o, "\t", header=not no_header),
        "json": machine.write_json,
        "ndjson": machine.write_ndjson,
        "markdown": machine.write_markdown,
    }
    writers[chosen](result, streams.out)
    streams.out.flush()
    for shown in result.views:
        for line in shown.notes:
            note(f"{shown.title} — {line}" if len(result.views) > 1 else line, streams)


def note(message: str, streams: Streams) -> None:
    """A message for people, never data: stderr, one line."""
    streams.err.write(message.rstrip("\n") + "\n")


def emit_objects(objects: Iterable[dict[str, Any]], fmt: str, streams: Streams) -> None:
    from hmip_cli.render.machine import write_objects

    write_objects(objects, streams.out, ndjson=fmt == "ndjson")
