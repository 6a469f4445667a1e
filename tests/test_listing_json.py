"""`hmip list` as json/ndjson: lines built by SQLite, byte for byte what the Python writer makes."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, rows, run
from hypothesis import given, settings
from hypothesis import strategies as st

from hmip_cli.queries.filters import Filters
from hmip_cli.queries.listing import _SELECT, LIST_COLUMNS, json_object_sql, list_ratings, order_by
from hmip_cli.render.machine import write_json, write_ndjson
from hmip_cli.store.schema import LISTING_ORDER_INDEX
from hmip_cli.tabular import Result

ALL_FIELDS = [c.key for c in LIST_COLUMNS]


def _written(result: Result, writer: str) -> str:
    out = io.StringIO()
    (write_ndjson if writer == "ndjson" else write_json)(result, out)
    return out.getvalue()


def _python_only(result: Result) -> Result:
    """The same result with the store's JSON lines taken away: the Python encoder writes it."""
    return Result([replace(view, json_lines=None) for view in result.views], result.tag_views)


@pytest.mark.parametrize("writer", ["ndjson", "json"])
@pytest.mark.parametrize(
    "filters", [Filters(), Filters(standards=()), Filters(standards=(), ratings=("Good",))], ids=repr
)
def test_sql_built_lines_match_the_python_writer_on_the_shipped_data(filters: Filters, writer: str) -> None:
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        result = list_ratings(conn, filters, fields=ALL_FIELDS)
        assert result.views[0].json_lines is not None
        from_sql = _written(result, writer)
        from_python = _written(_python_only(result), writer)
    finally:
        conn.close()
    assert from_sql == from_python
    parsed = [json.loads(line) for line in from_sql.splitlines()] if writer == "ndjson" else json.loads(from_sql)
    if filters == Filters(standards=()):
        assert len(parsed) == 495
    assert parsed and all(list(record) == ALL_FIELDS for record in parsed)
    # nulls and non-ASCII text are in the data, so both spellings were exercised
    assert any(record["note"] is None for record in parsed)


def test_the_command_writes_every_field_of_the_shipped_data_as_the_python_writer_would() -> None:
    result = run("list", "--standard", "all", "--fields", ",".join(ALL_FIELDS), "--format", "ndjson")
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        expected = _written(_python_only(list_ratings(conn, Filters(standards=()), fields=ALL_FIELDS)), "ndjson")
    finally:
        conn.close()
    assert result.stdout == expected
    assert len(result.stdout.splitlines()) == 495


def test_fields_in_another_order_still_match() -> None:
    result = run("list", "--fields", "note,year,service", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and all(list(r) == ["note", "year", "service"] for r in records)
    plain = run("list", "--fields", "note,year,service", "--format", "tsv")
    assert len(plain.stdout.splitlines()) == len(records) + 1


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
VALUES = st.one_of(st.none(), TEXT, st.integers(min_value=-(2**63), max_value=2**63 - 1))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(values=st.lists(VALUES, min_size=1, max_size=4), keys=st.lists(TEXT, min_size=4, max_size=4, unique=True))
def test_json_quote_spells_text_integers_and_nulls_as_python_does(values: list[object], keys: list[str]) -> None:
    fields = [(key, f":v{i}") for i, key in enumerate(keys[: len(values)])]
    conn = sqlite3.connect(":memory:")
    try:
        (line,) = conn.execute(
            f"SELECT {json_object_sql(fields)}", {f"v{i}": v for i, v in enumerate(values)}
        ).fetchone()
    finally:
        conn.close()
    expected = json.JSONEncoder(ensure_ascii=False).encode(dict(zip(keys, values, strict=False)))
    assert line == expected


def test_control_characters_quotes_and_line_separators_are_escaped_alike() -> None:
    awkward = "a\"b\\c\nd\re\tf\bg\fh\x00i\x1fj\x7fk\u2028l\u00e9m😀n'o"
    conn = sqlite3.connect(":memory:")
    try:
        (line,) = conn.execute(f"SELECT {json_object_sql([('note', ':v')])}", {"v": awkward}).fetchone()
    finally:
        conn.close()
    assert line == json.dumps({"note": awkward}, ensure_ascii=False)


def test_listing_columns_are_text_so_sqlite_never_spells_a_float() -> None:
    # json_quote writes REAL with 15 significant digits where Python writes the shortest repr,
    # so a float column in a listing would need the Python writer; TEXT affinity stores none
    # the listing reads the rating_details view, whose columns keep their tables' declared types
    declared = {r[1]: r[2] for r in rows(SHIPPED_DB, "PRAGMA table_info(rating_details)")}
    for column in LIST_COLUMNS:
        if column.key in ("source_kind", "score", "score_out_of"):
            continue  # computed from the URL ('hmip' or 'secondary'), or HMIP's score: an INTEGER column
        alias, name = _SELECT[column.key].split(".")
        assert (alias, declared[name]) == ("r", "TEXT"), column.key


def test_the_listing_of_every_rating_walks_the_order_index_instead_of_sorting() -> None:
    # (overall ratings only, a ninth of the rows, are found by their index and then sorted)
    filters = Filters(standards=())
    where, params = filters.where(alias="r")
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        plan = [
            r[3]
            for r in conn.execute(
                f"EXPLAIN QUERY PLAN SELECT r.rating FROM rating_details r WHERE {where} ORDER BY {order_by(())}",
                params,
            )
        ]
    finally:
        conn.close()
    assert any(LISTING_ORDER_INDEX in step for step in plan), plan
    # at most the ratings within one inspection are sorted, never the whole listing
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_an_older_database_with_inspections_migrates_and_lists_the_same(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(SHIPPED_DB, old)
    conn = sqlite3.connect(old)
    with conn:
        conn.execute(f"DROP INDEX {LISTING_ORDER_INDEX}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_listing_order'")
    conn.close()
    refused = run("list", "--db", old)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "older than this hmip; run `hmip db migrate`" in refused.stderr
    # the frameworks are rewritten while inspections refer to them: checked at the commit
    migrated = run("db", "migrate", "--db", old)
    assert migrated.exit_code == 0, migrated.stderr
    assert rows(old, "SELECT count(*) FROM sqlite_master WHERE name = ?", (LISTING_ORDER_INDEX,)) == [(1,)]
    assert rows(old, "PRAGMA foreign_key_check") == []
    for fmt in ("ndjson", "tsv"):
        assert (
            run("list", "--standard", "all", "-f", fmt, "--db", old).stdout
            == run("list", "--standard", "all", "-f", fmt).stdout
        )


class CountingWrites(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("count", [0, 1, 1024, 2500])
def test_lines_go_out_in_batches_whatever_the_streams_buffering(count: int) -> None:
    from hmip_cli.tabular import Column, View

    def result() -> Result:
        rows = [(f"service {i}", i if i % 3 else None) for i in range(count)]
        return Result([View("v", "t", [Column("service", "S"), Column("n", "N", "int")], rows)])

    ndjson, whole = CountingWrites(), CountingWrites()
    write_ndjson(result(), ndjson)
    write_json(result(), whole)
    batches = -(-count // 1024)
    assert ndjson.writes == batches  # not one write per row: PYTHONUNBUFFERED makes each a system call
    assert whole.writes == batches + 2  # the brackets, then the batches
    expected = [{"service": f"service {i}", "n": i if i % 3 else None} for i in range(count)]
    assert [json.loads(line) for line in ndjson.getvalue().splitlines()] == expected
    assert json.loads(whole.getvalue()) == expected
    assert whole.getvalue() == ("[]\n" if not count else "[\n  " + ",\n  ".join(map(json.dumps, expected)) + "\n]\n")
