"""`hmip compare`, `hmip league`, `hmip summary`: the questions people ask of the ratings."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, CountsScope, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import (
    DbOpt,
    OneStandardOpt,
    complete_choices,
    view_option,
)
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES
from hmip_cli.queries.summary import DEFAULT_MIN_N, Dimension

COMPARE_VIEWS = ("distribution", "paired_distribution", "transitions", "changes")
BY_HELP = "year, published (year of publication), type, region, round or standard."
BY_CHOICES = complete_choices([d.value for d in Dimension])
ByOpt = Annotated[
    Dimension, typer.Option("--by", help=BY_HELP, metavar="DIMENSION", case_sensitive=False, autocompletion=BY_CHOICES)
]
MIN_N_HELP = "--by standard ranks only standards with this many ratings."
MinNOpt = Annotated[int, typer.Option("--min-n", min=1, metavar="N", help=MIN_N_HELP)]
MIN_SERVICES_HELP = "Mark a count, share or rank over fewer rated services than this as too few to compare."
MinServicesOpt = Annotated[int, typer.Option("--min-services", min=1, metavar="N", help=MIN_SERVICES_HELP)]
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
    from hmip_cli.queries.filters import resolve_standards
    from hmip_cli.store.connection import reading_database

    (slug,) = resolve_standards([standard])
    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        result = compare_points(conn, selection.filters, slug, paired_only=paired, min_services=min_services)
        output.viewing(view).write(selection.noted(result), env, conn)


def league(
    ctx: typer.Context,
    scope: CountsScope = NO_SCOPE,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Rank services, one table per framework (round): never across frameworks or sectors.

    Each service's latest inspection among those chosen counts (with --latest: only if it is
    the service's latest of all). Ranked by overall rating alone: services with the same
    rating share the rank (=2). Within a rank they are listed by the mean points of the
    standards recorded here (Outstanding 3, Good 2, Requires improvement 1, Inadequate 0),
    shown beside how many are known of how many, then those with none recorded: an order, never
    a different rank. No overall rating recorded: no rank, listed last. The strip has one
    letter per standard: O G R I, · not recorded, - not inspected on.

    Example: hmip league --year 2018/19 --type CRC
    """
    from hmip_cli.queries.league import league_table
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        output.write(selection.noted(league_table(conn, selection.filters)), env, conn)


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
    Inadequate, with n beside it; standards with fewer than --min-n ratings follow, unranked.

    Example: hmip summary --by standard --sector probation
    """
    from hmip_cli.queries.filters import resolve_standards
    from hmip_cli.queries.summary import summarise
    from hmip_cli.store.connection import reading_database

    (slug,) = resolve_standards([standard])
    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        counts = summarise(conn, selection.filters, by, slug, min_n=min_n, min_services=min_services)
        output.write(selection.noted(counts), env, conn)
