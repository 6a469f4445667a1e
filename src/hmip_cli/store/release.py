"""The data's date and identity: when its sources were compiled, the latest publication it holds,
and a digest of its rows.

`hmip db build` writes one row to `data_release`; a user's database, made as a copy of the
shipped one, carries that row with it, and `hmip db sync` moves it on. So any database can say
which shipped data it holds, and whether the shipped data of this hmip is newer.

Only the standard library here: `hmip --version` reads the shipped release and must stay fast.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from sqlite_utils import Database

RELEASE_TABLE = "data_release"
RELEASE_FILE = "release.toml"
"""Beside the sourced ratings.csv: `compiled = YYYY-MM-DD`, the date the sources were compiled.
The build copies it; it never takes the date from the clock, so a rebuild is byte for byte the same."""

DATA_TABLES = ("services", "inspections", "ratings", "figures")
"""The tables whose rows are the data (not the reference data frameworks.toml writes): what the
digest covers and what `db sync` compares."""

_COLUMNS = ("compiled", "latest_published", "inspections", "ratings", "digest")


@dataclass(frozen=True)
class Release:
    """One build of the sourced data."""

    compiled: str | None
    """YYYY-MM-DD the sources were compiled; None where the build was not told."""
    latest_published: str | None
    """The latest publication date of an inspection it holds, in its own precision."""
    inspections: int
    ratings: int
    digest: str
    """sha256 of the data tables' rows: the data's identity, whatever file holds it."""

    @property
    def identity(self) -> str:
        return self.digest[:12]

    def describe(self) -> str:
        """`275 inspections to 2026-01, compiled 2026-12-06`."""
        text = f"{self.inspections} inspections"
        if self.latest_published:
            text += f" to {self.latest_published}"
        return text + f", compiled {self.compiled or 'on a date not recorded'}"

    def as_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _COLUMNS}


def m007_data_release(db: Database) -> None:
    """One row: the shipped data a database was built from, copied from, or last synced to."""
    db.table(RELEASE_TABLE).create(
        {"id": int, "compiled": str, "latest_published": str, "inspections": int, "ratings": int, "digest": str},
        pk="id",
        not_null={"inspections", "ratings", "digest"},
    )


def read_compiled(source_dir: Path) -> str | None:
    """The `compiled` date of release.toml in `source_dir`; None when there is no such file."""
    path = source_dir / RELEASE_FILE
    if not path.is_file():
        return None
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("compiled")
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    if not isinstance(value, date):
        raise ValueError(f"{path}: compiled: a date is required (accepted: compiled = YYYY-MM-DD)")
    return value.isoformat()


def check_compiled(text: str) -> str:
    """A --compiled value: a calendar date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date (accepted: YYYY-MM-DD)") from None


def content_digest(conn: sqlite3.Connection) -> str:
    """sha256 over every row of the data tables, in a fixed order: equal digests, equal data."""
    digest = hashlib.sha256()
    for table in DATA_TABLES:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if not columns:
            continue
        order = ", ".join(str(n) for n in range(1, len(columns) + 1))
        digest.update(json.dumps([table, columns]).encode())
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            digest.update(json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()


def holdings(conn: sqlite3.Connection) -> tuple[int, int, str | None]:
    """How many inspections and ratings a database holds, and the latest publication among them."""
    inspections, ratings, latest = conn.execute(
        "SELECT (SELECT count(*) FROM inspections), (SELECT count(*) FROM ratings),"
        " (SELECT max(published) FROM inspections)"
    ).fetchone()
    return inspections, ratings, latest


def measure(conn: sqlite3.Connection, compiled: str | None) -> Release:
    """The release a database's rows make, dated `compiled`."""
    inspections, ratings, latest = holdings(conn)
    return Release(compiled, latest, inspections, ratings, content_digest(conn))


def write_release(conn: sqlite3.Connection, release: Release) -> None:
    """Record `release` as the database's one release row (replacing any)."""
    conn.execute(f"DELETE FROM {RELEASE_TABLE}")
    conn.execute(
        f"INSERT INTO {RELEASE_TABLE} (id, {', '.join(_COLUMNS)}) VALUES (1, {', '.join('?' * len(_COLUMNS))})",
        [release.as_row()[name] for name in _COLUMNS],
    )


def read_release(conn: sqlite3.Connection) -> Release | None:
    """The release a database records; None for one made empty, or before hmip recorded it."""
    try:
        row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM {RELEASE_TABLE} WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # no such table: a database older than the release record
        return None
    return None if row is None else Release(*row)


def release_of(path: Path) -> Release | None:
    """The release a database file records, read without writing anything (the shipped file is immutable)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    try:
        return read_release(conn)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


@cache
def shipped_release() -> Release | None:
    """The release of the database this hmip ships."""
    from hmip_cli.store.locations import bundled_database

    return release_of(bundled_database())


def behind_shipped(mine: Release | None, shipped: Release | None) -> bool:
    """A database that records an older shipped release than this hmip's (or records one of no
    known date while the shipped one has a date) is behind. One that records none (made empty,
    or by an hmip before the record) is judged by `db status`, which compares the rows."""
    if mine is None or shipped is None or mine.digest == shipped.digest:
        return False
    if shipped.compiled is None:
        return False
    return mine.compiled is None or mine.compiled < shipped.compiled


def behind_note(conn: sqlite3.Connection, where: object) -> str | None:
    """The one line a read of a database behind this hmip's shipped data says; None when it is not."""
    mine, shipped = read_release(conn), shipped_release()
    if mine is None or shipped is None or not behind_shipped(mine, shipped):
        return None
    return (
        f"hmip: note: {where} holds shipped data compiled {mine.compiled or 'on a date not recorded'};"
        f" this hmip ships data compiled {shipped.compiled} (`hmip db status` says what would change,"
        " `hmip db sync` brings it level)"
    )
