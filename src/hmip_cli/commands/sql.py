"""`hmip sql`: read-only SQL against the database in use, for scripts."""

from __future__ import annotations

from typing import Annotated, cast

import typer

from hmip_cli.commands.groups import PLAIN_OUTPUT, Output
from hmip_cli.commands.present import environment
from hmip_cli.commands.typer_compat import PAIR_METAVAR
from hmip_cli.environment import Environment
from hmip_cli.options import DbOpt

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
