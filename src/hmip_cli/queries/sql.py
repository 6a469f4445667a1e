"""`hmip sql`: a user's read-only SELECT as a result the renderers understand, rows streamed."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from hmip_cli.errors import UsageError
from hmip_cli.store.readonly_sql import DEFAULT_TIMEOUT_SECONDS, row_bytes, run_query
from hmip_cli.tabular import Column, Result, View

_PARAMETER_NAME = re.compile(r"\w+")
KIND_SAMPLE_ROWS = 1_000
"""Column kinds (numbers align right in tables) are judged on the first rows, not on all of them."""
HELD_BYTES = 4 * 1024 * 1024
"""Rows held before any is written (a table's, or the sample that judges column kinds) stop at
about this much text, even if fewer than were allowed: rows of 60 MB values are held one at a time."""


@dataclass
class Held:
    """Whether rows were left out because the result was held to `at_most` rows (or HELD_BYTES),
    and how many it holds."""

    more: bool = False
    rows: int = 0


def named_parameters(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """--param NAME VALUE pairs as the statement's named parameters (`:n`, `$n` and `@n` are all
    NAME n); each value is bound as text. A name must be one, and given once."""
    bound: dict[str, str] = {}
    for name, value in pairs:
        key = name[1:] if name[:1] in ":$@" else name
        if not _PARAMETER_NAME.fullmatch(key):
            raise UsageError(f"--param {name!r}: not a parameter name (accepted: letters, digits and _, as in :name)")
        if key in bound:
            raise UsageError(f"--param {key}: given twice")
        bound[key] = value
    return bound


def sql_result(
    conn: sqlite3.Connection,
    sql: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    at_most: int | None = None,
    params: Mapping[str, str] | None = None,
) -> tuple[Result, Held]:
    """The statement's rows, streamed; `at_most` holds the result to that many (for a table,
    which must see every row before drawing one), and `Held.more` then says whether any were left."""
    names, rows = run_query(conn, sql, timeout=timeout, params=params or {})
    head = _held(rows, KIND_SAMPLE_ROWS if at_most is None else at_most)
    kinds = [
        "int" if head and all(isinstance(r[i], int | float) or r[i] is None for r in head) else "text"
        for i in range(len(names))
    ]
    held = Held()
    body: Iterable[Sequence[Any]]
    if at_most is None:
        body = chain(head, rows)
    else:
        body = head
        held.more = next(rows, None) is not None
        held.rows = len(head)
    columns = [Column(name, name, "int" if kind == "int" else "text") for name, kind in zip(names, kinds, strict=True)]
    return Result([View("sql", "Query", columns, body)]), held


def _held(rows: Iterable[Sequence[Any]], at_most: int) -> list[Sequence[Any]]:
    """The first rows, at most `at_most` of them and about HELD_BYTES of text."""
    head: list[Sequence[Any]] = []
    size = 0
    for row in rows:
        head.append(row)
        size += row_bytes(row)
        if len(head) >= at_most or size >= HELD_BYTES:
            break
    return head
