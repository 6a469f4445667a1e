"""`hmip coverage`: HMIP's own published rating totals beside what the database holds."""

from __future__ import annotations

from typing import Annotated

from hmip_cli.commands.runner import command
from hmip_cli.options import DbOpt, FieldsOpt, FormatOpt, NoHeaderOpt, WideOpt, split_fields, view_option

COVERAGE_VIEWS = ("coverage", "not_compared")


@command
def coverage(
    view: Annotated[str | None, view_option(*COVERAGE_VIEWS)] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    db: DbOpt = None,
) -> None:
    """List every rating total HMIP published (figures of topic `published ratings`) against the database.

    Each total is matched to the scope its breakdown and period state: sector= or provider=,
    rating=, inspection=year 1|year 2 (re-inspected services), and the axis: a 2019/20 period is
    a programme year, a calendar period a publication period when the measure says published,
    axis=year|published or round=FRAMEWORK in the breakdown. Totals with no such scope are listed
    apart, with the reason, never compared with something else. Your own figures rows
    (`hmip import` of a figures CSV) are matched by the same rules.

    Example: hmip coverage -f csv
    """
    from hmip_cli.queries.coverage import coverage as coverage_result
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    with reading_database(db) as conn:
        result = coverage_result(conn)
        emit(result, fmt, Streams(), view=view, fields=split_fields(fields), wide=wide, no_header=no_header)
