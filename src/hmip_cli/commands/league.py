"""`hmip league`: services ranked by overall rating, one table per framework."""

from __future__ import annotations

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, CountsScope, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt


def league(
    ctx: typer.Context,
    scope: CountsScope = NO_SCOPE,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Rank services, one table per framework (round): never across frameworks or sectors.

    Each service's latest inspection among those chosen counts (with --latest: only if it is
    the service's latest of all). Ranked by overall rating alone: services with the same
    rating share the rank (=2); with --service, a service keeps its rank in the whole league.
    Within a rank they are listed by the mean points of the standards recorded here (Outstanding
    3, Good 2, Requires improvement 1, Inadequate 0), shown beside how many are known of how
    many, then those with none recorded: an order, never a different rank. No overall rating
    recorded: no rank, listed last. The strip has one letter per standard: O G R I, · not
    recorded, - not inspected on.

    Example: hmip league --year 2018/19 --type CRC
    """
    from hmip_cli.queries.league import league_table
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        output.write(selection.noted(league_table(conn, selection.filters)), env, conn)
