"""`hmip chart …`: pictures of the ratings in the terminal. Charts always draw, to stdout."""

from __future__ import annotations

import typer

from hmip_cli.commands.groups import NO_SCOPE, CountsScope
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, OneStandardOpt, ServiceArg

chart = typer.Typer(
    no_args_is_help=True,
    help="Charts in the terminal: ratings by year, standards as a heatmap, one service's history.",
)


@chart.command("distribution")
def distribution_chart(
    ctx: typer.Context,
    scope: CountsScope = NO_SCOPE,
    standard: OneStandardOpt = "overall",
    db: DbOpt = None,
) -> None:
    """Stacked bars, one chart per sector: how many services were rated Outstanding … Inadequate.

    One bar per programme year (every year present by default), or per --published period or
    --round when those are given. Counts as `hmip compare` does (each service's latest inspection
    at each point). Without colour (NO_COLOR, or a pipe) the bars are drawn in patterns.

    Example: hmip chart distribution --type CRC --type NPS
    """
    from hmip_cli.queries.charts import distributions
    from hmip_cli.queries.filters import resolve_one_standard
    from hmip_cli.render.charts import draw
    from hmip_cli.render.output import writing
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        slug = resolve_one_standard(standard, selection.filters)
        pictures = distributions(conn, selection.filters, slug)
    for index, picture in enumerate(pictures):
        if index:
            with writing():
                env.out.write("\n")
        draw(picture, env, selection.notes if index == 0 else ())


@chart.command("heatmap")
def heatmap_chart(
    ctx: typer.Context,
    scope: CountsScope = NO_SCOPE,
    db: DbOpt = None,
) -> None:
    """The league table as a picture: services (in league order) by standards, one cell per rating.

    One grid per framework and provider type, since each has its own standards; `·` marks a
    rating not recorded here.

    Example: hmip chart heatmap --year 2018/19 --type CRC
    """
    from hmip_cli.queries.charts import heatmap
    from hmip_cli.render.charts import draw
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        picture = heatmap(conn, selection.filters)
    draw(picture, env, selection.notes)


@chart.command("history")
def history_chart(ctx: typer.Context, service: ServiceArg, db: DbOpt = None) -> None:
    """One service's overall and standard ratings at each of its inspections.

    Example: hmip chart history "west yorkshire crc"
    """
    from hmip_cli.queries.charts import history
    from hmip_cli.render.charts import draw
    from hmip_cli.store.connection import reading_database

    with reading_database(db, environment(ctx).note) as conn:
        picture = history(conn, service)
    draw(picture, environment(ctx))
