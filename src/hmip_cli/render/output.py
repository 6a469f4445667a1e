"""Choosing and running a writer for a result, in the environment of this one invocation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hmip_cli.environment import Environment
from hmip_cli.errors import OutputError, UsageError
from hmip_cli.render.writers import OUTPUT_FORMATS, OutputFormat, Writer, stream_for, write_options, writer_for
from hmip_cli.tabular import Result, one_view_fields, select_view

__all__ = ["OUTPUT_FORMATS", "STANDARD_OUTPUT", "Destination", "OutputFormat", "emit", "emit_objects", "make_console"]

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


def write_text(text: str, env: Environment) -> None:
    """Text that is no table (a citation, a path) to standard output: through the terminal filter
    (safe.TerminalText) on a terminal, and inside `writing`, like every writer's output."""
    from hmip_cli.render.safe import TerminalText

    out: Any = TerminalText(env.out) if env.out_is_terminal else env.out
    with writing():
        out.write(text)
        out.flush()


@dataclass(frozen=True)
class Destination:
    """Where output goes and how a spreadsheet should get it: -o/--output, --bom, --keep-formulas."""

    path: Path | None = None
    """None or `-`: standard output; else a file written whole or not at all (render/files.py)."""
    bom: bool = False
    keep_formulas: bool = False


STANDARD_OUTPUT = Destination()


@contextmanager
def _opened(writer: Writer, to: Destination, env: Environment) -> Iterator[Any]:
    if to.path is not None and str(to.path) != "-":
        from hmip_cli.render.files import replacing

        with replacing(Path(str(to.path)), binary=writer.binary) as stream:
            yield stream
        return
    if not writer.binary:
        yield stream_for(writer, env.out, terminal=env.out_is_terminal)
        return
    if env.out_is_terminal:
        raise UsageError(f"-f {writer.name}: a workbook is not for a terminal; add -o FILE.{writer.name}")
    env.out.flush()
    yield getattr(env.out, "buffer", env.out)


def emit(
    result: Result,
    fmt: str | None,
    env: Environment,
    *,
    view: str | None = None,
    fields: Sequence[str] | None = None,
    wide: bool = False,
    no_header: bool = False,
    to: Destination = STANDARD_OUTPUT,
    citation: str | None = None,
) -> None:
    """Write a result with the writer for `fmt`. `view` keeps one view (its own columns, no
    `view` field); `fields` then picks columns of that one view (validated and projected here,
    and only here); without either, each view's default columns."""
    writer = writer_for(fmt, env)
    options = write_options(
        writer, wide=wide, header=not no_header, bom=to.bom, keep_formulas=to.keep_formulas, citation=citation
    )
    result = one_view_fields(select_view(result, view), fields)
    with writing(), _opened(writer, to, env) as target:
        writer.write(result, target, env, options)
        target.flush()
    if writer.carries_notes:
        if writer.spreadsheet:  # its Notes sheet holds each view's notes; the result's go beside it
            for line in result.notes:
                env.note(line)
        return
    for shown in result.views:
        for line in shown.notes:
            env.note(f"{shown.title} — {line}" if len(result.views) > 1 else line)
    for line in result.notes:
        env.note(line)


def emit_objects(
    objects: Iterable[dict[str, Any]], fmt: str, env: Environment, *, to: Destination = STANDARD_OUTPUT
) -> None:
    """Nested records, in a format that has a shape for them (json, ndjson)."""
    writer = writer_for(fmt, env)
    if writer.objects is None:
        raise UsageError(f"--format {writer.name}: has no shape for nested records")
    write_options(writer, bom=to.bom, keep_formulas=to.keep_formulas)
    with writing(), _opened(writer, to, env) as target:
        writer.objects(objects, target)
        target.flush()
