"""The bare load: csv.reader + executemany into ONE plain table, no validation, no keys.

Usage: python bench/bare_load.py DB CSV

The least any importer of a CSV file into SQLite can do: read the text with the csv module and
append every row, as it is, to one table without a key or index, in one transaction. Issue 25
judges hmip's validated import against it (goal: at most 3× its CPU time at 200k rows).
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from itertools import islice

BATCH = 10_000


def load(db: str, source: str) -> int:
    conn = sqlite3.connect(db, isolation_level=None)
    count = 0
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(f'"{name}"' for name in header)
        marks = ", ".join("?" * len(header))
        conn.execute(f"CREATE TABLE IF NOT EXISTS rows ({columns})")
        insert = f"INSERT INTO rows VALUES ({marks})"
        conn.execute("BEGIN")
        while batch := list(islice(reader, BATCH)):
            conn.executemany(insert, batch)
            count += len(batch)
        conn.execute("COMMIT")
    conn.close()
    return count


if __name__ == "__main__":
    print(load(sys.argv[1], sys.argv[2]))
