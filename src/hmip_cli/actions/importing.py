"""`hmip import` as one operation: read, validate and stage the file, then write it in one transaction.

Two phases, so that nothing about the target changes unless the import succeeds:
1. the file is read once, each row validated as it is read and staged in a private scratch
   database; checks across rows and the comparison with the target (opened read-only, or the
   bundled database a missing target would start as) are SQL over the stage. Any problem or
   conflict ends the import here, and the target has not even been opened for writing: it is
   not created, migrated or switched to WAL. A dry run ends here too.
2. the target is opened for writing and, in one BEGIN IMMEDIATE transaction, compared again
   (another import may have written in between) and written with set-based statements.
Memory does not grow with the file: the stage is on disk, the caches and problem log bounded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from hmip_cli.actions.scratch import scratch_directory
from hmip_cli.errors import DatabaseError
from hmip_cli.ingest import fast_csv
from hmip_cli.ingest.pipeline import ImportFile, Progress, opened_import
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.ingest.validate import NO_RATINGS
from hmip_cli.store.arrivals import Arrivals
from hmip_cli.store.connection import check_writable, is_interrupt, let_interrupts_in, open_dry_run, open_write
from hmip_cli.store.locations import Location
from hmip_cli.store.staging import Stager, create_stage, file_problems, recorded_changes, staged_ratings
from hmip_cli.store.writer import ImportCounts, commit_stage, compare_stage

ChangeListener = Callable[[str], None]
"""Told each change an --update makes, one line each, once it is committed."""

STAGE = "stage"
IMPORT_INTERRUPT_STEPS = 100_000  # an import's statements are long: check for Ctrl-C less often


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    dry_run: bool
    summary: str
    counts: ImportCounts | None = None
    """The ratings' counts (None for a figures file)."""

    def message(self) -> str:
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{self.summary} in {self.path}"


def summary_of(counts: ImportCounts, left_empty: int = 0) -> str:
    """`A added, C changed, U unchanged (N new inspections)`, and `, M inspections changed` inside
    the brackets when an --update changed inspection fields (ratings are counted outside); then
    `, E left empty` when rows left their rating empty (not recorded: skipped, never stored)."""
    inspections = f"{counts.inspections_added} new inspections"
    if counts.inspections_changed:
        inspections += f", {counts.inspections_changed} inspections changed"
    empty = f", {left_empty} left empty" if left_empty else ""
    return f"{counts.added} added, {counts.changed} changed, {counts.unchanged} unchanged ({inspections}){empty}"


def import_file(
    location: Location,
    name: str,
    fmt: str | None,
    *,
    stdin: BinaryIO | None = None,
    dry_run: bool = False,
    update: bool = False,
    progress: Progress | None = None,
    on_change: ChangeListener | None = None,
) -> ImportOutcome:
    """`stdin`: what a name of `-` reads (the process's standard input when None)."""
    with opened_import(name, fmt, stdin) as opened:
        if opened.is_figures:
            return _import_figures(location, opened, dry_run=dry_run)
        with _scratch() as stage_path:
            counts, left_empty = _stage_and_check(
                location, opened, stage_path, update=update, dry_run=dry_run, progress=progress
            )
            if counts is None:
                counts = _write(location, stage_path, opened.label, update=update, progress=progress)
            if on_change is not None:
                try:
                    with closing(sqlite3.connect(stage_path)) as conn:
                        for line in recorded_changes(conn, "main"):
                            on_change(line)
                except KeyboardInterrupt:
                    if dry_run:
                        raise
                    # written already: the list is cut short, the import is not "interrupted"
    return ImportOutcome(location.path, dry_run, summary_of(counts, left_empty), counts)


@contextmanager
def _scratch() -> Iterator[Path]:
    """The stage's file, in a private directory this process owns by a lock (`actions.scratch`)."""
    with scratch_directory() as directory:
        yield directory / "stage.sqlite"


def _attach(conn: sqlite3.Connection, stage_path: Path) -> None:
    let_interrupts_in(conn, IMPORT_INTERRUPT_STEPS)
    conn.execute(f"ATTACH DATABASE ? AS {STAGE}", [str(stage_path)])
    # scratch: a journal in memory (rollback still works), no syncs
    conn.execute(f"PRAGMA {STAGE}.journal_mode = MEMORY")
    conn.execute(f"PRAGMA {STAGE}.synchronous = OFF")


def _stage_and_check(
    location: Location,
    opened: ImportFile,
    stage_path: Path,
    *,
    update: bool,
    dry_run: bool,
    progress: Progress | None,
) -> tuple[ImportCounts | None, int]:
    """Phase 1: the whole file staged and checked on its own, then compared with the target,
    which is only read. The counts only for a dry run: a real import counts under the lock;
    and the number of rows whose rating was left empty."""
    log = ProblemLog(opened.label)
    try:
        with closing(sqlite3.connect(stage_path, isolation_level=None)) as conn:
            left_empty = _stage(conn, opened, log, progress)
    except sqlite3.OperationalError as exc:
        if is_interrupt(exc):
            raise KeyboardInterrupt from None
        raise _staging_error(exc, stage_path) from None
    if not dry_run:
        check_writable(location)  # a file the write would refuse is refused now, as open_write words it
    # read-only: the target, or (when it does not exist yet) the bundled database it would start as
    database = open_dry_run(location)
    try:
        _attach(database.conn, stage_path)
        verb = "would update" if dry_run else "updated"
        counts = compare_stage(database.conn, STAGE, "main", update=update, log=log, verb=verb, counting=dry_run)
    except sqlite3.OperationalError as exc:
        if is_interrupt(exc):
            raise KeyboardInterrupt from None
        raise
    finally:
        database.close()
    log.raise_if_any()
    return counts, left_empty


def _stage(conn: sqlite3.Connection, opened: ImportFile, log: ProblemLog, progress: Progress | None) -> int:
    """Stage and check the file on its own; the number of rows whose rating was left empty."""
    let_interrupts_in(conn, IMPORT_INTERRUPT_STEPS)
    conn.execute("PRAGMA journal_mode = MEMORY")
    conn.execute("PRAGMA synchronous = OFF")
    create_stage(conn, "main")
    conn.execute("BEGIN")
    staged = _stage_fast(conn, opened, progress) if fast_csv.applies(opened.source, opened.fmt) else None
    if staged is None:
        stager = Stager(conn, "main")
        for line, fields, rating, source_url, note in opened.rows(log, progress):
            stager.add(line, fields, rating, source_url, note)
        stager.finish()
        staged = stager.ratings, stager.left_empty
    conn.execute("COMMIT")
    ratings, left_empty = staged
    if ratings == 0 and left_empty == 0 and not log.total:
        log.add(1, *NO_RATINGS)
    log.raise_if_any()
    if staged_ratings(conn, "main") != ratings:
        # a row read but not staged would be a row silently lost: stop rather than write
        raise DatabaseError(f"{opened.label}: {ratings} rows read but a different number staged")
    if progress is not None:
        progress("checking", 0, 0)
    for line, field, message in file_problems(conn, "main"):
        log.add(line, field, message)
    log.raise_if_any()
    return left_empty


def _stage_fast(conn: sqlite3.Connection, opened: ImportFile, progress: Progress | None) -> tuple[int, int] | None:
    """A regular file staged by the fast reading (ingest/fast_csv.py): (ratings, rows left
    empty); None when it is not regular or its rows disagree, with nothing staged and the file
    ready to be read again from its start by the full readers, which word its problems."""
    arrivals = Arrivals(conn, "main")
    left_empty = 0
    try:
        for inspections, ratings, empty, emptied in fast_csv.batches(opened.source, progress):
            arrivals.append(inspections, ratings, empty)
            left_empty += emptied
        arrivals.finish()
        if next(file_problems(conn, "main"), None) is not None:
            raise fast_csv.Irregular  # rows that disagree: the full readers word them, each at its line
    except fast_csv.Irregular:
        conn.execute("ROLLBACK")  # the tables stay (created before BEGIN), their rows go
        conn.execute("BEGIN")
        opened.source.rewind()
        return None
    return arrivals.ratings, left_empty


def _staging_error(exc: sqlite3.OperationalError, stage_path: Path) -> DatabaseError:
    where = stage_path.parent.parent
    if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
        return DatabaseError(f"{where}: the disk is full; cannot stage the import there; nothing was written")
    return DatabaseError(f"{where}: cannot stage the import ({exc}); nothing was written")


def _write(
    location: Location, stage_path: Path, label: str, *, update: bool, progress: Progress | None
) -> ImportCounts:
    """Phase 2: compare again and write, in one transaction on the target."""
    log = ProblemLog(label)
    database = open_write(location)
    try:
        if progress is not None:
            progress("writing", 0, 0)
        _attach(database.conn, stage_path)
        try:
            return commit_stage(database, STAGE, update=update, log=log)
        except sqlite3.OperationalError as exc:
            if is_interrupt(exc):
                raise KeyboardInterrupt from None
            if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
                raise DatabaseError(
                    f"{location.path}: the disk is full; the import was rolled back and nothing was written"
                ) from None
            raise
    finally:
        database.close()


def _import_figures(location: Location, opened: ImportFile, *, dry_run: bool) -> ImportOutcome:
    from hmip_cli.store.figures import write_figures

    figures = opened.figures()
    # a dry run must not even create the target (a missing one would start as the bundled copy)
    database = open_dry_run(location) if dry_run else open_write(location)
    try:
        counts = write_figures(database, figures, dry_run=dry_run)
    finally:
        database.close()
    summary = f"{counts.added} figures added, {counts.changed} changed, {counts.unchanged} unchanged"
    return ImportOutcome(location.path, dry_run, summary)
