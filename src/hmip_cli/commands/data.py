"""`hmip sql` and `hmip export`: the database for scripts, in and out."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import (
    DbOpt,
    FieldsOpt,
    FormatOpt,
    NoHeaderOpt,
    RatingOpt,
    ServiceOpt,
    StandardOpt,
    StrictOpt,
    TypeOpt,
    WideOpt,
    YearOpt,
    complete_choices,
    split_fields,
)

EXPORT_FORMATS = ("csv", "json", "ndjson")


TABLE_ROWS = 10_000
"""A table is drawn only once every row is in memory, so it holds at most this many; the other
formats stream every row in constant memory."""


@command
def sql(
    query: Annotated[str, typer.Argument(help="One SELECT statement, or - to read it from standard input.")],
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0,
            help="Stop the query once SQLite has worked on it this long (time spent waiting for the output "
            "to be read is not counted); 0 for no limit.",
        ),
    ] = 60.0,
    db: DbOpt = None,
) -> None:
    """Run read-only SQL against the database in use (tables and views: see docs/data.md).

    Anything but a query (a write, ATTACH, a PRAGMA with side effects, fts3_tokenizer()) is
    refused before it runs. Ctrl-C stops a query at once; rows stream as they are found.

    Example: hmip sql "SELECT rating, count(*) AS n FROM ratings WHERE standard = 'overall' GROUP BY 1"
    """
    from hmip_cli.errors import UsageError
    from hmip_cli.queries.sql import sql_result
    from hmip_cli.render.output import Streams, emit, note
    from hmip_cli.store.connection import reading_database
    from hmip_cli.tabular import project

    if query == "-":
        raw = sys.stdin.buffer.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"sql: standard input is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
            ) from None
    else:
        text = query
    streams = Streams()
    as_table = (fmt or streams.default_format()).lower() == "table"
    with reading_database(db) as conn:
        result, held = sql_result(conn, text, timeout=timeout, at_most=TABLE_ROWS if as_table else None)
        emit(project(result, split_fields(fields)), fmt, streams, wide=wide, no_header=no_header)
    if held.more:
        note(f"sql: the table shows the first {TABLE_ROWS} rows; -f tsv, csv or ndjson streams them all", streams)


@command
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="csv (the long layout), json or ndjson.",
            metavar="FORMAT",
            autocompletion=complete_choices(EXPORT_FORMATS),
        ),
    ] = "csv",
    rating: RatingOpt = None,
    year: YearOpt = None,
    provider_type: TypeOpt = None,
    service: ServiceOpt = None,
    standard: StandardOpt = None,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """Write ratings in a layout `hmip import` reads back (every standard unless --standard).

    Example: hmip export --type PDU > pdu.csv
    """
    from hmip_cli.commands.suggest import warn_unmatched
    from hmip_cli.errors import UsageError
    from hmip_cli.queries.export import export_inspections, export_long
    from hmip_cli.queries.filters import resolve_filters
    from hmip_cli.render.output import Streams, emit, emit_objects
    from hmip_cli.store.connection import reading_database

    chosen = fmt.lower()
    if chosen not in EXPORT_FORMATS:
        raise UsageError(f"--format {fmt!r}: not an export format (accepted: {', '.join(EXPORT_FORMATS)})")
    with reading_database(db) as conn:
        filters = resolve_filters(
            conn,
            ratings=rating,
            years=year,
            types=provider_type,
            services=service,
            standards=standard,
            default_standards=(),
        )
        warn_unmatched(conn, filters, strict=strict)
        if chosen == "csv":
            emit(export_long(conn, filters), "csv", Streams())
        else:
            emit_objects(export_inspections(conn, filters), chosen, Streams())
