"""`hmip compare`, `hmip league`, `hmip summary`: the questions people ask of the ratings."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import (
    DbOpt,
    FieldsOpt,
    FormatOpt,
    LatestOpt,
    NoHeaderOpt,
    PublishedOpt,
    RegionOpt,
    RoundOpt,
    SectorOpt,
    StrictOpt,
    TypeOpt,
    WideOpt,
    YearOpt,
    complete_choices,
    split_fields,
    view_option,
)

COMPARE_VIEWS = ("distribution", "paired_distribution", "transitions", "changes")

OneStandardOpt = Annotated[
    str,
    typer.Option(
        "--standard", help="Standard by slug, code (2.1) or name; default the overall rating.", metavar="STANDARD"
    ),
]


@command
def compare(
    year: YearOpt = None,
    published: PublishedOpt = None,
    round_: RoundOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    standard: OneStandardOpt = "overall",
    paired: Annotated[
        bool, typer.Option("--paired", help="Only the services inspected at every point chosen.")
    ] = False,
    view: Annotated[str | None, view_option(*COMPARE_VIEWS)] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    db: DbOpt = None,
) -> None:
    """Compare points on one time axis: rating counts at each, then the services inspected at every one.

    The axis is the option given two or more times: --year (HMIP programme year, only where a
    source places the inspection), --published (publication period) or --round (framework).
    Probation and youth services are always counted in separate blocks (a standard: one block per
    framework). Inspections whose value on the axis is unknown are counted in a note; where HMIP
    published totals for a block's exact scope, they are shown beside ours. Without --view,
    csv/tsv/json put every view in one table with a `view` field first.

    Example: hmip compare --year 1 --year 2 --type CRC --type NPS
    """
    from hmip_cli.queries.compare import compare as compare_points
    from hmip_cli.queries.filters import resolve_filters, resolve_standards
    from hmip_cli.render.output import Streams, emit
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
            regions=region,
        )
        result = compare_points(conn, filters, slug, paired_only=paired)
        emit(result, fmt, Streams(), view=view, fields=split_fields(fields), wide=wide, no_header=no_header)


@command
def league(
    year: YearOpt = None,
    published: PublishedOpt = None,
    round_: RoundOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    latest: LatestOpt = False,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """Rank services, one table per framework (round): never across frameworks or sectors.

    Each service's latest inspection among those chosen counts (with --latest: only if it is
    the service's latest of all). Ranked by overall rating first, then by the mean points of
    the standards recorded here (Outstanding 3, Good 2, Requires improvement 1, Inadequate 0),
    shown beside how many are known of how many: a standard not recorded counts for nothing,
    and services with none recorded follow the others with their overall rating. Equal
    standings share a rank (=5). The strip has one letter per standard: O G R I, · not
    recorded, - not inspected on.

    Example: hmip league --year 2018/19 --type CRC
    """
    from hmip_cli.commands.suggest import warn_unmatched
    from hmip_cli.queries.filters import resolve_filters
    from hmip_cli.queries.league import league_table
    from hmip_cli.render.output import Streams, emit
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
        warn_unmatched(conn, filters, strict=strict)
        emit(league_table(conn, filters, split_fields(fields)), fmt, Streams(), wide=wide, no_header=no_header)


@command
def summary(
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="year, published (year of publication), type, region, round or standard.",
            metavar="DIMENSION",
            autocompletion=complete_choices(("year", "published", "type", "region", "round", "standard")),
        ),
    ] = "year",
    year: YearOpt = None,
    published: PublishedOpt = None,
    round_: RoundOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    latest: LatestOpt = False,
    standard: OneStandardOpt = "overall",
    min_n: Annotated[
        int,
        typer.Option("--min-n", min=1, metavar="N", help="--by standard ranks only standards with this many ratings."),
    ] = 5,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """Count ratings by a dimension, one table per sector (per framework for standards).

    --by standard ranks each framework's standards by their share rated Requires improvement or
    Inadequate, with n beside it; standards with fewer than --min-n ratings follow, unranked.

    Example: hmip summary --by standard --sector probation
    """
    from hmip_cli.commands.suggest import warn_unmatched
    from hmip_cli.queries.filters import resolve_filters, resolve_standards
    from hmip_cli.queries.summary import summarise
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database
    from hmip_cli.tabular import project

    (slug,) = resolve_standards([standard])
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
        warn_unmatched(conn, filters, strict=strict)
        result = summarise(conn, filters, by.strip().lower(), slug, min_n=min_n)
        emit(project(result, split_fields(fields)), fmt, Streams(), wide=wide, no_header=no_header)
