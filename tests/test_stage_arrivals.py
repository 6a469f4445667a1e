"""The stage's keyed tables hold the same rows however the keys arrive: the first row of each key
(by arrival) kept, every later one a repeat in arrival order. Keys in order go straight to the
keyed tables (store/arrivals.py); from the first batch out of order on, rows go by the arrival
tables and are moved at the end. Both ways are set here against the rule itself."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hmip_cli.store.arrivals import Arrivals
from hmip_cli.store.staging import create_stage

RATING = "inspection_id, standard, line, standard_code, rating, points, source_url, note"
INSPECTION = "inspection_id, line, service_id"

keys = st.tuples(st.sampled_from("abcd"), st.sampled_from(["overall", "staff"]))
batches = st.lists(st.lists(keys, max_size=6), max_size=5)


def _stage(tmp: Path, rows: list[list[tuple[str, str]]]) -> tuple[sqlite3.Connection, Arrivals]:
    conn = sqlite3.connect(tmp / "stage.sqlite", isolation_level=None)
    create_stage(conn, "main")
    arrivals = Arrivals(conn, "main")
    line = 1
    for batch in rows:
        ratings, inspections = [], []
        for iid, standard in batch:
            line += 1
            ratings.append((iid, standard, line, None, "Good", 3, None, f"note {line}"))
            inspections.append((iid, line, f"service {line}", "Name", "YOT", None, "youth-2018", None, None, None))
        arrivals.append(inspections, ratings, [])
    arrivals.finish()
    return conn, arrivals


def _expected(rows: list[tuple[Any, ...]], key: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    kept: dict[Any, tuple[Any, ...]] = {}
    repeats = []
    for row in rows:
        if row[:key] in kept:
            repeats.append(row)
        else:
            kept[row[:key]] = row
    return sorted(kept.values()), repeats


def _lines(rows: list[list[tuple[str, str]]]) -> list[tuple[str, str, int]]:
    flat = [k for batch in rows for k in batch]
    return [(iid, standard, line) for line, (iid, standard) in enumerate(flat, start=2)]


@settings(max_examples=40, deadline=None)
@given(rows=batches, sort=st.booleans())
def test_the_stage_keeps_the_first_row_of_each_key_however_they_arrive(
    rows: list[list[tuple[str, str]]], sort: bool
) -> None:
    if sort:  # the same rows in key order, batched alike
        flat = iter(sorted(k for batch in rows for k in batch))
        rows = [[next(flat) for _ in batch] for batch in rows]
    with tempfile.TemporaryDirectory() as tmp:
        conn, arrivals = _stage(Path(tmp), rows)
        flat_keys = [k for batch in rows for k in batch]
        assert arrivals.in_order == (flat_keys == sorted(flat_keys))
        lines = _lines(rows)
        kept, repeats = _expected([(iid, standard, line) for iid, standard, line in lines], 2)
        assert conn.execute("SELECT inspection_id, standard, line FROM stage_ratings").fetchall() == kept
        assert (
            conn.execute("SELECT inspection_id, standard, line FROM stage_rating_repeats ORDER BY rowid").fetchall()
            == repeats
        )
        kept, repeats = _expected([(iid, line) for iid, _, line in lines], 1)
        assert conn.execute("SELECT inspection_id, line FROM stage_inspections").fetchall() == kept
        assert (
            conn.execute("SELECT inspection_id, line FROM stage_inspection_repeats ORDER BY rowid").fetchall()
            == repeats
        )
        assert conn.execute("SELECT count(*) FROM stage_rating_rows").fetchone() == (0,)
        conn.close()


def test_sorted_keys_go_straight_to_the_keyed_tables(tmp_path: Path) -> None:
    conn, arrivals = _stage(tmp_path, [[("a", "overall"), ("a", "staff"), ("b", "overall")], [("b", "overall")]])
    assert arrivals.in_order
    assert conn.execute("SELECT count(*) FROM stage_ratings WHERE arrival IS NULL").fetchone() == (3,)
    assert conn.execute("SELECT line FROM stage_rating_repeats").fetchall() == [(5,)]
