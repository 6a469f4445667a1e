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
    db: DbOpt = None,
) -> None:
    """Import ratings (long or wide CSV, JSON, NDJSON) or figures (CSV) into your database; all or nothing.

    A CSV whose header has figure_id, measure and value is a figures file.

    Example: hmip import new-ratings.csv --dry-run
    """
    from hmip_cli.ingest.pipeline import load_import
    from hmip_cli.render.output import Streams, note
    from hmip_cli.store.connection import open_dry_run, open_write
    from hmip_cli.store.locations import resolve
    from hmip_cli.store.writer import write_inspections

    loaded = load_import(file, fmt)
    location = resolve(db)
    # a dry run must not even create the target (a missing one would start as the bundled copy)
    database = open_dry_run(location) if dry_run else open_write(location)
    prefix = "dry run, nothing written: " if dry_run else ""
    if loaded.figures:
        from hmip_cli.store.figures import write_figures

        try:
            figure_counts = write_figures(database, loaded.figures, dry_run=dry_run)
        finally:
            database.close()
        note(
            f"{prefix}{figure_counts.added} figures added, {figure_counts.changed} changed, "
            f"{figure_counts.unchanged} unchanged in {location.path}",
            Streams(),
        )
        return
    try:
        counts = write_inspections(database, loaded.inspections, dry_run=dry_run)
    finally:
        database.close()
    note(
        f"{prefix}{counts.added} added, {counts.changed} changed, {counts.unchanged} unchanged "
        f"({counts.inspections_added} new inspections) in {location.path}",
        Streams(),
    )
