"""`hmip db status` and `hmip db sync`: a user's database against the data this hmip ships.

A user's database starts as a copy of the shipped one and records which shipped release it
holds (store/release.py). A later hmip may ship more: `status` says whether the database is
behind and what a sync would change; `sync` brings the shipped rows in through the import
itself (the shipped sources are imported like any file: validated, staged, compared and written
in one transaction; a stored value the shipped data would change is a conflict, exit 3, unless
--update), then the shipped figures, then records the shipped release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hmip_cli.actions.importing import ChangeListener, import_file
from hmip_cli.errors import DatabaseError, DataError
from hmip_cli.store.locations import Location, bundled_source
from hmip_cli.store.release import Release, behind_shipped, read_release, shipped_release, write_release
from hmip_cli.store.writer import ImportCounts
from hmip_cli.tabular import Column, Result, View

LONG_LAYOUT = "long-csv"


@dataclass(frozen=True)
class SyncStatus:
    location: Location
    shipped: Release | None
    recorded: Release | None
    """The shipped release the database says it holds; None: made empty, or by an older hmip."""
    ratings: ImportCounts | None
    """What importing the shipped ratings would do (changed: stored values they would replace)."""
    figures_added: int
    figures_changed: int

    @property
    def reads_shipped(self) -> bool:
        return self.location.chosen_by == "bundled" or self.location.is_bundled

    @property
    def pending(self) -> bool:
        """A shipped rating, inspection or figure is not in the database as shipped."""
        counts = self.ratings
        ratings = counts is not None and (counts.added or counts.changed or counts.inspections_changed)
        return bool(ratings or self.figures_added or self.figures_changed)

    @property
    def behind(self) -> bool:
        """The database records an older shipped release than this hmip's; or, recording none,
        lacks shipped rows. (One that holds this hmip's release and differs from it holds the
        user's own changes: not behind.)"""
        if self.reads_shipped or self.shipped is None:
            return False
        if self.recorded is None:
            return self.pending
        if self.recorded.digest != self.shipped.digest and self.recorded.compiled == self.shipped.compiled:
            return self.pending  # rebuilt without a new date: the rows decide
        return behind_shipped(self.recorded, self.shipped)

    def result(self) -> Result:
        """One key/value view, as `db info`'s: what a table, csv or json shows."""
        shipped, recorded, counts = self.shipped, self.recorded, self.ratings
        rows: list[tuple[str, object]] = [
            ("path", str(self.location.path)),
            ("chosen_by", self.location.chosen_by),
            ("state", self.state()),
            ("shipped_release", shipped.identity if shipped else None),
            ("shipped_compiled", shipped.compiled if shipped else None),
            ("shipped_latest_published", shipped.latest_published if shipped else None),
            ("recorded_release", recorded.identity if recorded else None),
            ("recorded_compiled", recorded.compiled if recorded else None),
        ]
        if not self.reads_shipped:
            rows += [
                ("ratings_to_add", counts.added if counts else 0),
                ("inspections_to_add", counts.inspections_added if counts else 0),
                ("ratings_differing", counts.changed if counts else 0),
                ("inspections_differing", counts.inspections_changed if counts else 0),
                ("figures_to_add", self.figures_added),
                ("figures_differing", self.figures_changed),
            ]
        view = View(
            "status", "Your database against the shipped data", (Column("key", "What"), Column("value", "Value")), rows
        )
        return Result([view])

    def state(self) -> str:
        if self.reads_shipped:
            return "up to date: reads the shipped data itself"
        if self.shipped is None:
            return "not known: this hmip's shipped data records no release"
        if self.behind:
            have = (
                f"holds shipped data compiled {self.recorded.compiled or 'on a date not recorded'}"
                if self.recorded is not None
                else "records no shipped release (made empty, or by an hmip before it recorded one)"
            )
            return f"behind: {have}; this hmip ships {self.shipped.describe()}; `hmip db sync` brings it level"
        if self.recorded is None:
            return "up to date: holds every shipped row"
        if self.recorded.digest == self.shipped.digest:
            return "up to date: holds this hmip's shipped data"
        return f"newer than this hmip's shipped data (compiled {self.recorded.compiled})"


def _ratings_source() -> Path:
    return bundled_source("ratings.csv")


def _figures_source() -> Path:
    return bundled_source("figures.csv")


def sync_status(location: Location) -> SyncStatus:
    """Compare without writing: the shipped sources are staged and compared as a dry-run import."""
    from hmip_cli.store.connection import open_read

    shipped = shipped_release()
    if location.chosen_by == "bundled" or location.is_bundled:
        return SyncStatus(location, shipped, shipped, None, 0, 0)
    conn = open_read(location, older_ok=True)
    try:
        recorded = read_release(conn)
    finally:
        conn.close()
    outcome = import_file(location, str(_ratings_source()), LONG_LAYOUT, dry_run=True, update=True)
    added, changed = _figure_changes(location)
    return SyncStatus(location, shipped, recorded, outcome.counts, added, changed)


def _figure_changes(location: Location) -> tuple[int, int]:
    from hmip_cli.ingest.pipeline import load_figures
    from hmip_cli.store.connection import open_dry_run
    from hmip_cli.store.figures import differing_figures, write_figures

    figures = load_figures(str(_figures_source()))
    database = open_dry_run(location)
    try:
        counts = write_figures(database, figures, dry_run=True)
        return counts.added, len(differing_figures(database, figures))
    finally:
        database.close()


@dataclass(frozen=True)
class SyncOutcome:
    ratings: str
    figures: str
    release: Release | None


def sync(location: Location, *, update: bool, on_change: ChangeListener | None = None) -> SyncOutcome:
    """Bring the shipped rows into the database. Conflicts (ratings or figures) end it before
    anything is written; the ratings, the figures and the release record are then written in
    turn, each in its own transaction: one cut short leaves the release unrecorded, so `status`
    still says behind and a second sync finishes the work."""
    from hmip_cli.ingest.pipeline import load_figures
    from hmip_cli.store.connection import open_dry_run, open_write, refuse_bundled
    from hmip_cli.store.figures import differing_figures, write_figures
    from hmip_cli.store.writer import immediate_transaction

    refuse_bundled(location)
    if not location.path.exists():
        raise DatabaseError(
            f"{location.path}: no database here to sync; commands read the shipped data itself until you import"
        )
    figures = load_figures(str(_figures_source()))
    # every conflict is known before anything is written
    import_file(location, str(_ratings_source()), LONG_LAYOUT, dry_run=True, update=update)
    if not update:
        database = open_dry_run(location)
        try:
            differing = differing_figures(database, figures)
        finally:
            database.close()
        if differing:
            raise DataError(
                [
                    f"{_figures_source()}: figure {figure_id}: stored with other values than the shipped ones "
                    "(accepted: the stored values, or --update to take the shipped ones)"
                    for figure_id in differing
                ]
            )
    outcome = import_file(location, str(_ratings_source()), LONG_LAYOUT, update=update, on_change=on_change)
    database = open_write(location, start="existing")
    try:
        counts = write_figures(database, figures)
        shipped = shipped_release()
        if shipped is not None:
            with immediate_transaction(database):
                write_release(database.conn, shipped)
    finally:
        database.close()
    figures_text = f"{counts.added} figures added, {counts.changed} changed, {counts.unchanged} unchanged"
    return SyncOutcome(outcome.summary, figures_text, shipped)
