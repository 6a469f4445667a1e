"""`hmip summary`: rating counts by one dimension, one table per sector (per framework for standards)."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, CountsScope, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, MinServicesOpt, OneStandardOpt, complete_choices
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES
from hmip_cli.queries.summary import DEFAULT_MIN_N, Dimension

BY_HELP = "year, published (year of publication), type, region, round or standard."
ByOpt = Annotated[
    Dimension,
    typer.Option(
        "--by",
        help=BY_HELP,
        metavar="DIMENSION",
        case_sensitive=False,
        autocompletion=complete_choices([d.value for d in Dimension]),
    ),
]
MIN_N_HELP = "--by standard ranks only standards with this many ratings."
MinNOpt = Annotated[int, typer.Option("--min-n", min=1, metavar="N", help=MIN_N_HELP)]


def summary(
    ctx: typer.Context,
    by: ByOpt = Dimension.YEAR,
    scope: CountsScope = NO_SCOPE,
    standard: OneStandardOpt = "overall",
    min_n: MinNOpt = DEFAULT_MIN_N,
    min_services: MinServicesOpt = DEFAULT_MIN_SERVICES,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Count ratings by a dimension, one table per sector (per framework for standards).

    --by standard ranks each framework's standards by their share rated Requires improvement or
    Inadequate, with n beside it (the same share, the same rank: =1); standards with fewer than
    --min-n ratings follow, unranked.

    Example: hmip summary --by standard --sector probation
    """
    from hmip_cli.queries.filters import resolve_one_standard
    from hmip_cli.queries.summary import summarise
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        slug = resolve_one_standard(standard, selection.filters)
        counts = summarise(conn, selection.filters, by, slug, min_n=min_n, min_services=min_services)
        output.write(selection.noted(counts), env, conn)
