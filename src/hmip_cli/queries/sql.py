"""`hmip sql`: a user's read-only SELECT as a result the renderers understand."""

from __future__ import annotations

import sqlite3

from hmip_cli.store.readonly_sql import run_query
from hmip_cli.tabular import Column, Result, View


def sql_result(conn: sqlite3.Connection, sql: str) -> Result:
    names, rows = run_query(conn, sql)
    kinds = [
        "int" if rows and all(isinstance(r[i], int | float) or r[i] is None for r in rows) else "text"
        for i in range(len(names))
    ]
    columns = [Column(name, name, "int" if kind == "int" else "text") for name, kind in zip(names, kinds, strict=True)]
    return Result([View("sql", "Query", columns, rows)])
