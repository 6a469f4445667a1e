"""`hmip compare`: rating counts at two or more points on one axis, and the services inspected at each."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, CountsScope, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, MinServicesOpt, OneStandardOpt, view_option
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES

COMPARE_VIEWS = ("distribution", "paired_distribution", "transitions", "changes")
PairedOpt = Annotated[bool, typer.Option("--paired", help="Only the services inspected at every point chosen.")]


def compare(
    ctx: typer.Context,
    scope: CountsScope = NO_SCOPE,
    standard: OneStandardOpt = "overall",
    paired: PairedOpt = False,
    min_services: MinServicesOpt = DEFAULT_MIN_SERVICES,
    view: Annotated[str | None, view_option(*COMPARE_VIEWS)] = None,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Compare time points on one axis (years, publication periods or rounds): rating counts at each,
    then the services inspected at every one.

    The axis is the option given two or more times: --year (HMIP programme year, only where a
    source places the inspection), --published (publication period) or --round (framework).
    Probation and youth services are always counted in separate blocks (a standard: one block per
    framework). Inspections whose value on the axis is unknown are counted in a note; where HMIP
    published totals for a block's exact scope, they are shown beside ours. Without --view,
    csv/tsv/json put every view in one table with a `view` field first.

    Example: hmip compare --year 1 --year 2 --type CRC --type NPS
    """
    from hmip_cli.queries.compare import compare as compare_points
    from hmip_cli.queries.filters import resolve_one_standard
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        slug = resolve_one_standard(standard, selection.filters)
        result = compare_points(conn, selection.filters, slug, paired_only=paired, min_services=min_services)
        output.viewing(view).write(selection.noted(result), env, conn)
