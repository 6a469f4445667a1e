"""`hmip sql` and `hmip export`: the database for scripts, in and out."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, cast

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, Output, RatingsScope
from hmip_cli.commands.present import environment
from hmip_cli.commands.typer_compat import PAIR_METAVAR
from hmip_cli.environment import Environment
from hmip_cli.options import BomOpt, DbOpt, KeepFormulasOpt, OutputFileOpt, complete_choices


class ExportFormat(StrEnum):
    """The layouts `hmip import` reads back: the long CSV, and inspections as JSON or NDJSON."""

    CSV = "csv"
    JSON = "json"
    NDJSON = "ndjson"


EXPORT_HELP = "csv (the long layout), json or ndjson."
EXPORT_CHOICES = complete_choices([f.value for f in ExportFormat])
ExportFormatOpt = Annotated[
    ExportFormat,
    typer.Option(
        "--format", "-f", help=EXPORT_HELP, metavar="FORMAT", case_sensitive=False, autocompletion=EXPORT_CHOICES
    ),
]
TIMEOUT_HELP = (
    "Stop the query once SQLite has worked on it this long (time spent waiting for the output "
    "to be read is not counted); 0 for no limit."
)
TimeoutOpt = Annotated[float, typer.Option("--timeout", metavar="SECONDS", min=0, help=TIMEOUT_HELP)]
QueryArg = Annotated[str, typer.Argument(help="One SELECT statement, or - to read it from standard input.")]
PARAM_HELP = (
    "Give the statement's :NAME (or $NAME, @NAME) this VALUE, bound as text, never spliced into the SQL; "
    "repeatable: --param n 5 --param region Wales."
)
# NAME VALUE makes it take two words each time (commands/typer_compat.take_pairs)
ParamOpt = Annotated[list[str] | None, typer.Option("--param", metavar=PAIR_METAVAR, help=PARAM_HELP)]

TABLE_ROWS = 10_000
"""A table is drawn only once every row is in memory, so it holds at most this many; the other
formats stream every row in constant memory."""


def sql(
    ctx: typer.Context,
    query: QueryArg,
    output: Output = PLAIN_OUTPUT,
    timeout: TimeoutOpt = 60.0,
    param: ParamOpt = None,
    db: DbOpt = None,
) -> None:
    """Run read-only SQL against the database in use (tables and views: hmip docs data).

    Anything but a query (a write, ATTACH, a PRAGMA with side effects, fts3_tokenizer()) is
    refused before it runs. Ctrl-C stops a query at once; rows stream as they are found.

    Example: hmip sql "SELECT service, rating FROM rating_details WHERE region = :region" --param region Wales
    """
    from hmip_cli.queries.sql import named_parameters, sql_result
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    text = _stdin_text(env) if query == "-" else query
    with reading_database(db, environment(ctx).note) as conn:
        at_most = TABLE_ROWS if output.writer(env).needs_all_rows else None
        # take_pairs hands the option over as (name, value) pairs, which Typer cannot annotate
        bound = named_parameters(cast("list[tuple[str, str]]", param or []))
        result, held = sql_result(conn, text, timeout=timeout, at_most=at_most, params=bound)
        output.write(result, env, conn)
    if held.more:
        env.note(f"sql: the table shows the first {held.rows} rows; -f tsv, csv or ndjson streams them all")


def _stdin_text(env: Environment) -> str:
    from hmip_cli.errors import UsageError

    raw = env.stdin.read() if env.stdin is not None else b""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"sql: standard input is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None


def export(
    ctx: typer.Context,
    fmt: ExportFormatOpt = ExportFormat.CSV,
    scope: RatingsScope = NO_SCOPE,
    db: DbOpt = None,
    to_file: OutputFileOpt = None,
    bom: BomOpt = False,
    keep_formulas: KeepFormulasOpt = False,
) -> None:
    """Write ratings in a layout `hmip import` reads back (every standard unless --standard).

    Spreadsheets: the CSV is written raw, byte for byte what was stored, for pipelines and
    re-import; a cell beginning = + - @ may then run as a formula if you open the file in a
    spreadsheet. For Excel use --bom (UTF-8 marked, and such cells given a leading ' so they
    stay text; --keep-formulas to write them raw), or `hmip list ... -f xlsx -o FILE.xlsx`.

    Example: hmip export --type PDU -o pdu.csv
    """
    from hmip_cli.queries.export import export_inspections, export_long
    from hmip_cli.render.output import Destination, OutputFormat, emit, emit_objects
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn, default_standards=())
        to = Destination(to_file, bom=bom, keep_formulas=keep_formulas)
        if fmt == ExportFormat.CSV:
            emit(selection.noted(export_long(conn, selection.filters)), OutputFormat.CSV, env, to=to)
        else:
            emit_objects(export_inspections(conn, selection.filters), fmt, env, to=to)
            for line in selection.notes:  # nested records carry no notes: stderr, after the data
                env.note(line)
