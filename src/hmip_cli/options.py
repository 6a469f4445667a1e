"""Every option and argument more than one command takes, declared once, one line each, so one
flag means one thing everywhere; their help texts are in HELP."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from hmip_cli.render.output import OUTPUT_FORMATS, OutputFormat

Completion = Callable[..., list[str]]
CompletionKind = Literal["service", "year", "region", "standard", "framework"]
TYPE_CHOICES = ("CRC", "NPS", "PDU", "region", "YOT")
RATING_CHOICES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
SECTOR_CHOICES = ("probation", "youth")
SOURCE_KIND_CHOICES = ("hmip", "secondary")


def complete_values(kind: CompletionKind) -> Callable[[str], list[str]]:
    """Shell completion from the database in use (services, years, regions) or the frameworks."""

    def complete(incomplete: str) -> list[str]:
        from hmip_cli.queries.completion import candidates

        return candidates(kind, incomplete)

    return complete


def complete_choices(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """Completion for an option with a fixed set of values: any case, any part of a value."""

    def complete(incomplete: str) -> list[str]:
        from hmip_cli.queries.completion import matching

        return matching(choices, incomplete)

    return complete


HELP = {
    "--db": "Database file to use (default: $HMIP_DB, then your own database, then the bundled one).",
    "--format": f"Output format: {', '.join(OUTPUT_FORMATS)} (default: table on a terminal, tsv otherwise).",
    "--fields": "Comma-separated output fields, in order (the csv header's names).",
    "--rating": "Rating (any spelling: inadequate, RI, good …); repeatable.",
    "--year": "Programme year: 2018/19, 2018-19, or 1 for the earliest present; repeatable.",
    "--type": "Provider type, any case; repeatable: CRC, NPS, PDU, region (probation), YOT (youth).",
    "--region": "Region, or part of its name (any case or accents, & or and); repeatable.",
    "--service": "Part of the service's name (any case or accents, & or and, punctuation ignored); repeatable.",
    "--standard": "Standard by slug, code (2.1: each sector's, unless --sector or --type picks one) or name; "
    "`all` for every standard.",
    "one --standard": "Standard by slug, code (2.1, with --sector or --type where both sectors have it) or name; "
    "default the overall rating.",
    "--domain": "Domain by number or name (e.g. 2, 'case supervision'); repeatable.",
    "--framework": "Framework slug (probation-2018, pdu-2021 …); repeatable.",
    "--round": "Inspection round, i.e. the framework inspected under (probation-2018, pdu-2021 …); repeatable.",
    "--sector": "probation (CRC, NPS, PDU, region) or youth (YOT); aggregates never mix the two.",
    "--published": "Publication period of the report: 2022, 2022-05, 2022/23 (April–March) or a range "
    "2022..2024 (also 2022-2024), as figures --period takes; repeatable.",
    "--source-kind": "hmip (the rating's source is a page of HMIP's own site) or secondary (news, a council, "
    "a copy elsewhere): ratings listed by their own source; counts and rankings keep inspections by the "
    "source of their overall rating.",
    "--latest": "Only each service's most recent inspection among those the other filters allow (by publication),"
    " of services operating today: a ceased service (CRCs, NPS divisions: June 2021) is left out, and counted.",
    "--include-ceased": "With --latest: keep services that no longer operate (their latest rating is history).",
    "--wide": "Tables: every column at full width and full source URLs, however wide the terminal.",
    "--no-header": "csv, tsv, xlsx and tables: leave out the header line.",
    "--output": "Write to FILE instead of standard output, replacing it only once complete (never a database); - is "
    "standard output.",
    "--bom": "csv and tsv for Excel: start with a UTF-8 byte-order mark, and give text cells beginning = + - @ TAB "
    "or CR a leading ' so no spreadsheet runs them as formulas (OWASP).",
    "--keep-formulas": "With --bom or -f xlsx: leave text cells beginning = + - @ TAB or CR as they are "
    "(a spreadsheet may run them as formulas).",
    "--min-services": "Mark a count, share or rank over fewer rated services than this as too few to compare.",
    "--strict": "Exit 2 when a --service, --region or --standard value matches nothing in the database.",
    "SERVICE": "Service name (any case, any name it has had, or a unique part) or id.",
    "report --service": "The service's name as the report gives it (fills the service column).",
    "report --service-id": "The service's id (fills service_id; without --service, its name is the database's).",
    "report --type": "Provider type the report is about, where the framework inspects several (e.g. CRC or NPS).",
    "report --published": "The report's publication date: YYYY, YYYY-MM or YYYY-MM-DD.",
    "report --source": "Where the report is published (a URL): every row's source_url.",
}


def option(*names: str, help_key: str | None = None, complete: Completion | None = None, **settings: Any) -> Any:
    """typer.Option with its help from HELP (under its first name unless `help_key`) and its
    shell completion."""
    return typer.Option(*names, help=HELP[help_key or names[0]], autocompletion=complete, **settings)


def output_option(*names: str, **settings: Any) -> Any:
    """An option of the Output help panel."""
    return option(*names, rich_help_panel="Output", **settings)


Texts = list[str] | None
"""A repeatable option's values; None when it is not given."""

DbOpt = Annotated[Path | None, option("--db", metavar="PATH", dir_okay=True, rich_help_panel="Database")]
FormatOpt = Annotated[
    OutputFormat | None,
    output_option("--format", "-f", metavar="FORMAT", case_sensitive=False, complete=complete_choices(OUTPUT_FORMATS)),
]


def complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The command's own fields, after those already typed (`service,ra` -> `service,rating`)."""
    from hmip_cli.api import fields
    from hmip_cli.errors import HmipError

    names: list[str] = []
    context: Any = ctx
    while context is not None and context.parent is not None:
        names.insert(0, context.info_name or "")
        context = context.parent
    try:
        known = fields(" ".join(names))
    except HmipError:
        return []
    chosen, _, typed = incomplete.rpartition(",")
    taken = set(chosen.split(","))
    prefix = f"{chosen}," if chosen else ""
    return [prefix + name for name in known if name.startswith(typed) and name not in taken]


FieldsOpt = Annotated[str | None, output_option("--fields", metavar="FIELDS", complete=complete_fields)]
WideOpt = Annotated[bool, output_option("--wide")]
NoHeaderOpt = Annotated[bool, output_option("--no-header")]
OutputFileOpt = Annotated[Path | None, output_option("--output", "-o", metavar="FILE", dir_okay=False)]
BomOpt = Annotated[bool, output_option("--bom")]
KeepFormulasOpt = Annotated[bool, output_option("--keep-formulas")]
RatingOpt = Annotated[Texts, option("--rating", "-r", metavar="RATING", complete=complete_choices(RATING_CHOICES))]
YearOpt = Annotated[Texts, option("--year", "-y", metavar="YEAR", complete=complete_values("year"))]
TypeOpt = Annotated[Texts, option("--type", "-t", metavar="TYPE", complete=complete_choices(TYPE_CHOICES))]
RegionOpt = Annotated[Texts, option("--region", metavar="REGION", complete=complete_values("region"))]
ServiceOpt = Annotated[Texts, option("--service", "-s", metavar="NAME", complete=complete_values("service"))]
StandardOpt = Annotated[Texts, option("--standard", metavar="STANDARD", complete=complete_values("standard"))]
OneStandardOpt = Annotated[str, option("--standard", help_key="one --standard", metavar="STANDARD")]
DomainOpt = Annotated[Texts, option("--domain", metavar="DOMAIN")]
FrameworkOpt = Annotated[Texts, option("--framework", metavar="FRAMEWORK", complete=complete_values("framework"))]
SectorOpt = Annotated[Texts, option("--sector", metavar="SECTOR", complete=complete_choices(SECTOR_CHOICES))]
PublishedOpt = Annotated[Texts, option("--published", "-p", metavar="PERIOD")]
RoundOpt = Annotated[Texts, option("--round", "--framework", metavar="ROUND", complete=complete_values("framework"))]
LatestOpt = Annotated[bool, option("--latest")]
IncludeCeasedOpt = Annotated[bool, option("--include-ceased")]
SourceKindOpt = Annotated[
    Texts, option("--source-kind", metavar="KIND", complete=complete_choices(SOURCE_KIND_CHOICES))
]
StrictOpt = Annotated[bool, option("--strict")]
ReportServiceOpt = Annotated[str | None, option("--service", help_key="report --service", metavar="NAME")]
ReportServiceIdOpt = Annotated[str | None, option("--service-id", help_key="report --service-id", metavar="ID")]
ReportTypeOpt = Annotated[
    str | None,
    option("--type", "-t", help_key="report --type", metavar="TYPE", complete=complete_choices(TYPE_CHOICES)),
]
ReportPublishedOpt = Annotated[str | None, option("--published", "-p", help_key="report --published", metavar="DATE")]
ReportSourceOpt = Annotated[str | None, option("--source", help_key="report --source", metavar="URL")]
RequiredPublishedOpt = Annotated[str, option("--published", "-p", help_key="report --published", metavar="DATE")]
RequiredSourceOpt = Annotated[str, option("--source", help_key="report --source", metavar="URL")]
MinServicesOpt = Annotated[int, option("--min-services", min=1, metavar="N")]


class ExportFormat(StrEnum):
    """The layouts `hmip import` reads back: the long CSV, and inspections as JSON or NDJSON."""

    CSV = "csv"
    JSON = "json"
    NDJSON = "ndjson"


ExportFormatOpt = Annotated[
    ExportFormat,
    typer.Option(
        "--format",
        "-f",
        help="csv (the long layout), json or ndjson.",
        metavar="FORMAT",
        case_sensitive=False,
        autocompletion=complete_choices([f.value for f in ExportFormat]),
    ),
]
ServiceArg = Annotated[str, typer.Argument(help=HELP["SERVICE"], autocompletion=complete_values("service"))]


def view_option(*names: str) -> Any:
    """--view for a command whose result has these views (the machine formats' `view` field).

    Not a typed choice: a view's name may be written with - for _, and the accepted names are
    the views of the result, which a --view error lists."""
    return typer.Option(
        "--view",
        help=f"Only this view, with its own columns: {', '.join(names)}.",
        metavar="VIEW",
        autocompletion=complete_choices(names),
        rich_help_panel="Output",
    )
