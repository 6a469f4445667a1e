"""`hmip compare`, `hmip league`, `hmip summary`: the questions people ask of the ratings."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import (
    DbOpt,
    FieldsOpt,
    FormatOpt,
    FrameworkOpt,
    NoHeaderOpt,
    RegionOpt,
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
    provider_type: TypeOpt = None,
    standard: OneStandardOpt = "overall",
    paired: Annotated[bool, typer.Option("--paired", help="Only the services inspected in every year chosen.")] = False,
    view: Annotated[str | None, view_option(*COMPARE_VIEWS)] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    db: DbOpt = None,
) -> None:
    """Compare years: rating counts per year, then the services inspected in every year and how they moved.

    Without --view, csv/tsv/json put every view in one table with a `view` field first.

    Example: hmip compare --year 1 --year 2 --type CRC --type NPS
    """
    from hmip_cli.queries.compare import compare_years
    from hmip_cli.queries.filters import resolve_filters, resolve_standards
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    (slug,) = resolve_standards([standard])
    with reading_database(db) as conn:
        filters = resolve_filters(conn, years=year, types=provider_type)
        result = compare_years(conn, filters, slug, paired_only=paired)
        emit(result, fmt, Streams(), view=view, fields=split_fields(fields), wide=wide, no_header=no_header)


@command
def league(
    year: YearOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    framework: FrameworkOpt = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """Rank services: overall rating, then points of the standards known, then name.

    Each service's latest inspection among those chosen counts. Points add up only the
    standards whose ratings are recorded; nothing is guessed for the rest.

    Example: hmip league --year 2018/19 --type CRC
    """
    from hmip_cli.commands.suggest import warn_unmatched
    from hmip_cli.queries.filters import resolve_filters
    from hmip_cli.queries.league import league_table
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        filters = resolve_filters(conn, years=year, types=provider_type, regions=region, framework_names=framework)
        warn_unmatched(conn, filters, strict=strict)
        emit(league_table(conn, filters, split_fields(fields)), fmt, Streams(), wide=wide, no_header=no_header)


@command
def summary(
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="year, type, region, framework or standard.",
            metavar="DIMENSION",
            autocompletion=complete_choices(("year", "type", "region", "framework", "standard")),
        ),
    ] = "year",
    year: YearOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    framework: FrameworkOpt = None,
    standard: OneStandardOpt = "overall",
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """Count ratings by a dimension; --by standard ranks standards by their share of RI or Inadequate.

    Example: hmip summary --by standard --type CRC
    """
    from hmip_cli.commands.suggest import warn_unmatched
    from hmip_cli.queries.filters import resolve_filters, resolve_standards
    from hmip_cli.queries.summary import summarise
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database
    from hmip_cli.tabular import project

    (slug,) = resolve_standards([standard])
    with reading_database(db) as conn:
        filters = resolve_filters(conn, years=year, types=provider_type, regions=region, framework_names=framework)
        warn_unmatched(conn, filters, strict=strict)
        result = summarise(conn, filters, by.strip().lower(), slug)
        emit(project(result, split_fields(fields)), fmt, Streams(), wide=wide, no_header=no_header)
