"""Writing validated inspections: one IMMEDIATE transaction, counted as added/changed/unchanged."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hmip_cli.schemas.records import INSPECTION_FIELDS, Inspection

if TYPE_CHECKING:
    from sqlite_utils import Database

_CHUNK = 500
_RATING_VALUES = ("standard_code", "rating", "source_url", "note")


@dataclass(frozen=True)
class ImportCounts:
    added: int
    changed: int
    unchanged: int
    inspections_added: int
    inspections_changed: int

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.inspections_added or self.inspections_changed)


@contextmanager
def immediate_transaction(db: Database) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock up front, so concurrent imports queue, never interleave."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _existing(db: Database, table: str, columns: Sequence[str], ids: Sequence[str]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE inspection_id IN ({marks})"
        found.extend(db.execute(sql, list(chunk)).fetchall())
    return found


def _inspection_row(inspection: Inspection) -> tuple[Any, ...]:
    fields = inspection.fields
    return tuple(
        value.value if hasattr(value, "value") else value
        for value in (getattr(fields, name) for name in INSPECTION_FIELDS)
    )


def write_inspections(db: Database, inspections: Sequence[Inspection], *, dry_run: bool = False) -> ImportCounts:
    """Upsert inspections and their ratings; counts compare with what was there before."""
    ids = [i.inspection_id for i in inspections]
    with immediate_transaction(db):
        old_inspections = {row[0]: row for row in _existing(db, "inspections", INSPECTION_FIELDS, ids)}
        old_ratings = {
            (row[0], row[1]): row[2:]
            for row in _existing(db, "ratings", ("inspection_id", "standard", *_RATING_VALUES), ids)
        }
        inspection_rows = [_keep_known(_inspection_row(i), old_inspections.get(i.inspection_id)) for i in inspections]
        new_inspections = [r for r in inspection_rows if r[0] not in old_inspections]
        changed_inspections = [r for r in inspection_rows if r[0] in old_inspections and old_inspections[r[0]] != r]
        rating_rows = []
        added = changed = unchanged = 0
        for inspection in inspections:
            for standard, recorded in inspection.ratings.items():
                before = old_ratings.get((inspection.inspection_id, standard))
                values = _keep_known(
                    (recorded.standard_code, recorded.rating.value, recorded.source_url, recorded.note), before
                )
                if before is None:
                    added += 1
                elif tuple(before) != values:
                    changed += 1
                else:
                    unchanged += 1
                    continue
                rating_rows.append((inspection.inspection_id, standard, *values, recorded.rating.points))
        counts = ImportCounts(added, changed, unchanged, len(new_inspections), len(changed_inspections))
        if dry_run:
            return counts
        _upsert_services(db, inspection_rows)
        _upsert_inspections(db, new_inspections + changed_inspections)
        db.conn.executemany(
            "INSERT INTO ratings (inspection_id, standard, standard_code, rating, source_url, note, points) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (inspection_id, standard) DO UPDATE SET "
            "standard_code = excluded.standard_code, rating = excluded.rating, "
            "source_url = excluded.source_url, note = excluded.note, points = excluded.points",
            rating_rows,
        )
        _refresh_service_names(db, sorted({row[1] for row in inspection_rows}))
        if counts.touched:
            # fresh statistics let the planner drive `hmip list` filters from the right index
            # (see tests/test_query_plans.py); a fraction of a second on a million ratings
            db.execute("ANALYZE")
    return counts


def _keep_known(new: tuple[Any, ...], old: Sequence[Any] | None) -> tuple[Any, ...]:
    """An empty or absent value in the file keeps what the database holds: a file without a
    region or source_url column must not erase the regions and sources already recorded."""
    if old is None:
        return new
    return tuple(old_value if value is None else value for value, old_value in zip(new, old, strict=True))


def _upsert_services(db: Database, inspection_rows: list[tuple[Any, ...]]) -> None:
    db.conn.executemany(
        "INSERT INTO services (service_id, name) VALUES (?, ?) ON CONFLICT (service_id) DO NOTHING",
        sorted({(row[1], row[2]) for row in inspection_rows}),
    )


def _upsert_inspections(db: Database, rows: list[tuple[Any, ...]]) -> None:
    columns = ", ".join(INSPECTION_FIELDS)
    marks = ", ".join("?" * len(INSPECTION_FIELDS))
    updates = ", ".join(f"{c} = excluded.{c}" for c in INSPECTION_FIELDS[1:])
    db.conn.executemany(
        f"INSERT INTO inspections ({columns}) VALUES ({marks}) ON CONFLICT (inspection_id) DO UPDATE SET {updates}",
        rows,
    )


def _refresh_service_names(db: Database, service_ids: Sequence[str]) -> None:
    """A service is known by the name it had at its latest inspection (Camden YOS -> Camden YJS)."""
    for chunk in _chunks(service_ids):
        marks = ",".join("?" * len(chunk))
        db.execute(
            "UPDATE services SET name = ("
            " SELECT service FROM inspections i WHERE i.service_id = services.service_id"
            " ORDER BY coalesce(published, fieldwork_start, inspection_year, '') DESC, inspection_id DESC"
            " LIMIT 1)"
            f" WHERE service_id IN ({marks})",
            list(chunk),
        )
