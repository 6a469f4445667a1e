"""`hmip list`: ratings that match filters, one row each."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import (
    DbOpt,
    DomainOpt,
    FieldsOpt,
    FormatOpt,
    LatestOpt,
    NoHeaderOpt,
    PublishedOpt,
    RatingOpt,
    RegionOpt,
    RoundOpt,
    SectorOpt,
    ServiceOpt,
    StandardOpt,
    StrictOpt,
    TypeOpt,
    WideOpt,
    YearOpt,
    split_fields,
)


@command
def list_command(
    rating: RatingOpt = None,
    year: YearOpt = None,
    published: PublishedOpt = None,
    round_: RoundOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    region: RegionOpt = None,
    service: ServiceOpt = None,
    standard: StandardOpt = None,
    domain: DomainOpt = None,
    latest: LatestOpt = False,
    sort: Annotated[
        list[str] | None,
        typer.Option(
            "--sort",
            help="Sort by service, type, region, year, published, standard or rating; - reverses.",
            metavar="KEY",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="At most this many rows.", metavar="N", show_default=False)
    ] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """List ratings: by default every overall rating; filters combine with AND.

    A listing is of inspections: --latest keeps each service's most recent inspection only, so
    `hmip list --rating inadequate --latest` lists the services rated Inadequate now. A note
    says how many inspections of how many services are shown, what a --year or --published
    filter leaves out for want of a date, and HMIP's published total for the same scope.

    Example: hmip list --rating inadequate --type PDU --published 2022 --format csv
    """
    from hmip_cli.commands.suggest import warn_unmatched
    from hmip_cli.queries.filters import resolve_filters
    from hmip_cli.queries.listing import list_ratings
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        filters = resolve_filters(
            conn,
            ratings=rating,
            years=year,
            types=provider_type,
            regions=region,
            services=service,
            standards=standard,
            domains=domain,
            framework_names=round_,
            sectors=sector,
            published=published,
            latest=latest,
        )
        warn_unmatched(conn, filters, strict=strict)
        streams = Streams()
        in_table = (fmt or streams.default_format()).lower() == "table"  # only a table shows the count
        result = list_ratings(conn, filters, sort=sort or (), limit=limit, fields=split_fields(fields), count=in_table)
        emit(result, fmt, streams, wide=wide, no_header=no_header)
