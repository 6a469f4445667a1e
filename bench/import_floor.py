"""The import's floor: plain csv.reader + executemany into hmip's own schema, no validation.

Usage: python bench/import_floor.py DB CSV

DB is a database made by `hmip db init --empty` (the same tables and indexes hmip writes). Every
row of CSV (the long import layout) goes in as it is read, in one transaction, with the points
looked up from the rating word: the least work that leaves the database hmip's import leaves.
Upserts (`ON CONFLICT DO UPDATE`) make a second run over the same file a re-import, as hmip's is.
Nothing is checked: no rating word, framework, standard or second rating of a standard.
"""

from __future__ import annotations

import csv
import sqlite3
import sys

POINTS = {"Outstanding": 4, "Good": 3, "Requires improvement": 2, "Inadequate": 1}
BATCH = 10_000

SERVICE = "INSERT INTO services (service_id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = excluded.name"
INSPECTION = (
    "INSERT INTO inspections (inspection_id, service_id, service, provider_type, region, framework,"
    " inspection_year, fieldwork_start, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT DO UPDATE SET service = excluded.service"
)
RATING = (
    "INSERT INTO ratings (inspection_id, standard, standard_code, rating, points, source_url, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET rating = excluded.rating"
)


def load(db: str, source: str) -> int:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    services: dict[str, str] = {}
    inspections: dict[str, tuple] = {}
    ratings: list[tuple] = []
    count = 0
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            (inspection_id, service_id, service, provider_type, region, framework, year, fieldwork, published,
             standard, code, rating, url, note) = row  # fmt: skip
            services[service_id] = service
            inspections[inspection_id] = (
                inspection_id, service_id, service, provider_type, region or None, framework,
                year or None, fieldwork or None, published or None,
            )  # fmt: skip
            ratings.append((inspection_id, standard, code or None, rating, POINTS[rating], url, note or None))
            count += 1
            if len(ratings) >= BATCH:
                flush(conn, services, inspections, ratings)
    flush(conn, services, inspections, ratings)
    conn.execute("COMMIT")
    conn.close()
    return count


def flush(conn: sqlite3.Connection, services: dict, inspections: dict, ratings: list) -> None:
    conn.executemany(SERVICE, services.items())
    conn.executemany(INSPECTION, inspections.values())
    conn.executemany(RATING, ratings)
    services.clear()
    inspections.clear()
    ratings.clear()


if __name__ == "__main__":
    print(load(sys.argv[1], sys.argv[2]))
