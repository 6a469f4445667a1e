"""The import's staging tables, and every check and write an import makes as SQL over them.

Valid rows are staged as they are read (one row per rating row, one per run of rows of one
inspection), so memory does not grow with the file. Checks across rows, the comparison with
what the database holds, the counts and the writes are then set-based statements over the
stage. Statements name two schemas: `s`, where the stage is, and `t`, the target database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from hmip_cli.schemas.ratings import Rating
from hmip_cli.schemas.records import INSPECTION_FIELDS, InspectionFields, RatingFields, RecordedRating, StandardFields
from hmip_cli.store.arrivals import Arrivals

_BATCH = 2000
_RATING_PARTS = {r: (r.value, r.points) for r in Rating}  # an enum's .value is a slow property
DESCRIBING = INSPECTION_FIELDS[1:]
"""Inspection fields besides its id; the first three say which inspection it is."""
IDENTITY = ("service_id", "provider_type", "framework")
RATING_VALUES = ("standard_code", "rating", "source_url", "note")


_STAGE_TABLES = (
    "stage_inspections",
    "stage_inspection_repeats",
    "stage_ratings",
    "stage_rating_repeats",
    "stage_left_empty",
)
_ARRIVALS = ("stage_inspection_rows", "stage_rating_rows")
"""Rows as they are read, appended in file order; `Stager.finish` moves them to the keyed tables."""


def create_stage(conn: sqlite3.Connection, s: str) -> None:
    """One row per inspection and per rating, the first the file gives; any later row for the
    same key is in a `_repeats` table, where the file checks look for rows that disagree. So
    every later statement reads plain tables keyed as the target's are. While the keys come in
    order, rows go straight to the keyed tables; after that they arrive in plain tables in file
    order (an append, however the keys come) and are moved to the keyed ones once, in key order,
    at the end (`store.arrivals`); a keyed row so moved keeps its `arrival` (the arrival table's
    rowid), by which the repeats are told from it.

    A run of rows whose ratings are left empty stages its inspection fields in `stage_left_empty`,
    only so that they are checked against the inspection's other rows: those rows record nothing,
    and an inspection no rated row names is not written."""
    drop_stage(conn, s)
    fields = ", ".join(DESCRIBING)
    rating = "standard_code TEXT, rating TEXT NOT NULL, points INTEGER NOT NULL, source_url TEXT, note TEXT"
    conn.executescript(
        f"""
        CREATE TABLE {s}.stage_inspections (
            inspection_id TEXT PRIMARY KEY, line INTEGER NOT NULL, {fields}, arrival INTEGER) WITHOUT ROWID;
        CREATE TABLE {s}.stage_inspection_repeats (inspection_id TEXT NOT NULL, line INTEGER NOT NULL, {fields});
        CREATE TABLE {s}.stage_ratings (
            inspection_id TEXT NOT NULL, standard TEXT NOT NULL, line INTEGER NOT NULL, {rating}, arrival INTEGER,
            PRIMARY KEY (inspection_id, standard)) WITHOUT ROWID;
        CREATE TABLE {s}.stage_rating_repeats (
            inspection_id TEXT NOT NULL, standard TEXT NOT NULL, line INTEGER NOT NULL, {rating});
        CREATE TABLE {s}.stage_left_empty (inspection_id TEXT NOT NULL, line INTEGER NOT NULL, {fields});
        CREATE TABLE {s}.stage_changes (line INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE TABLE {s}.stage_inspection_rows (inspection_id TEXT NOT NULL, line INTEGER NOT NULL, {fields});
        CREATE TABLE {s}.stage_rating_rows (
            inspection_id TEXT NOT NULL, standard TEXT NOT NULL, line INTEGER NOT NULL, {rating});
        """
    )


def drop_stage(conn: sqlite3.Connection, s: str) -> None:
    for name in (*_STAGE_TABLES, *_ARRIVALS, "stage_changes"):
        conn.execute(f"DROP TABLE IF EXISTS {s}.{name}")


def _inspection_values(fields: InspectionFields) -> tuple[Any, ...]:
    return tuple(
        value.value if hasattr(value, "value") else value
        for value in (getattr(fields, name) for name in INSPECTION_FIELDS)
    )


class Stager:
    """Rows into the stage in batches, appended as they come; a run of rows of one inspection is
    staged once. `finish` moves them to the keyed tables."""

    def __init__(self, conn: sqlite3.Connection, s: str) -> None:
        self.conn = conn
        self.s = s
        self.ratings = 0
        self.left_empty = 0
        """Rows whose rating was left empty: counted, never stored as ratings."""
        self._last: InspectionFields | None = None
        self._last_id = ""
        self._last_empty: InspectionFields | None = None
        self._inspections: list[tuple[Any, ...]] = []
        self._rows: list[tuple[Any, ...]] = []
        self._empty: list[tuple[Any, ...]] = []
        self._arrivals = Arrivals(conn, s)

    def add(
        self, line: int, fields: InspectionFields, rating: StandardFields, source_url: str | None, note: str | None
    ) -> None:
        """A rated row (RatingFields), or one whose rating is left empty (StandardFields alone)."""
        if isinstance(rating, RatingFields):
            self._add(line, fields, rating.standard, rating.standard_code, rating.rating, source_url, note)
            return
        self.left_empty += 1
        if fields is not self._last_empty and fields != self._last_empty:
            values = _inspection_values(fields)
            self._empty.append((values[0], line, *values[1:]))
            self._last_empty = fields
            if len(self._empty) >= _BATCH:
                self.flush()

    def add_recorded(self, line: int, fields: InspectionFields, recorded: RecordedRating) -> None:
        """A rating already assembled (an inspection held in memory)."""
        self._add(
            line, fields, recorded.standard, recorded.standard_code, recorded.rating, recorded.source_url, recorded.note
        )

    def _add(
        self,
        line: int,
        fields: InspectionFields,
        standard: str,
        code: str | None,
        rating: Rating,
        source_url: str | None,
        note: str | None,
    ) -> None:
        if fields is not self._last and fields != self._last:
            values = _inspection_values(fields)
            self._inspections.append((values[0], line, *values[1:]))
            self._last, self._last_id = fields, values[0]
        value, points = _RATING_PARTS[rating]
        self._rows.append((self._last_id, standard, line, code, value, points, source_url, note))
        if len(self._rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self._arrivals.append(self._inspections, self._rows, self._empty)
        self.ratings += len(self._rows)
        self._inspections.clear()
        self._rows.clear()
        self._empty.clear()

    def finish(self) -> None:
        """Every row added, moved from arrival order into the keyed tables and their repeats."""
        self.flush()
        self._arrivals.finish()


def staged_ratings(conn: sqlite3.Connection, s: str) -> int:
    """Rating rows in the stage, repeats included: as many as were added, or rows were lost."""
    return int(
        conn.execute(
            f"SELECT (SELECT count(*) FROM {s}.stage_ratings) + (SELECT count(*) FROM {s}.stage_rating_repeats)"
        ).fetchone()[0]
    )


Problem = tuple[int, str, str]
"""(line, field, message)"""


def _differing(
    row: tuple[Any, ...], head: int, names: tuple[str, ...]
) -> tuple[tuple[Any, ...], tuple[tuple[str, Any, Any], ...]]:
    """A row of `head` leading values, then `names` as the file has them, then as they were
    before (the earlier row, or the stored one): the leading values, and (name, before, file)
    for each that differs."""
    now, then = row[head : head + len(names)], row[head + len(names) :]
    return row[:head], tuple((n, old, new) for n, new, old in zip(names, now, then, strict=True) if new != old)


def _rows_differing(
    conn: sqlite3.Connection, head: str, source: str, now: list[str], then: list[str]
) -> Iterator[tuple[Any, ...]]:
    """Rows of `source` whose `now` columns differ from its `then` columns (NULLs compared as
    values): the `head` columns, then `now`, then `then`, as `_differing` splits them."""
    a, b = ", ".join(now), ", ".join(then)
    return iter(conn.execute(f"SELECT {head}, {a}, {b} FROM {source} WHERE ({a}) IS NOT ({b})"))


def _merged_and_stored(columns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The file's value over the stored one (an empty cell keeps what is stored), and the stored."""
    return [f"coalesce(f.{c}, o.{c})" for c in columns], [f"o.{c}" for c in columns]


def file_problems(conn: sqlite3.Connection, s: str) -> Iterator[Problem]:
    """Rows that disagree with an earlier row of the same file (or, for a row whose rating is
    left empty, with the inspection's first rated row)."""
    later_rows = f"(SELECT * FROM {s}.stage_inspection_repeats UNION ALL SELECT * FROM {s}.stage_left_empty)"
    repeats = f"{later_rows} r JOIN {s}.stage_inspections f ON f.inspection_id = r.inspection_id"
    later, first = [f"r.{c}" for c in DESCRIBING], [f"f.{c}" for c in DESCRIBING]
    for row in _rows_differing(conn, "r.line, f.line, r.inspection_id", repeats, later, first):
        (line, first_line, inspection_id), differing = _differing(row, 3, DESCRIBING)
        for name, old, new in differing:
            yield line, name, f"{new!r} conflicts with {old!r} at line {first_line} for inspection {inspection_id}"
    values = ", ".join(f"r.{c}" for c in RATING_VALUES)
    earlier = ", ".join(f"f.{c}" for c in RATING_VALUES)
    for line, inspection_id, standard, rating, first_line, first_rating in conn.execute(
        f"SELECT r.line, r.inspection_id, r.standard, r.rating, f.line, f.rating FROM {s}.stage_rating_repeats r"
        f" JOIN {s}.stage_ratings f ON f.inspection_id = r.inspection_id AND f.standard = r.standard"
        f" WHERE ({values}) IS NOT ({earlier})"
    ):
        yield (
            line,
            "rating",
            f"a second {standard} rating for inspection {inspection_id} "
            f"({rating!r}; line {first_line} has {first_rating!r}) "
            f"(accepted: one rating per inspection and standard)",
        )


@dataclass(frozen=True)
class Change:
    """A value in the file that differs from the stored one, with the sources that state each."""

    line: int
    inspection_id: str
    standard: str | None  # None: a field of the inspection itself
    fields: tuple[tuple[str, Any, Any], ...]  # (name, stored, new)
    old_source: str | None
    new_source: str | None

    @property
    def moves(self) -> bool:
        """It would give the inspection another service, provider type or framework."""
        return self.standard is None and any(name in IDENTITY for name, _, _ in self.fields)

    @property
    def what(self) -> str:
        if self.standard is None:
            return f"inspection {self.inspection_id}"
        return f"{self.standard} of {self.inspection_id}"

    @property
    def values(self) -> tuple[tuple[str, Any, Any], ...]:
        """The fields that differ, but a rating's source_url, which is shown as its source."""
        if self.standard is None:
            return self.fields
        return tuple(f for f in self.fields if f[0] != "source_url")

    def describe(self) -> str:
        """`rating 'Inadequate' → 'Outstanding'; source A → B` (a rating's source always shown)."""
        parts = [f"{name} {old!r} → {new!r}" for name, old, new in self.values]
        if self.standard is not None:
            parts.append(f"source {self.old_source} → {self.new_source}")
        return "; ".join(parts)


_SOURCE_OF_INSPECTION = (
    "(SELECT source_url FROM {t}.ratings r WHERE r.inspection_id = o.inspection_id AND source_url IS NOT NULL"
    " ORDER BY standard <> 'overall', standard LIMIT 1)"
)


def changes(conn: sqlite3.Connection, s: str, t: str) -> Iterator[Change]:
    """Every inspection and rating in the file whose values differ from the stored ones. A value
    the file leaves empty keeps the stored one, so it is no change."""
    head = f"f.line, f.inspection_id, {_SOURCE_OF_INSPECTION.format(t=t)}"
    stored = f"{s}.stage_inspections f JOIN {t}.inspections o ON o.inspection_id = f.inspection_id"
    for row in _rows_differing(conn, head, stored, *_merged_and_stored(DESCRIBING)):
        (line, inspection_id, stored_source), differing = _differing(row, 3, DESCRIBING)
        yield Change(line, inspection_id, None, differing, stored_source, stored_source)
    stored = f"{s}.stage_ratings f JOIN {t}.ratings o ON o.inspection_id = f.inspection_id AND o.standard = f.standard"
    for row in _rows_differing(conn, "f.line, f.inspection_id, f.standard", stored, *_merged_and_stored(RATING_VALUES)):
        (line, inspection_id, standard), differing = _differing(row, 3, RATING_VALUES)
        source = 3 + RATING_VALUES.index("source_url")
        yield Change(line, inspection_id, standard, differing, row[source + len(RATING_VALUES)], row[source])


def record_changes(conn: sqlite3.Connection, s: str, lines: Iterable[tuple[int, str]]) -> None:
    """Keep the report of what an --update changes, to show once it is committed."""
    conn.execute(f"DELETE FROM {s}.stage_changes")
    conn.executemany(f"INSERT INTO {s}.stage_changes (line, text) VALUES (?, ?)", lines)


def recorded_changes(conn: sqlite3.Connection, s: str) -> Iterator[str]:
    for (text,) in conn.execute(f"SELECT text FROM {s}.stage_changes ORDER BY line, rowid"):
        yield text


@dataclass(frozen=True)
class StageCounts:
    ratings: int
    ratings_added: int
    inspections_added: int


def stage_counts(conn: sqlite3.Connection, s: str, t: str) -> StageCounts:
    ratings, ratings_added = conn.execute(
        f"SELECT count(*), count(*) FILTER (WHERE o.inspection_id IS NULL) FROM {s}.stage_ratings f"
        f" LEFT JOIN {t}.ratings o ON o.inspection_id = f.inspection_id AND o.standard = f.standard"
    ).fetchone()
    (inspections_added,) = conn.execute(
        f"SELECT count(*) FROM {s}.stage_inspections f"
        f" WHERE NOT EXISTS (SELECT 1 FROM {t}.inspections o WHERE o.inspection_id = f.inspection_id)"
    ).fetchone()
    return StageCounts(int(ratings), int(ratings_added), int(inspections_added))


def rows_not_written(conn: sqlite3.Connection, s: str, t: str) -> int:
    """Staged ratings the target does not hold with the staged rating (read back after a write)."""
    (missing,) = conn.execute(
        f"SELECT count(*) FROM {s}.stage_ratings f LEFT JOIN {t}.ratings o"
        " ON o.inspection_id = f.inspection_id AND o.standard = f.standard"
        " WHERE o.rating IS NOT f.rating OR o.points IS NOT f.points"
    ).fetchone()
    return int(missing)


def _upsert(
    conn: sqlite3.Connection, s: str, t: str, table: str, key: tuple[str, ...], values: tuple[str, ...]
) -> None:
    """Staged rows into `table` (staged as `stage_<table>`): new keys inserted, stored rows
    updated only where a value differs; a value the file leaves empty keeps the stored one.

    The SELECT reads only the stage: one that read `table` too (to merge with the stored row)
    would make SQLite copy every staged row to a temporary table before the first insert. The
    stored value is merged in the DO UPDATE instead, where the conflicting row is at hand (the
    stage holds no NULL where the target forbids one, so no insert fails before its update)."""
    keys = ", ".join(key)
    merged = [f"coalesce(excluded.{c}, {table}.{c})" for c in values]
    updates = ", ".join(f"{c} = {m}" for c, m in zip(values, merged, strict=True))
    stored = ", ".join(f"{table}.{c}" for c in values)
    conn.execute(
        f"INSERT INTO {t}.{table} ({keys}, {', '.join(values)})"
        f" SELECT {keys}, {', '.join(values)} FROM {s}.stage_{table} WHERE true"
        f" ON CONFLICT ({keys}) DO UPDATE SET {updates} WHERE ({stored}) IS NOT ({', '.join(merged)})"
    )


def apply_stage(conn: sqlite3.Connection, s: str, t: str) -> None:
    """Write the stage into the target: set-based upserts that touch only what differs."""
    conn.execute(
        f"INSERT INTO {t}.services (service_id, name) SELECT service_id, service FROM {s}.stage_inspections"
        " WHERE true ON CONFLICT (service_id) DO NOTHING"
    )
    _upsert(conn, s, t, "inspections", ("inspection_id",), DESCRIBING)
    _upsert(
        conn,
        s,
        t,
        "ratings",
        ("inspection_id", "standard"),
        ("standard_code", "rating", "points", "source_url", "note"),
    )
    # A service is known by the name it had at its latest inspection (Camden YOS -> Camden YJS).
    conn.execute(
        f"UPDATE {t}.services SET name = ("
        f" SELECT service FROM {t}.inspections i WHERE i.service_id = services.service_id"
        " ORDER BY coalesce(published, fieldwork_start, inspection_year, '') DESC, inspection_id DESC"
        f" LIMIT 1) WHERE service_id IN (SELECT service_id FROM {s}.stage_inspections)"
    )
