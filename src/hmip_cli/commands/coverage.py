"""`hmip coverage`: HMIP's own published rating totals beside what the database holds."""

from __future__ import annotations

from hmip_cli.commands.runner import command
from hmip_cli.options import DbOpt, FormatOpt


@command
def coverage(fmt: FormatOpt = None, db: DbOpt = None) -> None:
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
        emit(coverage_result(conn), fmt, Streams())
