"""`hmip extract FILE`: a report's ratings table, as rows `hmip import` reads."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated

import typer

from hmip_cli.commands.present import environment
from hmip_cli.commands.report_input import NOT_GIVEN, ReportFrameworkOpt, WhoseReport, write_rows
from hmip_cli.options import DbOpt, ExportFormat, ExportFormatOpt, RequiredPublishedOpt, RequiredSourceOpt
from hmip_cli.schemas.report_rows import LongRow, ReportDetails

if TYPE_CHECKING:
    from hmip_cli.ingest.ratings_table import RatingsTable

ReportFileArg = Annotated[
    str, typer.Argument(help="The report: a text file, a PDF (with the pdf extra), or - for standard input.")
]


def extract(
    ctx: typer.Context,
    file: ReportFileArg,
    framework: ReportFrameworkOpt,
    published: RequiredPublishedOpt,
    source: RequiredSourceOpt,
    whose: WhoseReport = NOT_GIVEN,
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
    if whose.service is None and whose.service_id is None:
        raise UsageError("--service or --service-id is required: whose report it is")
    details = dataclasses.replace(whose, published=published, source=source).details(framework, db)
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
