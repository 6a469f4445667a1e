"""`hmip template` and `hmip extract`: from a newly published report to rows `hmip import` reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from hmip_cli.commands.data import ExportFormat, ExportFormatOpt
from hmip_cli.commands.present import environment
from hmip_cli.environment import Environment
from hmip_cli.options import (
    DbOpt,
    ReportPublishedOpt,
    ReportServiceIdOpt,
    ReportServiceOpt,
    ReportSourceOpt,
    ReportTypeOpt,
    RequiredPublishedOpt,
    RequiredSourceOpt,
    complete_values,
)
from hmip_cli.schemas.report_rows import LongRow, ReportDetails

if TYPE_CHECKING:
    from hmip_cli.ingest.ratings_table import RatingsTable

FRAMEWORK_HELP = "Framework slug: probation-2018, pdu-2021, probation-2023, youth-2018, youth-2021 … (hmip standards)."
FrameworkArg = Annotated[str, typer.Argument(help=FRAMEWORK_HELP, autocompletion=complete_values("framework"))]
ReportFrameworkOpt = Annotated[
    str,
    typer.Option("--framework", help=FRAMEWORK_HELP, metavar="FRAMEWORK", autocompletion=complete_values("framework")),
]
ReportFileArg = Annotated[
    str, typer.Argument(help="The report: a text file, a PDF (with the pdf extra), or - for standard input.")
]


def template(
    ctx: typer.Context,
    framework: FrameworkArg,
    provider_type: ReportTypeOpt = None,
    service: ReportServiceOpt = None,
    service_id: ReportServiceIdOpt = None,
    published: ReportPublishedOpt = None,
    source: ReportSourceOpt = None,
    fmt: ExportFormatOpt = ExportFormat.CSV,
    db: DbOpt = None,
) -> None:
    """A file to fill in from a report: the overall rating and every standard of FRAMEWORK, ratings empty.

    One row per standard of the framework (for --type where it inspects several), with its code
    and slug, plus `overall`, in the long layout `hmip import` reads. Fill in the ratings the
    report states; a rating left empty is not recorded (the import counts it as left empty).

    Example: hmip template youth-2021 --service "Camden YJS" --published 2024-05 --source URL > camden.csv
    """
    env = environment(ctx)
    details = report_details(framework, provider_type, service, service_id, published, source, db)
    write_rows(details.template(), fmt, env, f"Template: {details.framework.slug}")
    if not details.standards:
        env.note(f"hmip: note: {details.framework.slug}'s standards are not recorded here: the overall rating only")


def extract(
    ctx: typer.Context,
    file: ReportFileArg,
    framework: ReportFrameworkOpt,
    published: RequiredPublishedOpt,
    source: RequiredSourceOpt,
    provider_type: ReportTypeOpt = None,
    service: ReportServiceOpt = None,
    service_id: ReportServiceIdOpt = None,
    fmt: ExportFormatOpt = ExportFormat.CSV,
    db: DbOpt = None,
) -> None:
    """Find the ratings table in a report's text (or PDF) and write it as rows `hmip import` reads.

    Two layouts: one line per standard (`2.1 Assessment Requires improvement`), or numbered
    section headings (`2. Court disposals`) each followed by the standards' names and then their
    ratings; and `Overall rating Good (25/36)`. Standards are mapped by code within the framework,
    or by name within their section; text around the table is passed over. Nothing is guessed: a
    rating line that maps to no standard, a word outside the rating scale, a standard named twice
    or a block of names without as many ratings is a located problem (exit 3, nothing written).

    Example: hmip extract r.pdf --framework youth-2021 --service Camden --published 2024-05 --source URL | hmip import -
    """
    from hmip_cli.errors import UsageError
    from hmip_cli.ingest.ratings_table import read_ratings_table
    from hmip_cli.ingest.report_text import report_lines

    env = environment(ctx)
    if service is None and service_id is None:
        raise UsageError("--service or --service-id is required: whose report it is")
    details = report_details(framework, provider_type, service, service_id, published, source, db)
    lines, label = report_lines(file, env.stdin)
    table = read_ratings_table(lines, details.framework, details.provider_type, label)
    write_rows(extracted_rows(details, table), fmt, env, f"Extracted from {label}")
    if table.missing:
        listed = ", ".join(s.code or s.slug for s in table.missing)
        env.note(
            f"hmip: note: {len(table.missing)} standards of {details.framework.slug} are not in the table "
            f"and are not recorded: {listed}"
        )


def extracted_rows(details: ReportDetails, table: RatingsTable) -> list[LongRow]:
    """Every rating the table states, each noting it was extracted and from which layout; the
    overall rating's note carries HMIP's score where the table prints one."""
    from hmip_cli.ingest.ratings_table import LAYOUT_NAMES

    note = f"extracted by hmip extract from the report's ratings table ({LAYOUT_NAMES[table.layout]})"
    rows = []
    for found in table.ratings:
        scored = found.standard is None and table.score is not None
        text = f"{note}; HMIP's score {table.score[0]}/{table.score[1]}" if scored and table.score else note
        rows.append(details.row(found.standard, found.rating, text))
    return rows


def report_details(
    framework: str,
    provider_type: str | None,
    service: str | None,
    service_id: str | None,
    published: str | None,
    source: str | None,
    db: DbOpt,
) -> ReportDetails:
    """The command line's account of a report, every value checked (a bad one: a usage error)."""
    from hmip_cli.errors import UsageError
    from hmip_cli.schemas.dates import parse_partial_date
    from hmip_cli.schemas.frameworks import get_framework
    from hmip_cli.schemas.report_rows import check_source_url, choose_provider_type

    try:
        chosen = get_framework(framework)
    except ValueError as exc:
        raise UsageError(f"FRAMEWORK: {exc}") from None
    try:
        provider = choose_provider_type(chosen, provider_type)
    except ValueError as exc:
        raise UsageError(f"--type: {exc}") from None
    if service is not None and not service.strip():
        raise UsageError("--service: must not be empty")
    if service is None and service_id is not None:
        service = _stored_name(service_id, db)
    try:
        published = None if published is None else parse_partial_date(published)
    except ValueError as exc:
        raise UsageError(f"--published: {exc}") from None
    try:
        source = None if source is None else check_source_url(source)
    except ValueError as exc:
        raise UsageError(f"--source: {exc}") from None
    return ReportDetails(
        chosen,
        provider,
        service=service.strip() if service else None,
        service_id=service_id.strip() if service_id else None,
        published=published,
        source_url=source,
    )


def _stored_name(service_id: str, db: DbOpt) -> str:
    from hmip_cli.errors import UsageError
    from hmip_cli.queries.report_rows import service_name
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        try:
            return service_name(conn, service_id)
        except ValueError as exc:
            raise UsageError(str(exc)) from None


def write_rows(rows: Sequence[LongRow], fmt: ExportFormat, env: Environment, title: str) -> None:
    """CSV in the long layout, or JSON/NDJSON inspection objects: layouts `hmip import` reads."""
    from hmip_cli.queries.export import as_inspections
    from hmip_cli.queries.report_rows import long_result
    from hmip_cli.render.output import OutputFormat, emit, emit_objects

    if fmt == ExportFormat.CSV:
        emit(long_result(rows, title), OutputFormat.CSV, env)
    else:
        emit_objects(as_inspections(rows), fmt, env)
