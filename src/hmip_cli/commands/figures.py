"""`hmip figures`: published figures (SFO reviews, staff survey, completion rates …) and their checks."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from hmip_cli.commands.groups import PLAIN_OUTPUT, Only, OptionGroup, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, Texts

if TYPE_CHECKING:
    from hmip_cli.queries.figures import FigureFilters

HELP = {
    "--topic": "Topic by name or part of it, any case (e.g. 'serious further offences'); repeatable.",
    "--period": "Figures whose period lies within this one: 2015, 2020-06, 2018/19 (April–March) or a range "
    "2014..2021 (also 2014-2021, 2019-10/2019-12), as --published takes; repeatable.",
    "--search": "Words to find in measures and topics (full text; 'quoted phrase' allowed).",
    "--measure": "Part of the measure's wording, any case; repeatable.",
    "--breakdown": "Breakdown value KEY=VALUE, e.g. provider=NPS; repeatable.",
    "--pivot": "ROW,COLUMN: a table with one row per ROW value and one column per COLUMN value; "
    "each a breakdown key or period (e.g. offence,period).",
    "--all": "Show every total checked, not only those that differ.",
}
TopicOpt = Annotated[Texts, typer.Option("--topic", help=HELP["--topic"])]
PeriodOpt = Annotated[Texts, typer.Option("--period", help=HELP["--period"])]
SearchOpt = Annotated[str | None, typer.Option("--search", help=HELP["--search"])]
MeasureOpt = Annotated[Texts, typer.Option("--measure", help=HELP["--measure"])]
BreakdownOpt = Annotated[Texts, typer.Option("--breakdown", "-b", help=HELP["--breakdown"])]
PivotOpt = Annotated[str | None, typer.Option("--pivot", help=HELP["--pivot"])]
AllOpt = Annotated[bool, typer.Option("--all", help=HELP["--all"])]


@dataclass(frozen=True)
class FigureScope(OptionGroup):
    """Which figures: the filters `hmip figures` lists by, and `figures check` checks by."""

    topic: TopicOpt = None
    search: SearchOpt = None
    period: PeriodOpt = None
    measure: MeasureOpt = None
    breakdown: BreakdownOpt = None

    def resolve(self, conn: sqlite3.Connection) -> FigureFilters:
        from hmip_cli.queries.figures import resolve_figure_filters

        return resolve_figure_filters(
            conn,
            topics=self.topic or (),
            measures=self.measure or (),
            search=self.search,
            periods=self.period or (),
            breakdowns=self.breakdown or (),
        )


CheckScope = Annotated[FigureScope, Only(("topic", "period"))]
"""`figures check`: a total and its parts share their measure and breakdowns, so only the topic
and period choose which totals are checked."""
NO_FIGURE_SCOPE = FigureScope()

app = typer.Typer()


@app.callback(invoke_without_command=True)
def figures(
    ctx: typer.Context,
    scope: FigureScope = NO_FIGURE_SCOPE,
    pivot: PivotOpt = None,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Published figures (SFO reviews, risk levels, staff surveys, completion rates): list, search, pivot.

    Filters combine with AND. `hmip figures check` checks that published totals add up.

    Example: hmip figures --topic "serious further offences" --pivot offence,period
    """
    from hmip_cli.errors import UsageError

    if ctx.invoked_subcommand is not None:
        given = [p for p in ctx.command.params if ctx.params.get(p.name or "") not in (None, False, (), [])]
        if given:
            # the group's options filter the listing; `figures --topic X check` would check everything
            option = max(given[0].opts, key=len)
            raise UsageError(
                f"{option} given before `{ctx.invoked_subcommand}`: options of `hmip figures` do not apply to "
                f"its subcommands (accepted: hmip figures {ctx.invoked_subcommand} {option} …)"
            )
        return
    from hmip_cli.queries.figures import list_figures, parse_pivot, pivot_figures
    from hmip_cli.store.connection import reading_database

    axes = parse_pivot(pivot) if pivot is not None else None
    if axes is not None and output.fields is not None:
        raise UsageError("--fields does not apply to --pivot (its columns are the pivot's values)")
    with reading_database(db, environment(ctx).note) as conn:
        filters = scope.resolve(conn)
        result = pivot_figures(conn, filters, *axes) if axes is not None else list_figures(conn, filters)
        output.write(result, environment(ctx), conn)


@app.command("check")
def check(
    ctx: typer.Context,
    scope: CheckScope = NO_FIGURE_SCOPE,
    show_all: AllOpt = False,
    output: Output = PLAIN_OUTPUT,
    db: DbOpt = None,
) -> None:
    """Check that published totals equal the sum of their parts (offence=Total, risk=Total, provider=All).

    Prints the totals that differ (every total with --all) and a one-line summary on stderr.
    Exit status: 0 when every total adds up; 3 when any differs; 1 and 2 as for every command.

    Example: hmip figures check --all
    """
    from hmip_cli.errors import ExitCode
    from hmip_cli.queries.figure_checks import check_figures
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        outcome = check_figures(conn, scope.resolve(conn), show_all=show_all)
    if outcome.shown or not output.writer(env).tells_empty:
        # an empty table says nothing the summary line does not; machine formats and files
        # still get their header, `[]` or workbook
        output.write(outcome.result, env)
    checked = f"{outcome.checked} published {'total' if outcome.checked == 1 else 'totals'} checked"
    if outcome.failed:
        verb = "differs" if outcome.failed == 1 else "differ"
        env.note(f"hmip: figures check: {checked}, {outcome.failed} {verb} from the sum of the parts")
        raise typer.Exit(int(ExitCode.INVALID_DATA))
    env.note(f"figures check: {checked}, all equal the sum of their parts")
