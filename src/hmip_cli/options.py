"""Option types shared by every command, so one flag means one thing everywhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperOption

from hmip_cli.render.output import FORMATS


def complete_values(kind: str) -> Callable[[str], list[str]]:
    """Shell completion from the database in use (services, years, regions) or the frameworks."""

    def complete(incomplete: str) -> list[str]:
        from hmip_cli.queries.completion import candidates

        return candidates(kind, incomplete)

    return complete


TYPE_CHOICES = ("CRC", "NPS", "PDU", "region", "YOT")
RATING_CHOICES = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def complete_choices(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """Completion for an option with a fixed set of values: any case, any part of a value.

    For example `typer.Option("--sector", autocompletion=complete_choices(("probation", "youth")))`.
    """

    def complete(incomplete: str) -> list[str]:
        from hmip_cli.queries.completion import matching

        return matching(choices, incomplete)

    return complete


DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Database file to use (default: $HMIP_DB, then your own database, then the bundled one).",
        metavar="PATH",
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
        metavar="FORMAT",
        autocompletion=complete_choices(FORMATS),
        show_default=False,
        rich_help_panel="Output",
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated output fields, in order (the csv header's names).",
        metavar="FIELDS",
        show_default=False,
        rich_help_panel="Output",
    ),
]
RatingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rating",
        "-r",
        help="Rating (any spelling: inadequate, RI, good …); repeatable.",
        metavar="RATING",
        autocompletion=complete_choices(RATING_CHOICES),
        show_default=False,
    ),
]
YearOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--year",
        "-y",
        autocompletion=complete_values("year"),
        help="Programme year: 2018/19, 2018-19, or 1 for the earliest present; repeatable.",
        metavar="YEAR",
        show_default=False,
    ),
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Provider type, any case; repeatable: CRC, NPS, PDU, region (probation), YOT (youth).",
        metavar="TYPE",
        autocompletion=complete_choices(TYPE_CHOICES),
        show_default=False,
    ),
]
RegionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        autocompletion=complete_values("region"),
        help="Region (case-insensitive; part of the name matches); repeatable.",
        metavar="REGION",
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
        metavar="NAME",
        show_default=False,
    ),
]
StandardOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--standard",
        autocompletion=complete_values("standard"),
        help="Standard by slug, code (2.1) or name; `all` for every standard.",
        metavar="STANDARD",
        show_default=False,
    ),
]
DomainOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--domain",
        help="Domain by number or name (e.g. 2, 'case supervision'); repeatable.",
        metavar="DOMAIN",
        show_default=False,
    ),
]
FrameworkOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        autocompletion=complete_values("framework"),
        help="Framework slug (probation-2018, pdu-2021 …); repeatable.",
        metavar="FRAMEWORK",
        show_default=False,
    ),
]


def split_fields(fields: str | None) -> list[str] | None:
    if fields is None:
        return None
    return [f.strip() for f in fields.split(",") if f.strip()]


# --- Output, completion and help (issue 13) ---------------------------------------------------


def view_option(*names: str) -> Any:
    """--view for a command whose result has these views (the machine formats' `view` field)."""
    return typer.Option(
        "--view",
        help=f"Only this view, with its own columns: {', '.join(names)}.",
        metavar="VIEW",
        autocompletion=complete_choices(names),
        show_default=False,
        rich_help_panel="Output",
    )


WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="Tables: every column at full width and full source URLs, however wide the terminal.",
        rich_help_panel="Output",
    ),
]
NoHeaderOpt = Annotated[
    bool,
    typer.Option("--no-header", help="csv, tsv and tables: leave out the header line.", rich_help_panel="Output"),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 2 when a --service, --region or --standard value matches nothing in the database.",
    ),
]


def _metavar_or_nothing(self: Any, ctx: Any) -> str | None:
    """Help shows what to type (YEAR, TYPE), never a Python type (`<list[str]>`), and nothing for a flag."""
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    if self.metavar is not None:
        return str(self.metavar)
    longest = max(self.opts, key=len).lstrip("-")
    return str(longest.upper().replace("-", "_"))


def _argument_metavar(self: Any, ctx: Any) -> str | None:
    return None  # the argument's name (SERVICE, QUERY) is already shown beside it


# Typer 0.29 prints a Python type beside every option and argument; this is the one place hmip
# says instead what the user types.
TyperOption.display_type_rich = _metavar_or_nothing  # type: ignore[method-assign]
TyperArgument.display_type_rich = _argument_metavar  # type: ignore[method-assign]


# --- scope and time axes (sector, publication period, round, latest) ---------------------------

SectorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        metavar="SECTOR",
        autocompletion=complete_choices(("probation", "youth")),
        help="probation (CRC, NPS, PDU, region) or youth (YOT); aggregates never mix the two.",
        show_default=False,
    ),
]
PublishedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--published",
        "-p",
        metavar="PERIOD",
        help="Publication period of the report: 2022, 2022-05, 2022/23 (April–March) or 2022..2024; repeatable.",
        show_default=False,
    ),
]
RoundOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--round",
        "--framework",
        metavar="ROUND",
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
