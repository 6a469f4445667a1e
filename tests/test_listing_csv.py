"""`hmip list -f csv`: records built by SQLite, byte for byte what the Python CSV writer makes."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import replace

import pytest
from helpers import SHIPPED_DB, run
from hypothesis import given, settings
from hypothesis import strategies as st

from hmip_cli.queries.filters import Filters
from hmip_cli.queries.listing import FREE_TEXT, LIST_COLUMNS, csv_record_sql, list_ratings
from hmip_cli.render.machine import write_delimited
from hmip_cli.tabular import Result

ALL_FIELDS = [c.key for c in LIST_COLUMNS]


def _written(result: Result, header: bool = True) -> str:
    out = io.StringIO()
    write_delimited(result, out, ",", header=header)
    return out.getvalue()


def _python_only(result: Result) -> Result:
    """The same result with the store's CSV records taken away: Python's csv writer writes it."""
    return Result([replace(view, csv_lines=None) for view in result.views], result.tag_views)


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("fields", [ALL_FIELDS, None, ["note", "service"]], ids=["all", "default", "two"])
@pytest.mark.parametrize("filters", [Filters(), Filters(standards=())], ids=["overall", "every"])
def test_sql_built_records_match_the_python_writer_on_the_shipped_data(
    filters: Filters, fields: list[str] | None, header: bool
) -> None:
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        result = list_ratings(conn, filters, fields=fields)
        assert result.views[0].csv_lines is not None
        from_sql = _written(result, header)
        from_python = _written(_python_only(result), header)
    finally:
        conn.close()
    assert from_sql == from_python
    records = list(csv.reader(io.StringIO(from_sql)))
    assert len({len(r) for r in records}) == 1
    if filters == Filters(standards=()):
        assert len(records) == 495 + header
    # names with commas are in the data, so quoting was exercised
    assert '"' in from_sql


def test_the_command_writes_csv_as_the_python_writer_would() -> None:
    result = run("list", "--standard", "all", "--fields", ",".join(ALL_FIELDS), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        expected = _written(_python_only(list_ratings(conn, Filters(standards=()), fields=ALL_FIELDS)))
    finally:
        conn.close()
    assert result.stdout == expected


def test_one_column_is_left_to_the_python_writer() -> None:
    # csv writes a lone empty cell as "", which the SQL records do not attempt
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        assert list_ratings(conn, Filters(), fields=["note"]).views[0].csv_lines is None
    finally:
        conn.close()


def test_only_free_text_columns_are_checked_for_quoting() -> None:
    assert {"service", "note", "source_url", "region"} <= FREE_TEXT
    assert not {"rating", "provider_type", "year", "published", "standard", "framework"} & FREE_TEXT


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
AWKWARD = st.sampled_from(["", ",", '"', "\n", "\r", "\r\n", 'a,"b"\nc', " lead", "=1+1", "é😀", "a\x00,b", "\x00"])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(st.none(), TEXT, AWKWARD), min_size=2, max_size=5))
def test_csv_records_spell_text_and_nulls_as_python_does(values: list[str | None]) -> None:
    cells = [(f":v{i}", True) for i in range(len(values))]
    conn = sqlite3.connect(":memory:")
    try:
        (line,) = conn.execute(f"SELECT {csv_record_sql(cells)}", {f"v{i}": v for i, v in enumerate(values)}).fetchone()
    finally:
        conn.close()
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    assert line + "\r\n" == out.getvalue()
