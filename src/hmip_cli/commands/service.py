"""`hmip show SERVICE` and `hmip standards`: one service in full, and the frameworks reference."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import DbOpt, FormatOpt, FrameworkOpt, complete_values


@command
def show(
    service: Annotated[
        str,
        typer.Argument(
            autocompletion=complete_values("service"),
            help="Service name (any case, any name it has had, or a unique part) or id.",
        ),
    ],
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every inspection of one service: ratings by standard, known points, dates, sources and notes.

    Example: hmip show "camden"
    """
    from hmip_cli.queries.show import show_service
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        emit(show_service(conn, service), fmt, Streams())


@command
def standards(framework: FrameworkOpt = None, fmt: FormatOpt = None) -> None:
    """The standards frameworks: domains, codes, slugs and names by provider type, and the rating scale.

    Example: hmip standards --framework probation-2018
    """
    from hmip_cli.queries.reference import standards_reference
    from hmip_cli.render.output import Streams, emit

    emit(standards_reference(framework or ()), fmt, Streams())
