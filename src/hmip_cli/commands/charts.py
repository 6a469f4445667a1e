"""`hmip chart …`: pictures of the ratings in the terminal. Charts always draw, to stdout."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.analysis import OneStandardOpt
from hmip_cli.commands.runner import command
from hmip_cli.options import (
    DbOpt,
    LatestOpt,
    PublishedOpt,
    RegionOpt,
    RoundOpt,
    SectorOpt,
    TypeOpt,
    YearOpt,
    complete_values,
)

chart = typer.Typer(
    no_args_is_help=True,
    help="Charts in the terminal: ratings by year, standards as a heatmap, one service's history.",
)


@chart.command("distribution")
@command
def distribution_chart(
    year: YearOpt = None,
    published: PublishedOpt = None,
    round_: RoundOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    latest: LatestOpt = False,
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
    from hmip_cli.queries.filters import resolve_filters, resolve_standards
    from hmip_cli.render.charts import draw
    from hmip_cli.render.output import Streams
    from hmip_cli.store.connection import reading_database

    (slug,) = resolve_standards([standard])
    with reading_database(db) as conn:
        filters = resolve_filters(
            conn,
            years=year,
            published=published,
            framework_names=round_,
            sectors=sector,
            types=provider_type,
            latest=latest,
        )
        pictures = distributions(conn, filters, slug)
    streams = Streams()
    for index, picture in enumerate(pictures):
        if index:
            streams.out.write("\n")
        draw(picture, streams.out, streams.err)


@chart.command("heatmap")
@command
def heatmap_chart(
    year: YearOpt = None,
    published: PublishedOpt = None,
    round_: RoundOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    latest: LatestOpt = False,
    db: DbOpt = None,
) -> None:
    """The league table as a picture: services (in league order) by standards, one cell per rating.

    One grid per framework and provider type, since each has its own standards; `·` marks a
    rating not recorded here.

    Example: hmip chart heatmap --year 2018/19 --type CRC
    """
    from hmip_cli.queries.charts import heatmap
    from hmip_cli.queries.filters import resolve_filters
    from hmip_cli.render.charts import draw
    from hmip_cli.render.output import Streams
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        filters = resolve_filters(
            conn,
            years=year,
            published=published,
            framework_names=round_,
            sectors=sector,
            types=provider_type,
            regions=region,
            latest=latest,
        )
        picture = heatmap(conn, filters)
    streams = Streams()
    draw(picture, streams.out, streams.err)


@chart.command("history")
@command
def history_chart(
    service: Annotated[
        str,
        typer.Argument(
            autocompletion=complete_values("service"),
            help="Service name (any case, any name it has had, or a unique part) or id.",
        ),
    ],
    db: DbOpt = None,
) -> None:
    """One service's overall and standard ratings at each of its inspections.

    Example: hmip chart history "west yorkshire crc"
    """
    from hmip_cli.queries.charts import history
    from hmip_cli.render.charts import draw
    from hmip_cli.render.output import Streams
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        picture = history(conn, service)
    streams = Streams()
    draw(picture, streams.out, streams.err)
