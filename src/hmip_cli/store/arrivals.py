"""The stage's arrival tables: rows appended as they are read, then moved to the keyed tables once.

While keys arrive in order (a file sorted by key, as most exports are), each batch goes straight
into the keyed tables: the first row of each key appended to the keyed B-tree, any later row of
the same key (next to it, the keys being sorted) to its `_repeats` table; no second copy. From the
first batch whose keys are out of order on, rows arrive in plain rowid tables in file order, an
append with no B-tree to keep in key order and no check per row; `Arrivals.finish` then moves each
table into its keyed table in one key-ordered `INSERT OR IGNORE … SELECT … ORDER BY key`, so a key
already kept (it arrived earlier) stays kept, the first row of each other key is kept, and every
later one goes to the `_repeats` table, where the file's checks look for rows that disagree
(staging.file_problems). Repeats are looked for only when the counts say there are some.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from hmip_cli.schemas.records import INSPECTION_FIELDS

Rows = Sequence[tuple[Any, ...]]
DESCRIBING = INSPECTION_FIELDS[1:]
RATING_COLUMNS = "inspection_id, standard, line, standard_code, rating, points, source_url, note"
INSPECTION_COLUMNS = f"inspection_id, line, {', '.join(DESCRIBING)}"


def _inspection_key(row: tuple[Any, ...]) -> Any:
    return row[0]


def _rating_key(row: tuple[Any, ...]) -> Any:
    return row[:2]


class _Keyed:
    """One of the stage's keyed tables, filled straight from batches while its keys come in order."""

    def __init__(self, conn: sqlite3.Connection, s: str, tables: tuple[str, str, str], columns: str, key: str) -> None:
        self.conn = conn
        self.arrivals, self.keyed, self.repeats = (f"{s}.{t}" for t in tables)
        self.columns = columns
        self.key = key
        width = len(columns.split(", "))
        self._key_of: Callable[[tuple[Any, ...]], Any] = _rating_key if "standard" in key else _inspection_key
        self._keyed_insert = f"INSERT INTO {self.keyed} ({columns}) VALUES ({', '.join('?' * width)})"
        self._repeat_insert = f"INSERT INTO {self.repeats} ({columns}) VALUES ({', '.join('?' * width)})"
        self._arrival_insert = f"INSERT INTO {self.arrivals} VALUES ({', '.join('?' * width)})"
        self.in_order = True
        """Every batch so far went straight to the keyed table (or its repeats)."""
        self.kept = 0
        """Rows put straight in the keyed table."""
        self._last: Any = None

    def append(self, rows: Rows) -> None:
        if not rows:
            return
        if self.in_order:
            keys = [self._key_of(row) for row in rows]
            if (self._last is None or self._last <= keys[0]) and keys == sorted(keys):
                self._append_in_order(rows, keys)
                self._last = keys[-1]
                return
            self.in_order = False
        self.conn.executemany(self._arrival_insert, rows)

    def _append_in_order(self, rows: Rows, keys: list[Any]) -> None:
        """Keys that never go down: a key equal to the one before it is a repeat."""
        if self._last != keys[0] and len(set(keys)) == len(keys):
            self.conn.executemany(self._keyed_insert, rows)
            self.kept += len(rows)
            return
        kept: list[tuple[Any, ...]] = []
        repeats: list[tuple[Any, ...]] = []
        last = self._last
        for key, row in zip(keys, rows, strict=True):
            (repeats if key == last else kept).append(row)
            last = key
        self.conn.executemany(self._keyed_insert, kept)
        self.conn.executemany(self._repeat_insert, repeats)
        self.kept += len(kept)

    def finish(self) -> None:
        """Rows that arrived once the keys were out of order, moved into the keyed table (after
        every key kept straight) and their repeats.

        Sorted by key, the keyed B-tree is filled by appending. A row kept straight has no
        arrival (NULL), so every arrived row of its key is a repeat."""
        if self.in_order:
            return
        columns = self.columns
        conn = self.conn
        conn.execute(
            f"INSERT OR IGNORE INTO {self.keyed} ({columns}, arrival)"
            f" SELECT {columns}, rowid FROM {self.arrivals} ORDER BY {self.key}, rowid"
        )
        kept = conn.execute(f"SELECT count(*) FROM {self.keyed}").fetchone()[0]
        arrived = conn.execute(f"SELECT count(*) FROM {self.arrivals}").fetchone()[0]
        if kept != self.kept + arrived:
            on = " AND ".join(f"k.{k} = a.{k}" for k in self.key.split(", "))
            picked = ", ".join(f"a.{c}" for c in columns.split(", "))
            conn.execute(
                f"INSERT INTO {self.repeats} ({columns}) SELECT {picked} FROM {self.arrivals} a"
                f" JOIN {self.keyed} k ON {on} WHERE k.arrival IS NOT a.rowid ORDER BY a.rowid"
            )
        conn.execute(f"DELETE FROM {self.arrivals}")


class Arrivals:
    """Batches of staged rows appended to the keyed tables of schema `s`, or to its arrival tables."""

    def __init__(self, conn: sqlite3.Connection, s: str) -> None:
        self.conn = conn
        self.s = s
        self.ratings = 0
        """Rating rows appended."""
        self._inspections = _Keyed(
            conn, s, ("stage_inspection_rows", "stage_inspections", "stage_inspection_repeats"),
            INSPECTION_COLUMNS, "inspection_id",
        )  # fmt: skip
        self._ratings = _Keyed(
            conn, s, ("stage_rating_rows", "stage_ratings", "stage_rating_repeats"),
            RATING_COLUMNS, "inspection_id, standard",
        )  # fmt: skip
        marks = ", ".join("?" * (len(INSPECTION_FIELDS) + 1))
        self._insert_empty = f"INSERT INTO {s}.stage_left_empty VALUES ({marks})"

    @property
    def in_order(self) -> bool:
        """Every row went straight to the keyed tables (the keys came in order)."""
        return self._inspections.in_order and self._ratings.in_order

    def append(self, inspections: Rows, ratings: Rows, left_empty: Rows) -> None:
        """Inspection rows (inspection_id, line, *DESCRIBING), rating rows (RATING_COLUMNS), and
        rows of inspections whose ratings were left empty (as inspection rows)."""
        self._inspections.append(inspections)
        self._ratings.append(ratings)
        self.conn.executemany(self._insert_empty, left_empty)
        self.ratings += len(ratings)

    def finish(self) -> None:
        """Every row appended, in the keyed tables and their repeats."""
        self._inspections.finish()
        self._ratings.finish()
