"""Reference tables: what a database copies from the data hmip ships (the frameworks and their
standards …), kept in step with it by digest.

Each table is one entry of REFERENCE_TABLES: its name, the bytes it is made from (its data
file), and a loader giving its rows. The database records the SHA-256 of each table's data in
`reference_digests`; a write (any `open_write`: import, `db migrate`, `db build`) rewrites each
table whose digest differs, and a read of such a database says `hmip db migrate` once. A new
framework is then one entry in frameworks.toml and a rebuild of the shipped database.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hmip_cli.schemas.frameworks import frameworks, frameworks_data, frameworks_path

if TYPE_CHECKING:
    from sqlite_utils import Database

DIGESTS_TABLE = "reference_digests"


@dataclass(frozen=True)
class ReferenceTable:
    """One table copied from shipped data: `data` gives the bytes its digest is of (cheap: a
    read checks it), `rows` the rows to write (only when the digest differs)."""

    name: str
    data: Callable[[], bytes]
    rows: Callable[[], Iterable[dict[str, Any]]]

    def digest(self) -> str:
        # line endings normalised: a checkout that writes CRLF holds the same data
        return hashlib.sha256(self.data().replace(b"\r\n", b"\n")).hexdigest()


def _frameworks_data() -> bytes:
    return frameworks_data(frameworks_path())


def _framework_rows() -> Iterable[dict[str, Any]]:
    return (
        {
            "slug": f.slug,
            "name": f.name,
            "period": f.period,
            "provider_types": ",".join(p.value for p in f.provider_types),
        }
        for f in frameworks().values()
    )


def _standard_rows() -> Iterable[dict[str, Any]]:
    return (
        {
            "framework": f.slug,
            "provider_type": provider.value,
            "slug": s.slug,
            "code": s.code,
            "name": s.name,
            "domain": s.domain,
            "position": position,
        }
        for f in frameworks().values()
        for provider in f.provider_types
        for position, s in enumerate(f.standards_for(provider), start=1)
    )


def _record_file(name: str) -> Callable[[], bytes]:
    """The bytes of one file beside the bundled ratings.csv (none when it is not there)."""

    def data() -> bytes:
        from hmip_cli.store.locations import bundled_source

        path = bundled_source(f"{name}.csv")
        return path.read_bytes() if path.exists() else b""

    return data


def _record_rows(table: str) -> Callable[[], Iterable[dict[str, Any]]]:
    """The rows of one of the tables built from the files beside the bundled ratings.csv."""

    def rows() -> Iterable[dict[str, Any]]:
        from hmip_cli.ingest.record_files import read_record_files
        from hmip_cli.store.locations import bundled_source

        files = read_record_files(bundled_source("ratings.csv").parent)
        return (row.model_dump(mode="json") for row in getattr(files, table))

    return rows


# Parents before children (rows are written in this order); a new data table is one entry.
REFERENCE_TABLES: tuple[ReferenceTable, ...] = (
    ReferenceTable("frameworks", _frameworks_data, _framework_rows),
    ReferenceTable("standards", _frameworks_data, _standard_rows),
    ReferenceTable("scores", _record_file("scores"), _record_rows("scores")),
    ReferenceTable("known_inspections", _record_file("known_inspections"), _record_rows("known_inspections")),
    ReferenceTable("provider_types", _record_file("provider_types"), _record_rows("provider_types")),
)


def stored_digests(conn: sqlite3.Connection) -> dict[str, str]:
    """The digests a database records, by table; empty for one made before digests were kept."""
    try:
        return dict(conn.execute(f"SELECT name, digest FROM {DIGESTS_TABLE}").fetchall())
    except sqlite3.OperationalError:
        return {}


def stale_tables(conn: sqlite3.Connection) -> list[str]:
    """The reference tables whose stored copy differs from the data this hmip ships."""
    stored = stored_digests(conn)
    return [table.name for table in REFERENCE_TABLES if stored.get(table.name) != table.digest()]


def stale_note(conn: sqlite3.Connection, where: object) -> str | None:
    """The one line a read of a database with stale reference tables says; None when current."""
    stale = stale_tables(conn)
    if not stale:
        return None
    return (
        f"hmip: note: {where}: its {', '.join(stale)} differ from this hmip's reference data; "
        "run `hmip db migrate` to bring them up to date"
    )


def refresh_stale(db: Database, *, views: bool = False) -> list[str]:
    """Rewrite every stale reference table and record its digest (and the views, which name the
    standards, when any changed or `views`); the tables refreshed. Runs in its own transaction;
    inspections refer to their framework, so foreign keys are checked at its commit, once every
    table is back, not as each row is deleted."""
    from hmip_cli.store.views import create_views

    stale = set(stale_tables(db.conn))
    if not stale and not views:
        return []
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")
        if stale:
            for table in reversed(REFERENCE_TABLES):  # children first
                if table.name in stale:
                    db.execute(f"DELETE FROM [{table.name}]")
            for table in REFERENCE_TABLES:
                if table.name in stale:
                    db.table(table.name).insert_all(table.rows())
                    db.execute(
                        f"INSERT OR REPLACE INTO {DIGESTS_TABLE} (name, digest) VALUES (?, ?)",
                        [table.name, table.digest()],
                    )
        create_views(db)
    return [table.name for table in REFERENCE_TABLES if table.name in stale]
