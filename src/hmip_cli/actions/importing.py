"""`hmip import` as one operation: load and validate the file, then write it in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hmip_cli.ingest.pipeline import load_import
from hmip_cli.store.connection import open_dry_run, open_write
from hmip_cli.store.locations import Location

Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as work goes on; total 0 means not known."""


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    dry_run: bool
    summary: str

    def message(self) -> str:
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{self.summary} in {self.path}"


def import_file(
    location: Location, name: str, fmt: str | None, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportOutcome:
    loaded = load_import(name, fmt, progress=progress)
    # a dry run must not even create the target (a missing one would start as the bundled copy)
    database = open_dry_run(location) if dry_run else open_write(location)
    if progress is not None:
        progress("writing", 0, 0)
    try:
        if loaded.figures:
            from hmip_cli.store.figures import write_figures

            figures = write_figures(database, loaded.figures, dry_run=dry_run)
            summary = f"{figures.added} figures added, {figures.changed} changed, {figures.unchanged} unchanged"
        else:
            from hmip_cli.store.writer import write_inspections

            counts = write_inspections(database, loaded.inspections, dry_run=dry_run)
            summary = (
                f"{counts.added} added, {counts.changed} changed, {counts.unchanged} unchanged "
                f"({counts.inspections_added} new inspections)"
            )
    finally:
        database.close()
    return ImportOutcome(location.path, dry_run, summary)
