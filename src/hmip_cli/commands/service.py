"""`hmip show SERVICE` and `hmip standards`: one service in full, and the frameworks reference."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.present import Output, environment, present
from hmip_cli.options import DbOpt, FieldsOpt, FormatOpt, FrameworkOpt, NoHeaderOpt, ServiceArg, WideOpt, view_option

SHOW_VIEWS = ("inspections", "grid", "sources")
STANDARDS_VIEWS = ("standards", "scale")


def show(
    ctx: typer.Context,
    service: ServiceArg,
    view: Annotated[str | None, view_option(*SHOW_VIEWS)] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    db: DbOpt = None,
) -> None:
    """Every inspection of one service: ratings by standard, known points, dates, sources and notes.

    Example: hmip show "camden"
    """
    from hmip_cli.queries.show import show_service

    present(ctx, db, lambda conn: show_service(conn, service), Output(fmt, fields, wide, no_header, view))


def standards(
    ctx: typer.Context,
    framework: FrameworkOpt = None,
    view: Annotated[str | None, view_option(*STANDARDS_VIEWS)] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
) -> None:
    """The standards frameworks: domains, codes, slugs and names by provider type, and the rating scale.

    Example: hmip standards --framework probation-2018
    """
    from hmip_cli.queries.reference import standards_reference

    Output(fmt, fields, wide, no_header, view).write(standards_reference(framework or ()), environment(ctx))
