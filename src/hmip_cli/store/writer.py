"""Writing staged inspections: one IMMEDIATE transaction, counted as added/changed/unchanged, and
conflicts with what is stored refused unless asked to update."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hmip_cli.errors import DatabaseError
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.schemas.records import Inspection
from hmip_cli.store.staging import (
    IDENTITY,
    Change,
    Stager,
    apply_stage,
    changes,
    create_stage,
    drop_stage,
    record_changes,
    rows_not_written,
    stage_counts,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class ImportCounts:
    added: int
    changed: int
    unchanged: int
    inspections_added: int
    inspections_changed: int

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.inspections_added or self.inspections_changed)


@contextmanager
def immediate_transaction(db: Database) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock up front, so concurrent imports queue, never interleave.

    A Ctrl-C that lands while COMMIT runs, when the commit went through, is let go: the work is
    done and written, and must not be reported as interrupted (nothing-was-written would be false)."""
    db.execute("BEGIN IMMEDIATE")
    committing = False
    try:
        yield
        committing = True
        db.execute("COMMIT")
    except BaseException as exc:
        # SQLite ends the transaction itself on some errors (a full disk, for one): rolling
        # back then would fail with "no transaction is active" and hide the real error
        if db.conn.in_transaction:
            db.conn.rollback()
        elif committing and isinstance(exc, KeyboardInterrupt):
            return
        raise


def compare_stage(
    conn: sqlite3.Connection, s: str, t: str, *, update: bool, log: ProblemLog, verb: str, counting: bool = True
) -> ImportCounts | None:
    """Compare the stage `s` with the target `t`: conflicts into `log`, and the counts (None when
    not `counting`: a check before the real, locked comparison needs only the conflicts).

    A change to a stored value is a conflict unless `update`; then it is kept in the stage's
    report, one line each, old -> new and old source -> new source. An inspection is never
    moved to another service, provider type or framework, whatever `update` says."""
    changed = {"ratings": 0, "inspections": 0}

    def change_lines() -> Iterator[tuple[int, str]]:
        for change in changes(conn, s, t):
            if change.moves:
                name, old, new = next(f for f in change.fields if f[0] in IDENTITY)
                log.add(
                    change.line,
                    name,
                    f"inspection {change.inspection_id} is stored with {name} {old!r} (source: "
                    f"{change.old_source or 'none'}); this row has {new!r}, and an import never moves an "
                    "inspection to another service, provider type or framework "
                    "(accepted: the stored value, or another inspection_id)",
                )
                continue
            changed["inspections" if change.standard is None else "ratings"] += 1
            if not update:
                log.add(change.line, (change.values or change.fields)[0][0], _conflict(change))
                continue
            yield change.line, f"{log.label}:{change.line}: {verb} {change.what}: {change.describe()}"

    record_changes(conn, s, change_lines())
    if not counting:
        return None
    counts = stage_counts(conn, s, t)
    return ImportCounts(
        added=counts.ratings_added,
        changed=changed["ratings"],
        unchanged=counts.ratings - counts.ratings_added - changed["ratings"],
        inspections_added=counts.inspections_added,
        inspections_changed=changed["inspections"],
    )


_ACCEPTED = "(accepted: the stored values, or --update to replace them)"


def _conflict(change: Change) -> str:
    """`overall of X is stored with rating 'Inadequate' (source: A); this row has rating
    'Outstanding' (source: B) (accepted: …)`; a changed source alone reads `… stored with source A`."""
    stored = ", ".join(f"{name} {old!r}" for name, old, _ in change.values)
    new = ", ".join(f"{name} {value!r}" for name, _, value in change.values)
    if change.standard is None:
        return (
            f"{change.what} is stored with {stored} (source: {change.old_source or 'none'}); "
            f"this row has {new} {_ACCEPTED}"
        )
    old_source, new_source = change.old_source or "none", change.new_source or "none"
    stored = f"{stored} (source: {old_source})" if stored else f"source {old_source}"
    new = f"{new} (source: {new_source})" if new else f"source {new_source}"
    return f"{change.what} is stored with {stored}; this row has {new} {_ACCEPTED}"


def commit_stage(db: Database, s: str, *, update: bool, log: ProblemLog, verb: str = "updated") -> ImportCounts:
    """Check the stage against the database and write it, in one IMMEDIATE transaction; any
    conflict rolls it back. Fresh statistics after a write let the planner drive `hmip list`
    filters from the right index (see tests/test_query_plans.py)."""
    with immediate_transaction(db):
        counts = compare_stage(db.conn, s, "main", update=update, log=log, verb=verb)
        log.raise_if_any()
        assert counts is not None
        if counts.touched:
            apply_stage(db.conn, s, "main")
            missing = rows_not_written(db.conn, s, "main")
            if missing:
                # read back before committing: a staged row not in the database as staged is a
                # row lost, and nothing is committed rather than that
                raise DatabaseError(f"{missing} staged ratings were not found written; nothing was written")
            db.execute("ANALYZE main")
    return counts


def write_inspections(
    db: Database, inspections: Sequence[Inspection], *, dry_run: bool = False, update: bool = False
) -> ImportCounts:
    """Upsert inspections held in memory (`db build`), through the same stage as an import."""
    conn = db.conn
    create_stage(conn, "temp")
    try:
        stager = Stager(conn, "temp")
        for inspection in inspections:
            for recorded in inspection.ratings.values():
                stager.add_recorded(0, inspection.fields, recorded)
        stager.finish()
        log = ProblemLog("<memory>")
        if dry_run:
            counts = compare_stage(conn, "temp", "main", update=update, log=log, verb="would update")
            log.raise_if_any()
            assert counts is not None
            return counts
        return commit_stage(db, "temp", update=update, log=log)
    finally:
        drop_stage(conn, "temp")
