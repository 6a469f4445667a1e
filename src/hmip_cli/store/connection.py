"""Opening databases: read-only for queries, sqlite-utils for writes, with one-line errors.

What is opened for writing is decided before anything is opened for writing: the file must be a
regular file, not the shipped database (by identity, not by name), and a database hmip made. A
new database is built beside its final name and renamed into place, so a failure (a full disk)
leaves nothing behind. An existing database keeps its journal mode; new ones are created in WAL.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from hmip_cli.errors import DatabaseError
from hmip_cli.store.locations import Location, bundled_database, for_reading
from hmip_cli.store.schema_names import KNOWN_MIGRATIONS, MIGRATION_SET, MIGRATIONS_TABLE

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_SECONDS = 30.0
# SQLite calls back every this many virtual-machine steps (microseconds of work): the moment a
# pending Ctrl-C is noticed even inside one long statement (tests/test_interrupts.py).
INTERRUPT_CHECK_STEPS = 10_000
_FILE_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
NEW_DATABASE_HINT = "start one with `hmip db init --db NEW.sqlite`"


Start = Literal["bundled", "empty", "existing"]
"""What a database opened for writing starts as when missing: a copy of the bundled data, an empty
schema, or nothing (the file must exist)."""


def _file_size(path: Path) -> int | None:
    """The size of a regular file; None when nothing is there. Anything else is refused before
    it is opened: opening a FIFO would wait for a writer for ever."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{path}: is a directory, not a database file")
    if not stat.S_ISREG(info.st_mode):
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise DatabaseError(f"{path}: is {kind}, not a database file")
    return info.st_size


def _check_is_file(path: Path) -> None:
    if _file_size(path) is None:
        raise DatabaseError(f"{path}: database not found (create it with `hmip db init` or `hmip import`)")


def _applied_migrations(conn: sqlite3.Connection) -> set[str] | None:
    """Names of the applied hmip migrations; None when the file has no hmip schema record (another
    application's file, even one that uses sqlite-utils migrations of its own)."""
    exists = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()[0]
    if not exists:
        return None
    rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET]).fetchall()
    return {row[0] for row in rows} or None


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


def _uri(path: Path, *, immutable: bool) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")


def _call_python() -> int:
    return 0  # calling Python at all lets a pending Ctrl-C be raised


def let_interrupts_in(conn: sqlite3.Connection, steps: int = INTERRUPT_CHECK_STEPS) -> None:
    """Let Ctrl-C stop a long statement: Python handles the signal when SQLite calls back every
    `steps` steps, and the statement fails with SQLITE_INTERRUPT (see is_interrupt)."""
    conn.set_progress_handler(_call_python, steps)


def is_interrupt(exc: sqlite3.Error) -> bool:
    """SQLite stopped a statement because Ctrl-C arrived: the app's barrier says "interrupted"."""
    # SQLite's own errors carry the code; the message is the same in any build
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT or str(exc) == "interrupted"


def _connect_read(path: Path, *, immutable: bool, older_ok: bool) -> sqlite3.Connection:
    uri = _uri(path, immutable=immutable)
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        let_interrupts_in(conn)
        _check_schema(conn, path, older_ok=older_ok)
    except BaseException:
        conn.close()
        raise
    return conn


def _without_pending_wal(path: Path) -> bool:
    """Nothing waits in a write-ahead log, so the main file alone is the whole database."""
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def open_read(location: Location, *, older_ok: bool = False) -> sqlite3.Connection:
    """A read-only connection: SQLite itself refuses any write through it.

    `older_ok` accepts a schema that `hmip db migrate` would bring up to date, for callers that
    read only what the first migration made (inspections and ratings).

    A WAL database where its -shm file cannot be made (a directory you cannot write, a read-only
    mount) is read as immutable, which is exact when no write-ahead log is pending."""
    path = location.path
    _check_is_file(path)
    # nothing ever writes the shipped file, and it may live in a read-only site-packages
    immutable = location.is_bundled
    try:
        try:
            return _connect_read(path, immutable=immutable, older_ok=older_ok)
        except sqlite3.OperationalError as exc:
            # extended codes such as SQLITE_READONLY_CANTINIT: no -shm file can be made here
            if immutable or not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
                raise
            if not _without_pending_wal(path):
                raise DatabaseError(
                    f"{path}: cannot be read here: its write-ahead log ({path}-wal) holds changes and SQLite "
                    "cannot create the shared-memory file beside it (read-only directory or mount); "
                    "open it once where it can be written"
                ) from None
            return _connect_read(path, immutable=True, older_ok=older_ok)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a readable SQLite database ({exc})") from None


Note = Callable[[str], None]
"""Where a read tells the user about the database it reads (the environment's stderr)."""


@contextmanager
def reading(location: Location, note: Note | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection; `note` is told once when the database's reference tables (the
    frameworks …) differ from this hmip's, which `hmip db migrate` mends, and once when it holds
    older shipped data than this hmip's, which `hmip db sync` mends. The shipped database is
    this hmip's own data by definition: neither is asked of it (saving a hash of the data files
    and a second open of the shipped file on every read of it)."""
    conn = open_read(location)
    try:
        if note is not None and not location.is_bundled:
            from hmip_cli.store.reference import stale_note
            from hmip_cli.store.release import behind_note

            for line in (stale_note(conn, location.path), behind_note(conn, location.path)):
                if line is not None:
                    note(line)
        yield conn
    finally:
        conn.close()


def reading_database(option: Path | None, note: Note | None = None) -> AbstractContextManager[sqlite3.Connection]:
    """The database a read command uses (--db, HMIP_DB, yours, else the bundled one), read-only."""
    return reading(for_reading(option), note)


def refuse_bundled(location: Location) -> None:
    """The shipped database is refused whatever names it (path, symlink, hard link) and so is any
    file holding exactly its bytes."""
    if location.is_bundled:
        raise DatabaseError(
            f"{location.path}: the bundled database is read-only; write to your own with --db PATH or HMIP_DB"
        )
    if location.holds_shipped_bytes:
        raise DatabaseError(
            f"{location.path}: the bundled database is read-only and this file holds exactly its bytes; "
            f"{NEW_DATABASE_HINT}"
        )


def refuse_replacing_shipped(out: Path, *, allow_checkout: bool) -> None:
    """`db build` replaces its output by renaming over it: refused for the installed copy always,
    and for a checkout's data/findings.sqlite unless the maintainer asks (`--replace-shipped`).
    An installed hmip knows a checkout's file only by its bytes, so those count too."""
    from hmip_cli.store.locations import has_shipped_contents, is_shipped_file, packaged_database

    if not (is_shipped_file(out) or has_shipped_contents(out)):
        return
    installed = packaged_database()
    if allow_checkout and not (installed.exists() and os.path.samefile(out, installed)):
        return
    hint = "" if allow_checkout else " (a checkout's data/findings.sqlite is rebuilt with --replace-shipped)"
    raise DatabaseError(f"{out}: is the shipped database; `hmip db build` does not replace it{hint}")


def _describe_failure(exc: BaseException) -> str:
    full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
    full = full or getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
    if full:
        return "the disk is full"
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def _remove_with_side_files(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)


def _prepare_new(tmp: Path, start: Start) -> None:
    from sqlite_utils import Database

    if start == "bundled":
        shutil.copyfile(bundled_database(), tmp)
    db = Database(sqlite3.connect(str(tmp), isolation_level=None))
    try:
        db.enable_wal()
        _bring_up_to_date(db)
    finally:
        db.close()  # the last connection checkpoints the log into the file and removes it


def _bring_up_to_date(db: Database) -> None:
    """Apply pending migrations, then rewrite the reference tables whose data changed (and the
    views, after a migration)."""
    from hmip_cli.store.reference import refresh_stale
    from hmip_cli.store.schema import migrations

    migrated = bool(migrations.pending(db))
    if migrated:
        migrations.apply(db)
    refresh_stale(db, views=migrated)


def _create(path: Path, start: Start) -> None:
    """A new database, complete before it has its name: an empty schema (`start="empty"`) or a
    copy of the bundled data (`"bundled"`), in WAL mode. Nothing is left if any step fails."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".hmip-", suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot create the database: {_describe_failure(exc)}") from None
    tmp = Path(name)
    try:
        _prepare_new(tmp, start)
        _put_in_place(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"{path}: cannot create the database: {_describe_failure(exc)}") from None
    finally:
        _remove_with_side_files(tmp)


def _put_in_place(tmp: Path, path: Path) -> None:
    """Give the finished file its name. A hard link never replaces a file that another hmip
    created meanwhile (two first imports at once: both then write to the one file)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        if path.stat().st_size == 0:
            tmp.replace(path)  # an empty file: nothing in it to lose
    except OSError:  # a filesystem without hard links
        tmp.replace(path)


def create_from_bundled(path: Path) -> None:
    """A new user database starts as a copy of the bundled one, put in place atomically."""
    _create(path, "bundled")


def _check_ours(path: Path) -> None:
    """Read-only, before any write: the file is an SQLite database that hmip made and can use."""
    try:
        conn = sqlite3.connect(_uri(path, immutable=False), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot write the database ({exc})") from None
    try:
        applied = _applied_migrations(conn)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"{path}: cannot write the database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path}: not a writable SQLite database ({exc}); hmip writes only its own databases: {NEW_DATABASE_HINT}"
        ) from None
    finally:
        conn.close()
    if applied is None:
        raise DatabaseError(
            f"{path}: not an hmip database (no hmip schema record); hmip never changes another application's "
            f"file: {NEW_DATABASE_HINT}"
        )
    _refuse_newer(applied, path)


def check_writable(location: Location) -> None:
    """The refusals `open_write` makes before it writes anything, and nothing more: for a caller
    that must know a write would be refused before it does its work (an import stages first)."""
    size = _file_size(location.path)
    refuse_bundled(location)
    if size:
        _check_ours(location.path)


def open_dry_run(location: Location) -> Database:
    """For `import --dry-run`: the target opened read-only, or, when it does not exist yet (or is
    empty), the bundled database it would start as. Nothing is created, migrated or switched to WAL; an older
    schema is counted as it is, since a real import would migrate it first."""
    from sqlite_utils import Database

    refuse_bundled(location)
    # an empty (0-byte) file is one open_write would create afresh, as it does a missing one
    fresh = not _file_size(location.path)
    source = Location(bundled_database(), "bundled") if fresh else location
    return Database(open_read(source, older_ok=True))


def open_write(location: Location, *, start: Start = "bundled") -> Database:
    """A migrated sqlite-utils Database in autocommit mode.

    A missing (or empty, 0-byte) file is created first: a copy of the bundled database
    (`start="bundled"`), an empty schema (`start="empty"`), or not at all (`start="existing"`:
    an error). An existing file must be an hmip database: anything else is refused unchanged.
    """
    from sqlite_utils import Database

    path = location.path
    size = _file_size(path)
    refuse_bundled(location)
    if size is None and start == "existing":
        _check_is_file(path)
    if size == 0 and start == "existing":
        raise DatabaseError(f"{path}: is empty, not an hmip database; {NEW_DATABASE_HINT}")
    if not size:
        _create(path, start)
    else:
        _check_ours(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        if db.journal_mode == "wal":
            # In WAL, NORMAL keeps the file consistent through any crash; only an OS-level power
            # loss can undo the last commit. FULL would fsync every commit for little gain here.
            db.execute("PRAGMA synchronous = NORMAL")
        _bring_up_to_date(db)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"{path}: cannot write the database ({_describe_failure(exc)})") from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a writable SQLite database ({exc})") from None
    return db
