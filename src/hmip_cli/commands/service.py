"""`hmip show SERVICE` and `hmip standards`: one service in full, and the frameworks reference."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import (
    DbOpt,
    FieldsOpt,
    FormatOpt,
    FrameworkOpt,
    NoHeaderOpt,
    WideOpt,
    complete_values,
    split_fields,
    view_option,
)

SHOW_VIEWS = ("inspections", "grid", "sources")
STANDARDS_VIEWS = ("standards", "scale")


@command
def show(
    service: Annotated[
        str,
        typer.Argument(
            autocompletion=complete_values("service"),
            help="Service name (any case, any name it has had, or a unique part) or id.",
        ),
    ],
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
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        result = show_service(conn, service)
        emit(result, fmt, Streams(), view=view, fields=split_fields(fields), wide=wide, no_header=no_header)


@command
def standards(
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
    from hmip_cli.render.output import Streams, emit

    result = standards_reference(framework or ())
    emit(result, fmt, Streams(), view=view, fields=split_fields(fields), wide=wide, no_header=no_header)
