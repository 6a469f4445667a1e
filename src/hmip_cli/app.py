"""The root `hmip` command: registers the command groups; heavy imports wait for the command."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from hmip_cli import __version__, interrupts
from hmip_cli.commands import analysis, charts, coverage, data, db, figures, imports, listing, report, service, web
from hmip_cli.errors import INTERRUPTED_MESSAGE, ExitCode


class OneLineErrors(TyperGroup):
    """Usage errors as one stderr line (not a boxed panel), with their exit code."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if os.environ.get("_HMIP_COMPLETE"):
            # the shell asks for completions: ours quote names with spaces and match any case
            from hmip_cli.commands.completion import use_hmip_completion

            use_hmip_completion()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            outcome = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            sys.stderr.write("hmip: aborted\n")
            sys.exit(int(ExitCode.ERROR))
        except typer.TyperException as error:
            sys.exit(_report_usage(error))
        except KeyboardInterrupt:
            outcome = ExitCode.INTERRUPTED
        if outcome == ExitCode.INTERRUPTED:
            # Typer turns a KeyboardInterrupt anywhere in a command into exit code 130, silently
            sys.stderr.write(f"{INTERRUPTED_MESSAGE}\n")
        sys.exit(int(outcome) if isinstance(outcome, int) else 0)


def _report_usage(error: typer.TyperException) -> int:
    context = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
        sys.stdout.write(context.get_help() + "\n")
        return int(ExitCode.USAGE)
    hint = f" (see `{context.command_path} --help`)" if context is not None else ""
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    sys.stderr.write(f"hmip: error: {message}{hint}\n")
    return int(getattr(error, "exit_code", ExitCode.USAGE))


app = typer.Typer(
    cls=OneLineErrors,
    name="hmip",
    help="HM Inspectorate of Probation inspection findings: query, compare and rank services.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hmip {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """HM Inspectorate of Probation inspection findings: query, compare and rank services."""


app.command("list", rich_help_panel="Query")(listing.list_command)
app.command("show", rich_help_panel="Query")(service.show)
app.command("standards", rich_help_panel="Query")(service.standards)
app.add_typer(figures.app, name="figures", rich_help_panel="Query")
app.command("compare", rich_help_panel="Compare")(analysis.compare)
app.command("league", rich_help_panel="Compare")(analysis.league)
app.command("summary", rich_help_panel="Compare")(analysis.summary)
app.command("coverage", rich_help_panel="Compare")(coverage.coverage)
app.add_typer(charts.chart, name="chart", rich_help_panel="Compare")
app.command("report", rich_help_panel="Compare")(report.report)
app.command("import", rich_help_panel="Data")(imports.import_file)
app.command("export", rich_help_panel="Data")(data.export)
app.command("sql", rich_help_panel="Data")(data.sql)
app.add_typer(db.app, name="db", rich_help_panel="Database")
app.command("serve", rich_help_panel="Database")(web.serve)


def main() -> None:
    """Console-script entry. A closed pipe (`hmip list | head -1`) needs nothing here: Typer turns
    EPIPE into a quiet exit 1 and pacifies the final flush (tests/test_output.py holds that).
    Ctrl-C: see hmip_cli/interrupts.py; from here on it unwinds, so rollbacks and clean-ups run."""
    interrupts.during_command()
    try:
        app()
    except KeyboardInterrupt:
        interrupts.after_command()
        sys.stderr.write(f"{INTERRUPTED_MESSAGE}\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except SystemExit:
        interrupts.after_command()
        raise
