"""Running a user's SQL where nothing can be changed: a read-only connection plus an authorizer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from hmip_cli.errors import UsageError

# Reading is all a query needs; everything else (writes, ATTACH, schema changes, setting a
# PRAGMA, transactions) is refused before SQLite runs it.
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


def _authorize(refused: list[str]) -> Any:
    def authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg2 is None:
            return sqlite3.SQLITE_OK  # reading a pragma's value changes nothing
        refused.append(_ACTION_NAMES.get(action, str(action)) + (f" {arg1}" if arg1 else ""))
        return sqlite3.SQLITE_DENY

    return authorizer


@contextmanager
def read_only(conn: sqlite3.Connection) -> Iterator[None]:
    refused: list[str] = []
    conn.set_authorizer(_authorize(refused))
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if refused:
            raise UsageError(
                f"sql: read-only: {refused[0]} is not allowed (hmip sql runs SELECT queries only)"
            ) from None
        raise UsageError(f"sql: {exc}") from None
    finally:
        conn.set_authorizer(None)


def run_query(conn: sqlite3.Connection, sql: str) -> tuple[list[str], Sequence[Sequence[Any]]]:
    """Column names and all rows of one read-only statement."""
    if not sql.strip():
        raise UsageError("sql: no SQL given (accepted: one SELECT statement, or - to read it from stdin)")
    with read_only(conn):
        cursor = conn.execute(sql)
        names = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchall()
    return names, rows
