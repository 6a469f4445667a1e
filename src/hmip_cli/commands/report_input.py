"""A report's details as `hmip template` and `hmip extract` are given them, checked, and the
rows they write in a layout `hmip import` reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from hmip_cli.environment import Environment
from hmip_cli.options import DbOpt, ExportFormat, complete_values
from hmip_cli.schemas.report_rows import LongRow, ReportDetails

FRAMEWORK_HELP = "Framework slug: probation-2018, pdu-2021, probation-2023, youth-2018, youth-2021 … (hmip standards)."
ReportFrameworkOpt = Annotated[
    str,
    typer.Option("--framework", help=FRAMEWORK_HELP, metavar="FRAMEWORK", autocompletion=complete_values("framework")),
]


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
