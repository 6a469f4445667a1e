"""`hmip import`: validate a file completely, then write it in one transaction."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import DbOpt


@command
def import_file(
    file: Annotated[str, typer.Argument(help="File to import, or - for standard input.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="long-csv, wide-csv, json, ndjson or figures-csv (default: from the extension and header).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count, write nothing.")] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Replace stored ratings and inspection fields the file changes, listing each change "
            "(without it, any change is a conflict and nothing is written).",
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Import ratings (long or wide CSV, JSON, NDJSON) or figures (CSV) into your database; all or nothing.

    A CSV whose header has figure_id, measure and value is a figures file. A row that would change
    a stored rating or inspection field is a conflict (exit 3) unless --update is given; an import
    never moves an inspection to another service.

    Example: hmip import new-ratings.csv --dry-run
    """
    from hmip_cli.actions.importing import import_file as run_import
    from hmip_cli.render.output import Streams, note
    from hmip_cli.render.progress import progress_on
    from hmip_cli.store.locations import resolve

    streams = Streams()
    # Ctrl-C unwinds from here (the transaction, if one had begun, rolls back; the stage is
    # removed) to the app's barrier, which says "interrupted; nothing was written" (exit 130)
    with progress_on(streams) as progress:
        outcome = run_import(
            resolve(db),
            file,
            fmt,
            dry_run=dry_run,
            update=update,
            progress=progress,
            report=lambda line: note(line, streams),
        )
    note(outcome.message(), streams)
