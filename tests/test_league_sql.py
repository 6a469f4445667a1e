"""`hmip league`'s records (TSV, CSV) made from SQLite's texts as the rows stream: byte for byte
what the Python writer makes of the same rows, whatever text the database holds; and the note
on secondary sources the same whether it is read before the rows or after."""

from __future__ import annotations

import io
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SHIPPED_DB

from hmip_cli.queries.filters import Filters
from hmip_cli.queries.league import LEAGUE_COLUMNS, league_table
from hmip_cli.render.machine import write_delimited
from hmip_cli.render.safe import tsv_cell
from hmip_cli.tabular import Result

AWKWARD = ["Tab\there", "Line\nbreak", "Carriage\rreturn", "Back\\slash", 'Quote "q"', "Comma, and", "{0} {rank}", ""]


@pytest.fixture(scope="module")
def awkward_db(fixture_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database with services, years and a score holding every character a TSV or
    CSV cell must escape or quote (written straight into the file: no import would take them)."""
    path = tmp_path_factory.mktemp("awkward") / "awkward.sqlite"
    shutil.copy(fixture_db_file, path)
    conn = sqlite3.connect(path)
    ids = [i for (i,) in conn.execute("SELECT inspection_id FROM inspections ORDER BY inspection_id")]
    for n, inspection_id in enumerate(ids):
        name = AWKWARD[n % len(AWKWARD)]
        conn.execute("UPDATE inspections SET service = ? || service WHERE inspection_id = ?", (name, inspection_id))
        if n % 5 == 0:
            conn.execute("UPDATE inspections SET published = ? WHERE inspection_id = ?", ("2020-01\t", inspection_id))
    # a text and a REAL where a score's INTEGER goes, on the latest inspections (each in a league)
    conn.execute(
        "INSERT OR REPLACE INTO scores (inspection_id, score, out_of, source_url) SELECT inspection_id,"
        " 'twelve, \"or so\"', 40.5, 'https://example.org' FROM inspections ORDER BY published DESC LIMIT 3"
    )
    conn.commit()
    conn.close()
    return path


def _written(result: Result, delimiter: str) -> str:
    out = io.StringIO()
    write_delimited(result, out, delimiter)
    return out.getvalue()


def _python_only(result: Result) -> Result:
    """The same result without the records made from SQLite's texts: the Python writer writes it."""
    return Result([replace(v, tsv_lines=None, csv_lines=None) for v in result.views], result.tag_views)


FIELDS = [None, [c.key for c in LEAGUE_COLUMNS], ["strip", "rank"], ["service", "framework"], ["sector", "score"]]


@pytest.mark.parametrize("delimiter", ["\t", ","], ids=["tsv", "csv"])
@pytest.mark.parametrize("fields", FIELDS, ids=["default", "all", "made-only", "held-first", "constant-first"])
@pytest.mark.parametrize("source", ["awkward", "shipped"])
def test_records_match_the_python_writer(
    source: str, fields: list[str] | None, delimiter: str, awkward_db: Path
) -> None:
    conn = sqlite3.connect(awkward_db if source == "awkward" else f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        result = league_table(conn, Filters(), fields)
        prebuilt = [v.tsv_lines if delimiter == "\t" else v.csv_lines for v in result.views]
        assert all(lines is not None for lines in prebuilt)
        made = _written(result, delimiter)
        written = _written(_python_only(league_table(conn, Filters(), fields)), delimiter)
    finally:
        conn.close()
    assert made == written
    assert made.count("\n") > 10
    if source == "awkward" and fields is None:
        assert ("\\t" if delimiter == "\t" else '"Comma, and') in made  # the careful path ran
        assert "40.5" in made and "twelve" in made  # a REAL and a text where a score's INTEGER goes


def test_the_tsv_escapes_are_the_writers() -> None:
    from hmip_cli.queries.league import _tsv_cell

    for text in [*AWKWARD, "a\\tb\r\n\t\\"]:
        assert _tsv_cell(text) == tsv_cell(text)


def test_the_sources_note_is_the_same_before_the_rows_and_after() -> None:
    conn = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    try:
        before = [list(view.notes) for view in league_table(conn, Filters()).views]
        result = league_table(conn, Filters())
        _written(result, "\t")  # the rows stream (and count), then the notes are read
        after = [list(view.notes) for view in result.views]
        rows_then = league_table(conn, Filters())
        for view in rows_then.views:
            list(view.rows)
        from_rows = [list(view.notes) for view in rows_then.views]
    finally:
        conn.close()
    assert before == after == from_rows
    assert any("rest on sources outside HMIP's site" in line for notes in before for line in notes)
