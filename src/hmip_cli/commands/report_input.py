"""A report's details as `hmip template` and `hmip extract` are given them, checked, and the
rows they write in a layout `hmip import` reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

import typer

from hmip_cli.commands.groups import Only, OptionGroup
from hmip_cli.environment import Environment
from hmip_cli.options import (
    DbOpt,
    ExportFormat,
    ReportPublishedOpt,
    ReportServiceIdOpt,
    ReportServiceOpt,
    ReportSourceOpt,
    ReportTypeOpt,
    complete_values,
)
from hmip_cli.schemas.report_rows import LongRow, ReportDetails

FRAMEWORK_HELP = "Framework slug: probation-2018, pdu-2021, probation-2023, youth-2018, youth-2021 … (hmip standards)."
ReportFrameworkOpt = Annotated[
    str,
    typer.Option("--framework", help=FRAMEWORK_HELP, metavar="FRAMEWORK", autocompletion=complete_values("framework")),
]


@dataclass(frozen=True)
class ReportGiven(OptionGroup):
    """What the command line says of a report: whose it is, when and where it was published."""

    provider_type: ReportTypeOpt = None
    service: ReportServiceOpt = None
    service_id: ReportServiceIdOpt = None
    published: ReportPublishedOpt = None
    source: ReportSourceOpt = None

    def details(self, framework: str, db: DbOpt) -> ReportDetails:
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
            provider = choose_provider_type(chosen, self.provider_type)
        except ValueError as exc:
            raise UsageError(f"--type: {exc}") from None
        service, service_id = self.service, self.service_id
        if service is not None and not service.strip():
            raise UsageError("--service: must not be empty")
        if service is None and service_id is not None:
            service = _stored_name(service_id, db)
        try:
            published = None if self.published is None else parse_partial_date(self.published)
        except ValueError as exc:
            raise UsageError(f"--published: {exc}") from None
        try:
            source = None if self.source is None else check_source_url(self.source)
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


WhoseReport = Annotated[ReportGiven, Only(("provider_type", "service", "service_id"))]
"""`hmip extract`: whose report (its publication and source are required options of their own)."""
NOT_GIVEN = ReportGiven()


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
