"""`hmip show SERVICE`: one service in full."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import PLAIN_OUTPUT, Output
from hmip_cli.commands.present import present
from hmip_cli.options import DbOpt, ServiceArg, view_option

SHOW_VIEWS = ("inspections", "grid", "sources")


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
