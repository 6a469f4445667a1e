"""Building the shipped database from the sourced CSV: same input, same rows, every time."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hmip_cli.ingest.record_files import RecordFiles
from hmip_cli.schemas.figures import Figure
from hmip_cli.schemas.records import Inspection
from hmip_cli.store.connection import open_write
from hmip_cli.store.figures import write_figures
from hmip_cli.store.locations import Location
from hmip_cli.store.record_tables import write_record_tables
from hmip_cli.store.release import Release, measure, write_release
from hmip_cli.store.schema_names import MIGRATIONS_TABLE
from hmip_cli.store.writer import ImportCounts, write_inspections

# Pinned so two builds of the same source differ in nothing but SQLite's own version stamp.
BUILD_TIMESTAMP = "1970-01-01 00:00:00.000000+00:00"


def build_database(
    inspections: Sequence[Inspection],
    out: Path,
    figures: Sequence[Figure] = (),
    record: RecordFiles | None = None,
    *,
    compiled: str | None = None,
) -> tuple[ImportCounts, Release]:
    """Write a fresh database next to `out`, then move it into place in one rename. `compiled`:
    the date the sources were compiled (release.toml), recorded with the rows' digest."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=".hmip-build-", suffix=".sqlite")
    os.close(handle)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        db = open_write(Location(tmp, "--db"), start="empty")
        counts = write_inspections(db, inspections)
        if figures:
            write_figures(db, figures)
        if record is not None:
            with db.atomic():
                write_record_tables(db, record)
        release = measure(db.conn, compiled)
        write_release(db.conn, release)
        db.execute(f"UPDATE {MIGRATIONS_TABLE} SET applied_at = ?", [BUILD_TIMESTAMP])
        # The shipped file is read with immutable=1: no WAL, no side files.
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("VACUUM")
        db.close()
        tmp.replace(out)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return counts, release
