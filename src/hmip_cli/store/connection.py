"""Opening databases: read-only for queries, sqlite-utils for writes, with one-line errors."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from hmip_cli.errors import DatabaseError
from hmip_cli.store.locations import Location, bundled_database, for_reading
from hmip_cli.store.schema_names import KNOWN_MIGRATIONS, MIGRATION_SET, MIGRATIONS_TABLE

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_SECONDS = 30.0


def _check_is_file(path: Path) -> None:
    if not path.exists():
        raise DatabaseError(f"{path}: database not found (create it with `hmip db init` or `hmip import`)")
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory, not a database file")


def _applied_migrations(conn: sqlite3.Connection) -> set[str] | None:
    """Names of the applied hmip migrations; None when the file has no schema record at all."""
    exists = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()[0]
    if not exists:
        return None
    rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET]).fetchall()
    return {row[0] for row in rows}


def _refuse_newer(applied: set[str], path: Path) -> None:
    unknown = applied - set(KNOWN_MIGRATIONS)
    if unknown:
        raise DatabaseError(
            f"{path}: database schema is newer than this hmip ({', '.join(sorted(unknown))}); upgrade hmip"
        )


def _check_schema(conn: sqlite3.Connection, path: Path, *, older_ok: bool = False) -> None:
    applied = _applied_migrations(conn)
    if applied is None:
        raise DatabaseError(f"{path}: not an hmip database (no schema record)")
    _refuse_newer(applied, path)
    if not older_ok and set(KNOWN_MIGRATIONS) - applied:
        raise DatabaseError(f"{path}: database schema is older than this hmip; run `hmip db migrate`")


def open_read(location: Location, *, older_ok: bool = False) -> sqlite3.Connection:
    """A read-only connection: SQLite itself refuses any write through it.

    `older_ok` accepts a schema that `hmip db migrate` would bring up to date, for callers that
    read only what the first migration made (inspections and ratings)."""
    path = location.path
    _check_is_file(path)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if location.is_bundled:
        # nothing ever writes the shipped file, and it may live in a read-only site-packages
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        _check_schema(conn, path, older_ok=older_ok)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a readable SQLite database ({exc})") from None
    return conn


@contextmanager
def reading(location: Location) -> Iterator[sqlite3.Connection]:
    conn = open_read(location)
    try:
        yield conn
    finally:
        conn.close()


def reading_database(option: Path | None) -> AbstractContextManager[sqlite3.Connection]:
    """The database a read command uses (--db, HMIP_DB, yours, else the bundled one), read-only."""
    return reading(for_reading(option))


def refuse_bundled(location: Location) -> None:
    if location.is_bundled:
        raise DatabaseError(
            f"{location.path}: the bundled database is read-only; write to your own with --db PATH or HMIP_DB"
        )


def create_from_bundled(path: Path) -> None:
    """A new user database starts as a copy of the bundled one, put in place atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".hmip-", suffix=".tmp", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    try:
        shutil.copyfile(bundled_database(), tmp_path)
        tmp_path.replace(path)
    finally:
        tmp_path.unlink(missing_ok=True)


def open_dry_run(location: Location) -> Database:
    """For `import --dry-run`: the target opened read-only, or, when it does not exist yet, the
    bundled database it would start as. Nothing is created, migrated or switched to WAL; an older
    schema is counted as it is, since a real import would migrate it first."""
    from sqlite_utils import Database

    refuse_bundled(location)
    source = location if location.path.exists() else Location(bundled_database(), "bundled")
    return Database(open_read(source, older_ok=True))


def open_write(location: Location, *, start: str = "bundled") -> Database:
    """A migrated sqlite-utils Database in autocommit mode and WAL.

    A missing file is created first: a copy of the bundled database (`start="bundled"`), an
    empty schema (`start="empty"`), or not at all (`start="existing"`: an error).
    """
    from sqlite_utils import Database

    from hmip_cli.store.schema import migrations, refresh_reference_data

    refuse_bundled(location)
    path = location.path
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory, not a database file")
    if not path.exists():
        if start == "existing":
            _check_is_file(path)
        try:
            if start == "bundled":
                create_from_bundled(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create the database ({exc.strerror})") from None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        _refuse_newer(_applied_migrations(conn) or set(), path)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        if db.journal_mode != "wal":
            db.enable_wal()
        # In WAL, NORMAL keeps the file consistent through any crash; only an OS-level power
        # loss can undo the last commit. FULL would fsync every commit for little gain here.
        db.execute("PRAGMA synchronous = NORMAL")
        if migrations.pending(db):
            migrations.apply(db)
            with db.atomic():
                refresh_reference_data(db)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"{path}: cannot write the database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a writable SQLite database ({exc})") from None
    return db
