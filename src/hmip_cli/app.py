"""The root `hmip` command: registers the command groups; heavy imports wait for the command."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from hmip_cli import __version__
from hmip_cli.commands import db, imports, listing

app = typer.Typer(
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
app.command("import", rich_help_panel="Data")(imports.import_file)
app.add_typer(db.app, name="db", rich_help_panel="Database")


def main() -> None:
    """Console-script entry: a closed pipe (`hmip list | head -1`) ends quietly."""
    try:
        app()
    except BrokenPipeError:
        # Python would complain again when flushing stdout at exit; point it at devnull first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
