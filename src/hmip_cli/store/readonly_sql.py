"""Running a user's SQL where nothing can be changed, and where it can always be stopped.

Three layers, each SQLite's own judgement rather than a list of words:
- the connection is read-only (mode=ro);
- an authorizer refuses, while the statement is compiled, every action but reading, and every
  function SQLite itself marks SQLITE_DIRECTONLY (fts3_tokenizer, load_extension: too dangerous
  to run from anywhere but the application's own SQL);
- the compiled program (EXPLAIN, which compiles but never runs the statement) must return rows
  and must not do what makes SQLite's sqlite3_stmt_readonly() false: open a write transaction,
  vacuum, change the journal mode, checkpoint, or write a virtual table. So `DROP TABLE IF EXISTS
  missing`, `PRAGMA optimize` and `VACUUM INTO 'file'` are refused before they run.
Running, a progress handler stops the statement on Ctrl-C or when SQLite has worked on it for
the time allowed; rows stream, and memory is capped: SQLite's heap (a hard limit, with a soft
one below it), one value's size (SQLITE_LIMIT_LENGTH), and temporary storage, which is kept in
memory (temp_store=MEMORY) so that a sort or a temporary B-tree counts against the same heap
limit instead of filling the disk; rows are fetched in batches no larger than FETCH_BYTES.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from hmip_cli.errors import DatabaseError, UsageError
from hmip_cli.store.connection import is_interrupt

DEFAULT_TIMEOUT_SECONDS = 60.0
HEAP_LIMIT_BYTES = 512 * 1024 * 1024
SOFT_HEAP_LIMIT_BYTES = 256 * 1024 * 1024
VALUE_LIMIT_BYTES = 64 * 1024 * 1024
PROGRESS_STEPS = 1_000
FETCH_BATCH = 256
FETCH_BYTES = 4 * 1024 * 1024
"""Rows of large values are fetched fewer at a time, so a batch holds about this much text."""
_SQLITE_DIRECTONLY = 0x80000
_KNOWN_DIRECT_ONLY = frozenset({"fts3_tokenizer", "load_extension"})

_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
_ACTIONS = (
    "INSERT",
    "UPDATE",
    "DELETE",
    "ATTACH",
    "DETACH",
    "PRAGMA",
    "TRANSACTION",
    "SAVEPOINT",
    "ANALYZE",
    "ALTER_TABLE",
    "REINDEX",
    "CREATE_INDEX",
    "CREATE_TABLE",
    "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW",
    "CREATE_TRIGGER",
    "CREATE_VIEW",
    "CREATE_VTABLE",
    "DROP_INDEX",
    "DROP_TABLE",
    "DROP_TEMP_INDEX",
    "DROP_TEMP_TABLE",
    "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW",
    "DROP_TRIGGER",
    "DROP_VIEW",
    "DROP_VTABLE",
)
_ACTION_NAMES = {getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ").lower() for name in _ACTIONS}
# What sqlite3_stmt_readonly() looks for in a compiled program (vdbeaux.c), plus the virtual-table
# write; a Transaction opcode whose p2 is not 0 starts a write transaction.
_WRITING_OPCODES = {
    "Vacuum": "VACUUM",
    "JournalMode": "changing the journal mode",
    "Checkpoint": "a checkpoint",
    "VUpdate": "writing a virtual table",
}
# PRAGMAs that take an argument only to name what to read about (a table, an index, a number of
# problems to list): each is a table-valued `pragma_*` function in SQLite, which it offers only
# for pragmas that return results and have no side effects.
_READING_PRAGMAS = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_info",
        "index_xinfo",
        "index_list",
        "foreign_key_list",
        "foreign_key_check",
        "integrity_check",
        "quick_check",
    }
)
# SQLite asks leave to update these while it connects an eponymous virtual table (json_each,
# pragma_table_info …) for a query; it never writes them then, and a statement that really
# would is refused when its compiled program is judged (it opens a write transaction).
_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"})
_QUERY_JOURNAL_MODE = -1  # the JournalMode opcode's p3 when the mode is only read
_EXPLAINED = re.compile(r"\s*EXPLAIN(\s+QUERY\s+PLAN)?\s", re.IGNORECASE)
SELECT_ONLY = "hmip sql runs SELECT queries only"


def _direct_only_functions(conn: sqlite3.Connection) -> frozenset[str]:
    try:
        rows = conn.execute("SELECT name, flags FROM pragma_function_list").fetchall()
    except sqlite3.DatabaseError:
        return _KNOWN_DIRECT_ONLY  # an SQLite built without the introspection pragmas
    return _KNOWN_DIRECT_ONLY | {str(name).lower() for name, flags in rows if int(flags) & _SQLITE_DIRECTONLY}


def _authorize(refused: list[str], direct_only: frozenset[str]) -> Any:
    def authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in direct_only:
            refused.append(f"the function {arg2}()")
            return sqlite3.SQLITE_DENY
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA:
            if arg2 is None or (arg1 or "").lower() in _READING_PRAGMAS:
                return sqlite3.SQLITE_OK  # reading a pragma; the compiled program is checked after
            refused.append(f"setting PRAGMA {arg1}")
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_UPDATE and (arg1 or "").lower() in _SCHEMA_TABLES:
            return sqlite3.SQLITE_OK
        refused.append(_ACTION_NAMES.get(action, str(action)) + (f" {arg1}" if arg1 else ""))
        return sqlite3.SQLITE_DENY

    return authorizer


def _refusal(what: str) -> UsageError:
    return UsageError(f"sql: read-only: {what} is not allowed ({SELECT_ONLY})")


def _judge(program: Sequence[Sequence[Any]]) -> None:
    """Refuse a compiled program that is not a pure read."""
    # EXPLAIN's columns: addr, opcode, p1, p2, p3, p4, p5, comment
    steps = [(opcode, p2, p3) for _addr, opcode, _p1, p2, p3, *_rest in program]
    for opcode, p2, p3 in steps:
        if opcode == "Transaction" and p2:
            raise _refusal("a statement that writes")
        if opcode == "JournalMode" and p3 == _QUERY_JOURNAL_MODE:
            continue  # `PRAGMA journal_mode` only reads the mode
        if opcode in _WRITING_OPCODES:
            raise _refusal(_WRITING_OPCODES[opcode])
    if not any(opcode == "ResultRow" for opcode, _, _ in steps):
        raise UsageError(f"sql: read-only: the statement returns no rows, so it is not a query ({SELECT_ONLY})")


def _checked_text(sql: str) -> str:
    if not sql.strip():
        raise UsageError("sql: no SQL given (accepted: one SELECT statement, or - to read it from stdin)")
    if "\x00" in sql:
        raise UsageError("sql: the SQL contains a NUL character")
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(f"sql: the SQL is not valid UTF-8 text (at character {exc.start + 1})") from None
    return sql


class Stopwatch:
    """Time SQLite spends on the statement; time spent waiting for output to be read is not counted."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.spent = 0.0
        self.started: float | None = None
        self.expired = False

    def __enter__(self) -> Stopwatch:
        self.started = time.monotonic()
        return self

    def __exit__(self, *_: object) -> None:
        if self.started is not None:
            self.spent += time.monotonic() - self.started
        self.started = None

    def check(self) -> int:
        """The progress handler: non-zero stops the statement. Being Python, calling it at all
        also lets a pending Ctrl-C be raised (SQLite then reports "interrupted")."""
        if self.limit and self.started is not None and self.spent + time.monotonic() - self.started > self.limit:
            self.expired = True
            return 1
        return 0


def _stopped(exc: sqlite3.DatabaseError | MemoryError, watch: Stopwatch, refused: list[str]) -> BaseException:
    """The one error to raise for a failure while compiling or running the statement."""
    if refused:
        return _refusal(refused[0])
    if isinstance(exc, MemoryError):  # the sqlite3 module's word for SQLITE_NOMEM
        return DatabaseError(
            f"sql: stopped: out of memory (SQLite may use {HEAP_LIMIT_BYTES >> 20} MiB for a query, "
            "temporary storage included)"
        )
    name = getattr(exc, "sqlite_errorname", "")
    if is_interrupt(exc):
        if watch.expired:
            return DatabaseError(f"sql: stopped after {watch.limit:g} s (--timeout SECONDS; 0 for no limit)")
        return KeyboardInterrupt()
    if name in ("SQLITE_NOMEM", "SQLITE_TOOBIG"):
        return DatabaseError(f"sql: stopped: {exc} (SQLite may use {HEAP_LIMIT_BYTES >> 20} MiB for a query)")
    if name.startswith(
        ("SQLITE_BUSY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_CORRUPT", "SQLITE_NOTADB")
    ):
        return DatabaseError(f"sql: {exc}")  # the machine's or the file's state, not the SQL: exit 1
    if isinstance(exc, sqlite3.ProgrammingError) and "binding" in str(exc).lower():
        return UsageError(f"sql: {exc} (give each :name a value with --param NAME VALUE)")
    return UsageError(f"sql: {exc}")


_STATE_ERRORS = ("SQLITE_BUSY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_CORRUPT", "SQLITE_NOTADB")


def _bounded(conn: sqlite3.Connection) -> None:
    # set before the authorizer is installed: the user's SQL can then neither read past nor lift them
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT_BYTES}")
    conn.execute(f"PRAGMA soft_heap_limit = {SOFT_HEAP_LIMIT_BYTES}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_LIMIT_BYTES)


def run_query(
    conn: sqlite3.Connection,
    sql: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    params: Mapping[str, Any] | None = None,
) -> tuple[list[str], Iterator[Sequence[Any]]]:
    """Column names and the rows (streamed) of one read-only statement; `params` its named
    parameters' values, bound by SQLite (never spliced into the text).

    The authorizer stays on the connection while the rows are read: a statement recompiled
    mid-way is judged again. The caller closes the connection when done with the rows."""
    text = _checked_text(sql)
    _bounded(conn)
    refused: list[str] = []
    watch = Stopwatch(timeout)
    conn.set_authorizer(_authorize(refused, _direct_only_functions(conn)))
    conn.set_progress_handler(watch.check, PROGRESS_STEPS)
    explained = _EXPLAINED.match(text)
    try:
        # EXPLAIN compiles (so the authorizer judges) and lists the program without running it
        bound: dict[str, Any] | tuple[()] = dict(params) if params else ()
        _judge(conn.execute("EXPLAIN " + (text[explained.end() :] if explained else text), bound).fetchall())
        with watch:
            cursor = conn.execute(text, bound)
    except (sqlite3.DatabaseError, MemoryError) as exc:
        raise _stopped(exc, watch, refused) from None
    except (ValueError, OverflowError) as exc:  # what the sqlite3 module itself refuses to send
        raise UsageError(f"sql: {exc}") from None
    names = [d[0] for d in cursor.description or ()]
    return names, _stream(cursor, watch, refused)


def _stream(cursor: sqlite3.Cursor, watch: Stopwatch, refused: list[str]) -> Iterator[Sequence[Any]]:
    size = 1  # until a row shows how large they are
    while True:
        try:
            with watch:
                batch = cursor.fetchmany(size)
        except (sqlite3.DatabaseError, MemoryError) as exc:
            raise _stopped(exc, watch, refused) from None
        if not batch:
            return
        # the next batch sized by this one's rows: a batch of 60 MB values is one row, not 256
        per_row = max(1, row_bytes(batch[0]), row_bytes(batch[-1]))
        size = max(1, min(FETCH_BATCH, FETCH_BYTES // per_row))
        yield from batch
        del batch


def row_bytes(row: Sequence[Any]) -> int:
    """About how much memory a row's values take (text and blobs; a number counts 8 bytes)."""
    return sum(len(value) if isinstance(value, str | bytes) else 8 for value in row)
