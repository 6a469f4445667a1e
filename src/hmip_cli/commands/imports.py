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
        typer.Option("--format", help="long-csv, wide-csv, json or ndjson (default: from the extension and header).", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count, write nothing.")] = False,
    db: DbOpt = None,
) -> None:
    """Import ratings (long or wide CSV, JSON, NDJSON) into your database; all or nothing.

    Example: hmip import new-ratings.csv --dry-run
    """
    from hmip_cli.ingest.pipeline import load_inspections
    from hmip_cli.render.output import Streams, note
    from hmip_cli.store.connection import open_write
    from hmip_cli.store.locations import resolve
    from hmip_cli.store.writer import write_inspections

    inspections = load_inspections(file, fmt)
    location = resolve(db)
    database = open_write(location)
    try:
        counts = write_inspections(database, inspections, dry_run=dry_run)
    finally:
        database.close()
    prefix = "dry run, nothing written: " if dry_run else ""
    note(
        f"{prefix}{counts.added} added, {counts.changed} changed, {counts.unchanged} unchanged "
        f"({counts.inspections_added} new inspections) in {location.path}",
        Streams(),
    )
