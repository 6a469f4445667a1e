"""The stage's arrival tables: rows appended as they are read, then moved to the keyed tables once.

Rows arrive in plain rowid tables in file order, however their keys come: an append, with no
B-tree to keep in key order and no check per row. `Arrivals.finish` then moves each table into
its keyed table in one key-ordered `INSERT … SELECT … ORDER BY key` (no sort when the keys came in
order), the first row of each key kept and any later one put in its `_repeats` table, where the
file's checks look for rows that disagree (staging.file_problems). Repeats are looked for only
when the counts say there are some: the arrivals whose row is not the one kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from hmip_cli.schemas.records import INSPECTION_FIELDS

Rows = Sequence[tuple[Any, ...]]
DESCRIBING = INSPECTION_FIELDS[1:]
RATING_COLUMNS = "inspection_id, standard, line, standard_code, rating, points, source_url, note"


def _in_order(keys: list[Any], previous: Any) -> bool:
    """Whether `keys` never go down, from `previous` on (ties keep arrival order either way)."""
    return not keys or ((previous is None or previous <= keys[0]) and keys == sorted(keys))


class Arrivals:
    """Batches of staged rows appended to the arrival tables of schema `s`."""

    def __init__(self, conn: sqlite3.Connection, s: str) -> None:
        self.conn = conn
        self.s = s
        self.ratings = 0
        """Rating rows appended."""
        self._inspections_in_order = True
        self._ratings_in_order = True
        self._last_inspection: Any = None
        self._last_rating: Any = None
        marks = ", ".join("?" * (len(INSPECTION_FIELDS) + 1))
        self._insert_inspections = f"INSERT INTO {s}.stage_inspection_rows VALUES ({marks})"
        self._insert_ratings = f"INSERT INTO {s}.stage_rating_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        self._insert_empty = f"INSERT INTO {s}.stage_left_empty VALUES ({marks})"

    def append(self, inspections: Rows, ratings: Rows, left_empty: Rows) -> None:
        """Inspection rows (inspection_id, line, *DESCRIBING), rating rows (RATING_COLUMNS), and
        rows of inspections whose ratings were left empty (as inspection rows)."""
        if self._inspections_in_order and inspections:
            keys = [row[0] for row in inspections]
            self._inspections_in_order = _in_order(keys, self._last_inspection)
            self._last_inspection = keys[-1]
        if self._ratings_in_order and ratings:
            pairs = [row[:2] for row in ratings]
            self._ratings_in_order = _in_order(pairs, self._last_rating)
            self._last_rating = pairs[-1]
        self.conn.executemany(self._insert_inspections, inspections)
        self.conn.executemany(self._insert_ratings, ratings)
        self.conn.executemany(self._insert_empty, left_empty)
        self.ratings += len(ratings)

    def finish(self) -> None:
        """Every row appended, moved from arrival order into the keyed tables and their repeats."""
        _move_to_keyed(
            self.conn, self.s, ("stage_inspection_rows", "stage_inspections", "stage_inspection_repeats"),
            "inspection_id", f"inspection_id, line, {', '.join(DESCRIBING)}", in_order=self._inspections_in_order,
        )  # fmt: skip
        _move_to_keyed(
            self.conn, self.s, ("stage_rating_rows", "stage_ratings", "stage_rating_repeats"),
            "inspection_id, standard", RATING_COLUMNS, in_order=self._ratings_in_order,
        )  # fmt: skip


def _move_to_keyed(
    conn: sqlite3.Connection, s: str, tables: tuple[str, str, str], key: str, columns: str, *, in_order: bool
) -> None:
    """From the arrivals table, the first row of each key (by arrival) into the keyed table and
    every later one into the repeats table (`tables`: arrivals, keyed, repeats).

    Sorted by key, the keyed B-tree is filled by appending; rows that arrived in key order are
    moved as they lie, unsorted. Repeats are looked for only when the counts say there are some.
    """
    arrivals, keyed, repeats = (f"{s}.{t}" for t in tables)
    order = "" if in_order else f" ORDER BY {key}, rowid"
    conn.execute(f"INSERT OR IGNORE INTO {keyed} ({columns}, arrival) SELECT {columns}, rowid FROM {arrivals}{order}")
    kept = conn.execute(f"SELECT count(*) FROM {keyed}").fetchone()[0]
    arrived = conn.execute(f"SELECT count(*) FROM {arrivals}").fetchone()[0]
    if kept != arrived:
        on = " AND ".join(f"k.{k} = a.{k}" for k in key.split(", "))
        picked = ", ".join(f"a.{c}" for c in columns.split(", "))
        conn.execute(
            f"INSERT INTO {repeats} ({columns}) SELECT {picked} FROM {arrivals} a JOIN {keyed} k ON {on}"
            " WHERE k.arrival <> a.rowid ORDER BY a.rowid"
        )
    conn.execute(f"DELETE FROM {arrivals}")
