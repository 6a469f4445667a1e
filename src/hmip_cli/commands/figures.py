"""`hmip figures`: published figures (SFO reviews, staff survey, completion rates …) and their checks."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import DbOpt, FieldsOpt, FormatOpt, NoHeaderOpt, WideOpt, split_fields

TopicOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        help="Topic by name or part of it, any case (e.g. 'serious further offences'); repeatable.",
        show_default=False,
    ),
]
PeriodOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--period",
        help="Figures whose period lies within this one: 2015, 2018/19, 2014-2021, 2020-06, 2019-10/2019-12; "
        "repeatable.",
        show_default=False,
    ),
]

app = typer.Typer()


@app.callback(invoke_without_command=True)
@command
def figures(
    ctx: typer.Context,
    topic: TopicOpt = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help="Words to find in measures and topics (full text; 'quoted phrase' allowed).",
            show_default=False,
        ),
    ] = None,
    period: PeriodOpt = None,
    measure: Annotated[
        list[str] | None,
        typer.Option("--measure", help="Part of the measure's wording, any case; repeatable.", show_default=False),
    ] = None,
    breakdown: Annotated[
        list[str] | None,
        typer.Option(
            "--breakdown", "-b", help="Breakdown value KEY=VALUE, e.g. provider=NPS; repeatable.", show_default=False
        ),
    ] = None,
    pivot: Annotated[
        str | None,
        typer.Option(
            "--pivot",
            help="ROW,COLUMN: a table with one row per ROW value and one column per COLUMN value; "
            "each a breakdown key or period (e.g. offence,period).",
            show_default=False,
        ),
    ] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    db: DbOpt = None,
) -> None:
    """Published figures (SFO reviews, risk levels, staff surveys, completion rates): list, search, pivot.

    Filters combine with AND. `hmip figures check` checks that published totals add up.

    Example: hmip figures --topic "serious further offences" --pivot offence,period
    """
    if ctx.invoked_subcommand is not None:
        return
    from hmip_cli.errors import UsageError
    from hmip_cli.queries.figures import list_figures, parse_pivot, pivot_figures, resolve_figure_filters
    from hmip_cli.render.output import Streams, emit
    from hmip_cli.store.connection import reading_database

    axes = parse_pivot(pivot) if pivot is not None else None
    if axes is not None and fields is not None:
        raise UsageError("--fields does not apply to --pivot (its columns are the pivot's values)")
    with reading_database(db) as conn:
        filters = resolve_figure_filters(
            conn,
            topics=topic or (),
            measures=measure or (),
            search=search,
            periods=period or (),
            breakdowns=breakdown or (),
        )
        if axes is not None:
            result = pivot_figures(conn, filters, *axes)
        else:
            result = list_figures(conn, filters, fields=split_fields(fields))
        emit(result, fmt, Streams(), wide=wide, no_header=no_header)


@app.command("check")
@command
def check(
    topic: TopicOpt = None,
    period: PeriodOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every total checked, not only those that differ.")
    ] = False,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    wide: WideOpt = False,
    no_header: NoHeaderOpt = False,
    db: DbOpt = None,
) -> None:
    """Check that published totals equal the sum of their parts (offence=Total, risk=Total, provider=All).

    Prints the totals that differ (every total with --all) and a one-line summary on stderr.
    Exit status: 0 when every total adds up; 3 when any differs; 1 and 2 as for every command.

    Example: hmip figures check --all
    """
    from hmip_cli.errors import ExitCode
    from hmip_cli.queries.figure_checks import check_figures
    from hmip_cli.queries.figures import resolve_figure_filters
    from hmip_cli.render.output import Streams, emit, note
    from hmip_cli.store.connection import reading_database

    streams = Streams()
    with reading_database(db) as conn:
        filters = resolve_figure_filters(conn, topics=topic or (), periods=period or ())
        outcome = check_figures(conn, filters, show_all=show_all)
    if outcome.shown or (fmt or streams.default_format()).lower() != "table":
        # an empty table says nothing the summary line does not
        emit(outcome.result, fmt, streams, fields=split_fields(fields), wide=wide, no_header=no_header)
    checked = f"{outcome.checked} published {'total' if outcome.checked == 1 else 'totals'} checked"
    if outcome.failed:
        verb = "differs" if outcome.failed == 1 else "differ"
        note(f"hmip: figures check: {checked}, {outcome.failed} {verb} from the sum of the parts", streams)
        raise typer.Exit(int(ExitCode.INVALID_DATA))
    note(f"figures check: {checked}, all equal the sum of their parts", streams)
