"""What commands share past their options: the invocation's environment, the one body most
commands have (read the database, run one query, write its result), and the notes on names that
match nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from hmip_cli.environment import Environment

if TYPE_CHECKING:
    from hmip_cli.commands.groups import Output
    from hmip_cli.queries.filters import Filters
    from hmip_cli.tabular import Result


def environment(ctx: typer.Context) -> Environment:
    """The environment the root command built for this invocation (or a test passed in)."""
    env = ctx.obj
    if not isinstance(env, Environment):
        # a command group invoked on its own, without hmip's root: the process as it is
        env = ctx.obj = Environment.from_process()
    return env


def present(ctx: typer.Context, db: Path | None, query: Callable[[sqlite3.Connection], Result], output: Output) -> None:
    """Run `query` on the database in use (read-only) and write its result as `output` asks."""
    from hmip_cli.store.connection import reading_database

    with reading_database(db, environment(ctx).note) as conn:
        output.write(query(conn), environment(ctx), conn)


def warn_unmatched(conn: sqlite3.Connection, filters: Filters, env: Environment, *, strict: bool) -> None:
    """A filter value that matches no known name: a note on stderr (the command goes on and
    exits 0 with zero rows), or with --strict a usage error (exit 2) before any output."""
    from hmip_cli.errors import UsageError
    from hmip_cli.queries.suggestions import unmatched_names

    problems = unmatched_names(conn, filters)
    if problems and strict:
        raise UsageError(problems[0].message())
    for problem in problems:
        env.note(f"hmip: note: {problem.message()}")
