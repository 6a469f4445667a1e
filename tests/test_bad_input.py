"""Hostile input and hostile database paths: one clear line, the documented code, nothing changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, run, sha256

from hmip_cli.errors import ExitCode

HEADER = "service,provider_type,framework,inspection_year,published,standard,rating\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "own.sqlite"
    assert run("db", "init", "--db", path).exit_code == 0
    return path


@pytest.mark.slow
def test_a_50_mb_single_field_is_a_located_error(tmp_path: Path, db: Path) -> None:
    source = tmp_path / "huge.csv"
    source.write_text(HEADER + "A CRC,CRC,probation-2018,2018/19,2018-09,overall," + "x" * 50_000_000 + "\n")
    before = sha256(db)
    result = run("import", source, "--db", db)
    assert result.exit_code == ExitCode.INVALID_DATA
    assert result.stdout == ""
    assert f"{source}:2: rating: unknown rating" in result.stderr
    assert len(result.stderr) < 2_000  # the message quotes the value, but not 50 MB of it
    assert sha256(db) == before


@pytest.mark.slow
def test_100_000_bad_rows_are_capped_and_counted(tmp_path: Path, db: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(HEADER + "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Superb\n" * 100_000)
    before = sha256(db)
    result = run("import", source, "--db", db)
    assert result.exit_code == ExitCode.INVALID_DATA
    lines = result.stderr.splitlines()
    assert len(lines) == 51
    assert lines[-1] == "hmip: 100000 problems (99950 more not shown); nothing was written"
    assert sha256(db) == before


def test_deeply_nested_json_is_a_data_error(tmp_path: Path, db: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    result = run("import", source, "--db", db)
    assert result.exit_code == ExitCode.INVALID_DATA
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_json_that_is_not_a_list(tmp_path: Path, db: Path) -> None:
    source = tmp_path / "object.json"
    source.write_text(json.dumps({"service": "A"}))
    result = run("import", source, "--db", db)
    assert result.exit_code == ExitCode.INVALID_DATA
    assert "must be a list" in result.stderr


def test_a_missing_database_is_a_clear_runtime_error(tmp_path: Path) -> None:
    result = run("list", "--db", tmp_path / "nope.sqlite")
    assert (result.exit_code, result.stdout) == (ExitCode.ERROR, "")
    assert result.stderr.strip().endswith("database not found (create it with `hmip db init` or `hmip import`)")


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    for args in (["list"], ["import", "-"]):
        result = run(*args, "--db", tmp_path, input="x")
        assert result.exit_code in (ExitCode.ERROR, ExitCode.INVALID_DATA)
        assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("this is not a database\n" * 100)
    before = sha256(path)
    result = run("list", "--db", path)
    assert result.exit_code == ExitCode.ERROR
    assert "not a readable SQLite database" in result.stderr or "not an hmip database" in result.stderr
    assert sha256(path) == before


def test_a_newer_schema_is_refused_for_reading_and_writing(db: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('hmip', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    before = sha256(db)
    source = tmp_path / "ok.csv"
    source.write_text(HEADER + "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Good\n")
    for args in (["list"], ["import", str(source)]):
        result = run(*args, "--db", db)
        assert result.exit_code == ExitCode.ERROR
        assert "newer than this hmip" in result.stderr and "m999_future" in result.stderr
    assert sha256(db) == before


def test_a_read_only_database_cannot_be_imported_into(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "ok.csv"
    source.write_text(HEADER + "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Good\n")
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        before = sha256(db)
        result = run("import", source, "--db", db)
        if result.exit_code == 0:
            pytest.skip("running as a user that may write read-only files (root)")
        assert result.exit_code == ExitCode.ERROR
        assert result.stderr.startswith("hmip: error:") and "Traceback" not in result.stderr
        assert sha256(db) == before
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)


def test_writing_to_the_bundled_database_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "ok.csv"
    source.write_text(HEADER + "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Good\n")
    before = sha256(SHIPPED_DB)
    result = run("import", source, "--db", SHIPPED_DB)
    assert result.exit_code == ExitCode.ERROR
    assert "bundled database is read-only" in result.stderr
    assert sha256(SHIPPED_DB) == before


def test_no_command_of_any_kind_writes_a_shipped_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from hmip_cli.store.locations import shipped_databases

    shipped = [p for p in shipped_databases() if p.exists()]
    before = [sha256(p) for p in shipped]
    monkeypatch.delenv("HMIP_DB", raising=False)
    commands = [
        ["db", "info"],
        ["db", "path"],
        ["list", "--standard", "all"],
        ["compare", "-y", "1", "-y", "2"],
        ["compare", "-y", "1", "-y", "9"],
        ["league"],
        ["summary", "--by", "standard"],
        ["show", "camden"],
        ["show", "york"],
        ["standards"],
        ["figures"],
        ["figures", "check"],
        ["export", "-f", "json"],
        ["sql", "SELECT count(*) FROM ratings"],
        ["sql", "DELETE FROM ratings"],
        ["list", "--rating", "meh"],
    ]
    for args in commands:
        result = run(*args)
        assert result.exit_code in (0, 2), (args, result.stderr)
    assert [sha256(p) for p in shipped] == before
