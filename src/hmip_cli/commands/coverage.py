"""`hmip coverage`: HMIP's own published rating totals beside what the database holds."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, Output, TotalsScope
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, view_option

COVERAGE_VIEWS = ("coverage", "not_compared")


def coverage(
    ctx: typer.Context,
    scope: TotalsScope = NO_SCOPE,
    view: Annotated[str | None, view_option(*COVERAGE_VIEWS)] = None,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """List every rating total HMIP published (figures of topic `published ratings`) against the database.

    Each total is matched to the scope its breakdown and period state: sector= or provider=,
    rating=, inspection=year 1|year 2 (re-inspected services), and the axis: a 2019/20 period is
    a programme year, a calendar period a publication period when the measure says published,
    axis=year|published or round=FRAMEWORK in the breakdown. Totals with no such scope are listed
    apart, with the reason, never compared with something else. Your own figures rows
    (`hmip import` of a figures CSV) are matched by the same rules.

    --sector and --type keep the totals of that sector, or that name that provider type.

    Example: hmip coverage -f csv
    """
    from hmip_cli.queries.coverage_table import coverage as coverage_result
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        output.viewing(view).write(selection.noted(coverage_result(conn, selection.filters)), env, conn)
