"""Choosing and running a writer for a result, in the environment of this one invocation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from hmip_cli.environment import Environment
from hmip_cli.errors import OutputError, UsageError
from hmip_cli.render.writers import FORMATS, OutputFormat, WriteOptions, check_options, stream_for, writer_for
from hmip_cli.tabular import Result, one_view_fields, select_view

__all__ = ["FORMATS", "OutputFormat", "emit", "emit_objects", "make_console"]

if TYPE_CHECKING:
    from rich.console import Console


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


@contextmanager
def writing(what: str = "the output") -> Iterator[None]:
    """Every writer runs inside this: an OSError on the way out (a full disk, a closed standard
    output) becomes one OutputError, which the barrier in app.py prints as one line, exit 1. A
    closed pipe (EPIPE) is left to Typer, which ends it quietly with exit 1 (`hmip list | head`)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write {what}: {error.strerror or error}") from error


def emit(
    result: Result,
    fmt: str | None,
    env: Environment,
    *,
    view: str | None = None,
    fields: Sequence[str] | None = None,
    wide: bool = False,
    no_header: bool = False,
    out: TextIO | None = None,
) -> None:
    """Write a result with the writer for `fmt`. `view` keeps one view (its own columns, no
    `view` field); `fields` then picks columns of that one view (validated and projected here,
    and only here); without either, each view's default columns."""
    writer = writer_for(fmt, env)
    options = WriteOptions(wide=wide, header=not no_header)
    check_options(writer, options)
    result = one_view_fields(select_view(result, view), fields)
    target = stream_for(writer, env.out, terminal=env.out_is_terminal) if out is None else out
    with writing():
        writer.write(result, target, env, options)
        target.flush()
    if writer.carries_notes:
        return
    for shown in result.views:
        for line in shown.notes:
            env.note(f"{shown.title} — {line}" if len(result.views) > 1 else line)


def emit_objects(objects: Iterable[dict[str, Any]], fmt: str, env: Environment, *, out: TextIO | None = None) -> None:
    """Nested records, in a format that has a shape for them (json, ndjson)."""
    writer = writer_for(fmt, env)
    if writer.objects is None:
        raise UsageError(f"--format {writer.name}: has no shape for nested records")
    target = stream_for(writer, env.out, terminal=env.out_is_terminal) if out is None else out
    with writing():
        writer.objects(objects, target)
        target.flush()
