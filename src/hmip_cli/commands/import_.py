"""`hmip import`: validate a file completely, then write it in one transaction."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.present import environment
from hmip_cli.ingest.pipeline import IMPORT_FORMATS, ImportFormat
from hmip_cli.options import DbOpt

FORMAT_HELP = f"{', '.join(IMPORT_FORMATS[:-1])} or {IMPORT_FORMATS[-1]} (default: from the extension and header)."
UPDATE_HELP = (
    "Replace stored ratings and inspection fields the file changes, listing each change "
    "(without it, any change is a conflict and nothing is written)."
)
FileArg = Annotated[str, typer.Argument(help="File to import, or - for standard input.")]
ImportFormatOpt = Annotated[ImportFormat | None, typer.Option("--format", help=FORMAT_HELP, case_sensitive=False)]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate and count, write nothing.")]
UpdateOpt = Annotated[bool, typer.Option("--update", help=UPDATE_HELP)]


def import_file(
    ctx: typer.Context,
    file: FileArg,
    fmt: ImportFormatOpt = None,
    dry_run: DryRunOpt = False,
    update: UpdateOpt = False,
    db: DbOpt = None,
) -> None:
    """Import ratings (long or wide CSV, JSON, NDJSON) or figures (CSV) into your database; all or nothing.

    A CSV whose header has figure_id, measure and value is a figures file. A row that would change
    a stored rating or inspection field is a conflict (exit 3) unless --update is given; an import
    never moves an inspection to another service.

    Example: hmip import new-ratings.csv --dry-run
    """
    from hmip_cli.actions.importing import import_file as run_import
    from hmip_cli.render.progress import progress_on
    from hmip_cli.store.locations import resolve

    env = environment(ctx)
    # Ctrl-C unwinds from here (the transaction, if one had begun, rolls back; the stage is
    # removed) to the app's barrier, which says "interrupted; nothing was written" (exit 130)
    with progress_on(env) as progress:
        outcome = run_import(
            resolve(db),
            file,
            fmt,
            stdin=env.stdin,
            dry_run=dry_run,
            update=update,
            progress=progress,
            on_change=env.note,
        )
    env.note(outcome.message())
