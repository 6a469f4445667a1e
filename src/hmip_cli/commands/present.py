"""What commands share past their options: the invocation's environment, the scope options as
one value, and the one body most commands have (read the database, run one query, write it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from hmip_cli.environment import Environment

if TYPE_CHECKING:
    from hmip_cli.queries.filters import Filters
    from hmip_cli.tabular import Result


def environment(ctx: typer.Context) -> Environment:
    """The environment the root command built for this invocation (or a test passed in)."""
    env = ctx.obj
    if not isinstance(env, Environment):
        # a command group invoked on its own, without hmip's root: the process as it is
        env = ctx.obj = Environment.from_process()
    return env


@dataclass(frozen=True)
class Output:
    """The output options as given: --format, --fields, --wide, --no-header, --view."""

    fmt: str | None = None
    fields: str | None = None
    wide: bool = False
    no_header: bool = False
    view: str | None = None

    def is_table(self, env: Environment) -> bool:
        from hmip_cli.render.output import chosen_format

        return chosen_format(self.fmt, env) == "table"

    def field_list(self) -> list[str] | None:
        if self.fields is None:
            return None
        return [f.strip() for f in self.fields.split(",") if f.strip()]

    def write(self, result: Result, env: Environment) -> None:
        from hmip_cli.render.output import emit

        emit(result, self.fmt, env, view=self.view, fields=self.field_list(), wide=self.wide, no_header=self.no_header)


def present(ctx: typer.Context, db: Path | None, query: Callable[[sqlite3.Connection], Result], output: Output) -> None:
    """Run `query` on the database in use (read-only) and write its result as `output` asks."""
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        output.write(query(conn), environment(ctx))


@dataclass(frozen=True)
class Scope:
    """The scope options as given (None: not given): which inspections a view is of."""

    year: list[str] | None = None
    published: list[str] | None = None
    round_: list[str] | None = None
    sector: list[str] | None = None
    provider_type: list[str] | None = None
    region: list[str] | None = None
    latest: bool = False

    def filters(self, conn: sqlite3.Connection, **more: object) -> Filters:
        """Resolved, every value checked; `more`: the other filters resolve_filters takes."""
        from hmip_cli.queries.filters import resolve_filters

        return resolve_filters(
            conn,
            years=self.year,
            published=self.published,
            framework_names=self.round_,
            sectors=self.sector,
            types=self.provider_type,
            regions=self.region,
            latest=self.latest,
            **more,  # type: ignore[arg-type]
        )

    def checked(self, conn: sqlite3.Connection, env: Environment, *, strict: bool, **more: object) -> Filters:
        """Resolved, and names that match nothing told (see warn_unmatched)."""
        filters = self.filters(conn, **more)
        warn_unmatched(conn, filters, env, strict=strict)
        return filters


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
