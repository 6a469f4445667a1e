"""Every output format is one writer here, with what it can do declared beside it.

Commands and queries never compare format names: they ask the writer the registry chose
(`writer_for`) what it does — has it a header line (`--no-header`), does it stream (a query may
run unbounded), does it need every row before it draws (a table's widths: a query may cap it),
does it carry notes in its own output (a table under itself) or leave them to stderr. Adding a
format is one entry in WRITERS; OutputFormat names the entries for `--format`.

The writers themselves import their libraries (csv, json, rich) only when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TextIO

from hmip_cli.environment import Environment
from hmip_cli.errors import UsageError
from hmip_cli.tabular import Result


class OutputFormat(StrEnum):
    """--format of every command that prints a result: the names of WRITERS, in help order."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    NDJSON = "ndjson"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


@dataclass(frozen=True)
class WriteOptions:
    """How the command line asks a writer to write (each writer reads what applies to it)."""

    wide: bool = False
    """Tables: every column at full width."""
    header: bool = True
    """False: --no-header (only for a writer that has a header)."""
    bom: bool = False
    """--bom: start with a UTF-8 byte-order mark, so Excel reads the text as UTF-8."""
    citation: str | None = None
    """How to cite the software and the data (`hmip cite`), for a writer that carries notes into a
    file of its own (xlsx's Notes sheet); None where the command has no database to date."""
    neutralise: bool = False
    """Output bound for a spreadsheet (xlsx, or --bom): text cells that a spreadsheet would take
    for a formula (beginning = + - @ TAB CR) are neutralised; --keep-formulas turns it off."""


RowsWriter = Callable[[Result, Any, Environment, WriteOptions], None]
"""(result, stream, environment, options): a text stream, or a binary one for a `binary` writer."""
ObjectsWriter = Callable[[Iterable[dict[str, Any]], TextIO], None]


@dataclass(frozen=True)
class Writer:
    name: str
    write: RowsWriter
    header: bool
    """It writes a header line that --no-header can leave out (a Markdown table cannot lose its own)."""
    streaming: bool
    """Rows go out as they are read, in constant memory: a query may hand it every row."""
    needs_all_rows: bool
    """It draws only once it holds every row (column widths): a query should cap what it hands it."""
    carries_notes: bool
    """Notes and the summary line are part of its output (under a table); otherwise they go to
    stderr beside the data, and nothing need compute the summary."""
    escapes_itself: bool = False
    """It shows data escaped itself and draws with escape sequences of its own (a table): its
    stream is never filtered. Every other writer's output to a terminal passes through
    safe.TerminalText, so a control character in the data never reaches the terminal raw."""
    tells_empty: bool = False
    """An empty view is told as a message (`no matching rows`, on stderr) rather than written as
    a header alone: a command may leave out a view that says nothing its summary line does not."""
    binary: bool = False
    """It writes bytes (a workbook): never to a terminal, where it would be noise."""
    bom: bool = False
    """It may start with a byte-order mark (--bom): text a spreadsheet opens."""
    spreadsheet: bool = False
    """Its output is a spreadsheet's own file (xlsx): formula-like cells are neutralised by default."""
    objects: ObjectsWriter | None = None
    """Nested records (`hmip export`'s inspections with their ratings), where the format has a shape for them."""


def _table(result: Result, out: TextIO, env: Environment, options: WriteOptions) -> None:
    from hmip_cli.render.output import make_console
    from hmip_cli.render.tables import print_tables

    console, notes = make_console(out, env), make_console(env.err, env)
    if not (env.pager and env.out_is_terminal and out is env.out):
        print_tables(result, console, notes, wide=options.wide, show_header=options.header)
        return
    from hmip_cli.render.pager import show

    # drawn as for the terminal (colours, links), then paged if taller than it
    with console.capture() as captured:
        print_tables(result, console, notes, wide=options.wide, show_header=options.header)
    show(captured.get(), out, console.height)


def _delimited(name: str, delimiter: str) -> Writer:
    """csv and tsv: one writer but for the delimiter."""

    def write(result: Result, out: TextIO, env: Environment, options: WriteOptions) -> None:
        from hmip_cli.render.machine import write_delimited

        write_delimited(result, out, delimiter, header=options.header, bom=options.bom, neutralise=options.neutralise)

    return Writer(name, write, header=True, streaming=True, needs_all_rows=False, carries_notes=False, bom=True)


def _json(ndjson: bool) -> Writer:
    """json (one array) and ndjson (one object a line), of rows or of objects: one writer but for that."""

    def write(result: Result, out: TextIO, env: Environment, options: WriteOptions) -> None:
        from hmip_cli.render.machine import write_json, write_ndjson

        (write_ndjson if ndjson else write_json)(result, out)

    def write_objects(objects: Iterable[dict[str, Any]], out: TextIO) -> None:
        from hmip_cli.render.machine import write_objects

        write_objects(objects, out, ndjson=ndjson)

    name = "ndjson" if ndjson else "json"
    return Writer(
        name, write, header=False, streaming=True, needs_all_rows=False, carries_notes=False, objects=write_objects
    )


def _xlsx(result: Result, out: Any, env: Environment, options: WriteOptions) -> None:
    from hmip_cli.render.xlsx import write_xlsx

    write_xlsx(result, out, header=options.header, neutralise=options.neutralise, citation=options.citation)


def _markdown(result: Result, out: TextIO, env: Environment, options: WriteOptions) -> None:
    from hmip_cli.render.machine import write_markdown

    write_markdown(result, out)


WRITERS: dict[OutputFormat, Writer] = {
    OutputFormat.TABLE: Writer(
        "table",
        _table,
        header=True,
        streaming=False,
        needs_all_rows=True,
        carries_notes=True,
        escapes_itself=True,
        tells_empty=True,
    ),
    OutputFormat.CSV: _delimited("csv", ","),
    OutputFormat.TSV: _delimited("tsv", "\t"),
    OutputFormat.JSON: _json(ndjson=False),
    OutputFormat.NDJSON: _json(ndjson=True),
    OutputFormat.MARKDOWN: Writer(
        "markdown", _markdown, header=False, streaming=True, needs_all_rows=False, carries_notes=False
    ),
    # one sheet per view and the notes on a last sheet; streamed (xlsxwriter's constant memory)
    OutputFormat.XLSX: Writer(
        "xlsx",
        _xlsx,
        header=True,
        streaming=True,
        needs_all_rows=False,
        carries_notes=True,
        binary=True,
        spreadsheet=True,
    ),
}
OUTPUT_FORMATS = tuple(f.value for f in OutputFormat)


def writer_for(fmt: str | None, env: Environment) -> Writer:
    """The writer for --format `fmt`; without one, a table on a terminal and TSV in a pipe."""
    if fmt is None:
        return WRITERS[OutputFormat.TABLE if env.out_is_terminal else OutputFormat.TSV]
    try:
        return WRITERS[OutputFormat(fmt.lower())]
    except ValueError:
        raise UsageError(f"--format {fmt!r}: unknown format (accepted: {', '.join(OUTPUT_FORMATS)})") from None


def stream_for(writer: Writer, out: TextIO, *, terminal: bool) -> TextIO:
    """Where `writer` should write: `out`, filtered by safe.TerminalText on a terminal unless
    the writer escapes data itself. Pipes and files get the writer's bytes untouched."""
    if not terminal or writer.escapes_itself:
        return out
    from hmip_cli.render.safe import TerminalText

    return TerminalText(out)  # type: ignore[return-value]


def write_options(
    writer: Writer,
    *,
    wide: bool = False,
    header: bool = True,
    bom: bool = False,
    keep_formulas: bool = False,
    citation: str | None = None,
) -> WriteOptions:
    """The options for `writer`; one it cannot honour is a usage error, never silently dropped."""
    if not header and not writer.header:
        having = [w.name for w in WRITERS.values() if w.header]
        raise UsageError(f"--no-header: {writer.name} has no header line (it applies to {_words(having)})")
    if bom and not writer.bom:
        having = [w.name for w in WRITERS.values() if w.bom]
        raise UsageError(f"--bom: {writer.name} is not text a spreadsheet opens (it applies to {_words(having)})")
    spreadsheet = writer.spreadsheet or bom
    if keep_formulas and not spreadsheet:
        raise UsageError("--keep-formulas applies to output for a spreadsheet: -f xlsx, or csv/tsv with --bom")
    neutralise = spreadsheet and not keep_formulas
    return WriteOptions(wide=wide, header=header, bom=bom, citation=citation, neutralise=neutralise)


def _words(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
