"""`hmip list`: ratings that match filters, one row each."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, Output, RatingsScope
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt

SORT_HELP = "Sort by service, type, region, year, published, standard or rating; - reverses."
SortOpt = Annotated[list[str] | None, typer.Option("--sort", help=SORT_HELP, metavar="KEY")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, help="At most this many rows.", metavar="N")]


def list_command(
    ctx: typer.Context,
    scope: RatingsScope = NO_SCOPE,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """List ratings: by default every overall rating; filters combine with AND.

    A listing is of inspections: --latest keeps each service's most recent inspection only, so
    `hmip list --rating inadequate --latest` lists the services rated Inadequate now. A note
    says how many inspections of how many services are shown, what a --year or --published
    filter leaves out for want of a date, and HMIP's published total for the same scope.

    Example: hmip list --rating inadequate --type PDU --published 2022 --format csv
    """
    from hmip_cli.queries.listing import list_ratings
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        output.write(selection.noted(list_ratings(conn, selection.filters, sort=sort or (), limit=limit)), env, conn)
