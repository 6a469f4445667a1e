"""`hmip sql` cannot write; `hmip export` writes what `hmip import` reads back, byte for byte."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, SOURCE_CSV, run, run_process, sha256

WRITE_ATTEMPTS = [
    "DELETE FROM ratings",
    "UPDATE ratings SET rating = 'Good'",
    "INSERT INTO services VALUES ('x', 'y')",
    "DROP TABLE ratings",
    "CREATE TABLE t (x)",
    "ALTER TABLE ratings ADD COLUMN x",
    "CREATE INDEX i ON ratings (note)",
    "ATTACH 'elsewhere.sqlite' AS other",
    "PRAGMA writable_schema = 1",
    "PRAGMA journal_mode = WAL",
    "BEGIN",
    "VACUUM",
    "REINDEX",
    "WITH x AS (SELECT 1) DELETE FROM ratings",
    # nothing to change, or nothing SQLite calls a write, yet not a read: refused all the same
    "DROP TABLE IF EXISTS nonexistent",
    "PRAGMA optimize",
    "SELECT fts3_tokenizer('simple')",
    "SELECT fts3_tokenizer('mine', X'0000000000000000')",
    "VACUUM INTO 'elsewhere.sqlite'",
    "PRAGMA wal_checkpoint",
    "PRAGMA incremental_vacuum",
    "PRAGMA shrink_memory",
    "EXPLAIN QUERY PLAN DELETE FROM ratings",
    "DELETE FROM ratings RETURNING *",
]

READS = [
    "PRAGMA integrity_check",
    "PRAGMA user_version",
    "SELECT name FROM sqlite_master WHERE type = 'table'",
    "EXPLAIN QUERY PLAN SELECT * FROM ratings WHERE rating = 'Good'",
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3) SELECT x FROM c",
    "SELECT random() IS NOT NULL AS yes",
    "  -- a comment first\n  SELECT count(*) FROM ratings;  ",
]


@pytest.mark.parametrize("statement", WRITE_ATTEMPTS)
def test_sql_cannot_write(own_db: Path, statement: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = sha256(own_db)
    code, out, err = run("sql", statement, "--db", own_db)
    assert code == 2
    assert out == ""
    assert err.startswith("hmip: error: sql:") and err.count("\n") == 1
    assert sha256(own_db) == before
    assert not (tmp_path / "elsewhere.sqlite").exists()


@pytest.mark.parametrize("statement", READS)
def test_sql_runs_every_kind_of_read(own_db: Path, statement: str) -> None:
    before = sha256(own_db)
    code, out, err = run("sql", statement, "--db", own_db, "-f", "csv")
    assert (code, err) == (0, "")
    assert len(out.splitlines()) >= 2
    assert sha256(own_db) == before


def test_sql_on_stdin_that_is_not_utf8_is_one_line(own_db: Path) -> None:
    result = run("sql", "-", "--db", own_db, input=b"SELECT '\xff\xfe' AS x")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "hmip: error: sql: standard input is not UTF-8 text (byte 0xff at offset 8)\n"


def test_sql_with_a_nul_is_one_line(own_db: Path) -> None:
    code, out, err = run("sql", "-", "--db", own_db, input="SELECT 1\x00")
    assert (code, out) == (2, "")
    assert err == "hmip: error: sql: the SQL contains a NUL character\n"


@pytest.mark.slow
def test_sql_given_bytes_that_are_not_utf8_on_the_command_line_is_one_line(own_db: Path) -> None:
    done = run_process("sql", b"SELECT '\xff' AS x", "--db", own_db, text=False)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr == b"hmip: error: sql: the SQL is not valid UTF-8 text (at character 9)\n"


def test_sql_reads_and_formats(own_db: Path) -> None:
    code, out, _ = run(
        "sql",
        "SELECT rating, count(*) AS n FROM ratings WHERE standard = 'overall' GROUP BY 1 ORDER BY 1",
        "--db",
        own_db,
        "-f",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    assert sum(r["n"] for r in rows) == 275
    assert isinstance(rows[0]["n"], int)


def test_sql_from_stdin(own_db: Path) -> None:
    code, out, _ = run("sql", "-", "--db", own_db, "-f", "csv", input="SELECT count(*) AS n FROM inspections")
    assert (code, out) == (0, "n\n275\n")


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_export_import_export_is_identical(tmp_path: Path, fmt: str) -> None:
    code, first, _ = run("export", "-f", fmt, "--db", SHIPPED_DB)
    assert code == 0 and first
    exported = tmp_path / f"ratings.{fmt}"
    exported.write_text(first, encoding="utf-8")
    empty = tmp_path / "empty.sqlite"
    assert run("db", "init", "--empty", "--db", empty).exit_code == 0
    code, _, err = run("import", exported, "--db", empty)
    assert code == 0, err
    assert "495 added, 0 changed, 0 unchanged" in err
    code, second, _ = run("export", "-f", fmt, "--db", empty)
    assert code == 0
    assert second == first


def test_export_csv_has_the_sourced_columns_and_rows() -> None:
    code, out, _ = run("export", "--db", SHIPPED_DB)
    source = SOURCE_CSV.read_text(encoding="utf-8").splitlines()
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == source[0]
    exported = sorted(csv.DictReader(lines), key=lambda r: (r["inspection_id"], r["standard"]))
    sourced = sorted(csv.DictReader(source), key=lambda r: (r["inspection_id"], r["standard"]))
    assert len(exported) == len(sourced)
    for out_row, in_row in zip(exported, sourced, strict=True):
        # a code the source leaves blank is the framework's, filled on import; nothing else differs
        if not in_row["standard_code"]:
            in_row["standard_code"] = out_row["standard_code"]
        assert out_row == in_row


def test_export_rejects_a_non_import_format() -> None:
    code, out, err = run("export", "-f", "table", "--db", SHIPPED_DB)
    assert (code, out) == (2, "")
    assert "'table' is not one of 'csv', 'json', 'ndjson'." in err


def test_views_give_one_row_per_inspection_and_per_rating() -> None:
    code, out, _ = run("sql", "SELECT * FROM inspection_ratings", "--db", SHIPPED_DB, "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 275
    assert {"overall", "known_points", "standards_known", "assessment", "through_the_gate"} <= set(rows[0])
    with_standards = [r for r in rows if r["standards_known"]]
    assert sum(r["standards_known"] for r in with_standards) == 495 - 275
    code, out, _ = run("sql", "SELECT count(*) AS n FROM rating_details", "--db", SHIPPED_DB, "-f", "csv")
    assert (code, out) == (0, "n\n495\n")
