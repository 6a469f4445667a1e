"""Option types shared by every command, so one flag means one thing everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from hmip_cli.render.output import FORMATS


def complete_values(kind: str) -> Callable[[str], list[str]]:
    """Shell completion from the database in use (services, years, regions) or the frameworks."""

    def complete(incomplete: str) -> list[str]:
        from hmip_cli.queries.completion import candidates

        return candidates(kind, incomplete)

    return complete


DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Database file to use (default: $HMIP_DB, then your own database, then the bundled one).",
        show_default=False,
        dir_okay=True,
        rich_help_panel="Database",
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=f"Output format: {', '.join(FORMATS)} (default: table on a terminal, tsv otherwise).",
        show_default=False,
        rich_help_panel="Output",
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields", help="Comma-separated output fields, in order.", show_default=False, rich_help_panel="Output"
    ),
]
RatingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rating", "-r", help="Rating (any spelling: inadequate, RI, good …); repeatable.", show_default=False
    ),
]
YearOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--year",
        "-y",
        autocompletion=complete_values("year"),
        help="Programme year: 2018/19, 2018-19, or 1 for the earliest present; repeatable.",
        show_default=False,
    ),
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type", "-t", help="Provider type: CRC, NPS, PDU, region, YOT (any case); repeatable.", show_default=False
    ),
]
RegionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        autocompletion=complete_values("region"),
        help="Region (case-insensitive; part of the name matches); repeatable.",
        show_default=False,
    ),
]
ServiceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--service",
        "-s",
        autocompletion=complete_values("service"),
        help="Part of the service's name, any case; repeatable.",
        show_default=False,
    ),
]
StandardOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--standard",
        autocompletion=complete_values("standard"),
        help="Standard by slug, code (2.1) or name; `all` for every standard.",
        show_default=False,
    ),
]
DomainOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--domain", help="Domain by number or name (e.g. 2, 'case supervision'); repeatable.", show_default=False
    ),
]
FrameworkOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        autocompletion=complete_values("framework"),
        help="Framework slug (probation-2018, pdu-2021 …); repeatable.",
        show_default=False,
    ),
]


def split_fields(fields: str | None) -> list[str] | None:
    if fields is None:
        return None
    return [f.strip() for f in fields.split(",") if f.strip()]


# --- scope and time axes (sector, publication period, round, latest) ---------------------------

SectorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        help="probation (CRC, NPS, PDU, region) or youth (YOT); aggregates never mix the two.",
        show_default=False,
    ),
]
PublishedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--published",
        "-p",
        help="Publication period of the report: 2022, 2022-05, 2022/23 (April–March) or 2022..2024; repeatable.",
        show_default=False,
    ),
]
RoundOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--round",
        "--framework",
        autocompletion=complete_values("framework"),
        help="Inspection round, i.e. the framework inspected under (probation-2018, pdu-2021 …); repeatable.",
        show_default=False,
    ),
]
LatestOpt = Annotated[
    bool,
    typer.Option(
        "--latest",
        help="Only each service's most recent inspection among those the other filters allow (by publication).",
    ),
]
