"""`hmip show SERVICE` and `hmip standards`: one service in full, and the frameworks reference."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import PLAIN_OUTPUT, Output
from hmip_cli.commands.present import environment, present
from hmip_cli.options import DbOpt, FrameworkOpt, ServiceArg, view_option

SHOW_VIEWS = ("inspections", "grid", "sources")
STANDARDS_VIEWS = ("standards", "scale")


def show(
    ctx: typer.Context,
    service: ServiceArg,
    view: Annotated[str | None, view_option(*SHOW_VIEWS)] = None,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Every inspection of one service: ratings by standard, known points, dates, sources and notes.

    Example: hmip show "camden"
    """
    from hmip_cli.queries.show import show_service

    present(ctx, db, lambda conn: show_service(conn, service), output.viewing(view))


def standards(
    ctx: typer.Context,
    framework: FrameworkOpt = None,
    view: Annotated[str | None, view_option(*STANDARDS_VIEWS)] = None,
    output: Output = PLAIN_OUTPUT,
) -> None:
    """The standards frameworks: domains, codes, slugs and names by provider type, and the rating scale.

    Example: hmip standards --framework probation-2018
    """
    from hmip_cli.queries.reference import standards_reference

    output.viewing(view).write(standards_reference(framework or ()), environment(ctx))
