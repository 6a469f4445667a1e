"""`hmip template FRAMEWORK`: a file to fill in from a newly published report."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.present import environment
from hmip_cli.commands.report_input import FRAMEWORK_HELP, NOT_GIVEN, ReportGiven, write_rows
from hmip_cli.options import DbOpt, ExportFormat, ExportFormatOpt, complete_values

FrameworkArg = Annotated[str, typer.Argument(help=FRAMEWORK_HELP, autocompletion=complete_values("framework"))]


def template(
    ctx: typer.Context,
    framework: FrameworkArg,
    given: ReportGiven = NOT_GIVEN,
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
    details = given.details(framework, db)
    write_rows(details.template(), fmt, env, f"Template: {details.framework.slug}")
    if not details.standards:
        env.note(f"hmip: note: {details.framework.slug}'s standards are not recorded here: the overall rating only")
