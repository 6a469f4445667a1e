"""The files beside ratings.csv (scores, known inspections, provider types): part of the schema
and of `hmip db build`, validated as strictly as the ratings, and counted apart in `db info`."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SHIPPED_DB, rows, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from record_fixture import build_record, source_dir

from hmip_cli.errors import DataError
from hmip_cli.schemas.record_files import PublishedScore, read_record_file


def info(db: Path) -> dict[str, object]:
    result = run("db", "info", "--db", db, "--view", "database", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return {r["key"]: r["value"] for r in json.loads(result.stdout)}


def test_the_build_loads_all_three_files_and_db_info_counts_the_known_apart(tmp_path: Path) -> None:
    db = build_record(tmp_path)
    counted = info(db)
    assert (counted["inspections"], counted["ratings"], counted["standard_ratings"]) == (7, 8, 1)
    assert (counted["inspections_not_recorded"], counted["published_scores"]) == (1, 1)
    assert rows(db, "SELECT provider_type, operating_to FROM provider_types WHERE provider_type = 'CRC'") == [
        ("CRC", "2021-06")
    ]
    assert rows(db, "SELECT score, out_of FROM scores") == [(2, 27)]


def test_a_missing_file_leaves_its_table_empty_and_is_named(tmp_path: Path) -> None:
    ratings = source_dir(tmp_path / "src", scores=None, known=None)
    out = tmp_path / "out.sqlite"
    result = run("db", "build", out, "--source", ratings)
    assert result.exit_code == 0, result.stderr
    assert f"no scores.csv beside {ratings}: its table is empty" in result.stderr
    assert f"no known_inspections.csv beside {ratings}: its table is empty" in result.stderr
    assert rows(out, "SELECT count(*) FROM scores") == [(0,)]
    assert rows(out, "SELECT count(*) FROM known_inspections") == [(0,)]


def test_a_bad_row_is_located_and_nothing_is_built(tmp_path: Path) -> None:
    bad = "inspection_id,score,out_of,source_title,source_published,source_url\nx,30,27,t,,https://example.org\n"
    ratings = source_dir(tmp_path / "src", scores=bad)
    out = tmp_path / "out.sqlite"
    result = run("db", "build", out, "--source", ratings)
    assert (result.exit_code, result.stdout) == (3, "")
    assert (
        f"{tmp_path / 'src' / 'scores.csv'}:2: score: 30 is more than out_of 27 (accepted: 0 to out_of)"
        in result.stderr
    )
    assert not out.exists()


def test_a_known_inspection_must_not_be_rated_and_a_score_must_be(tmp_path: Path) -> None:
    known = (
        "inspection_id,service_id,service,provider_type,region,framework,inspection_year,published,"
        "source_url,source_title,note\nalpha-crc-2018-19,alpha-crc,Alpha CRC,CRC,,,,,,a source,\n"
    )
    scores = "inspection_id,score,out_of,source_title,source_published,source_url\nnobody,1,27,t,,https://e.org\n"
    ratings = source_dir(tmp_path / "src", scores=scores, known=known)
    result = run("db", "build", tmp_path / "out.sqlite", "--source", ratings)
    assert result.exit_code == 3
    assert "'nobody' is not an inspection of the ratings file" in result.stderr
    assert "'alpha-crc-2018-19' is rated in the ratings file" in result.stderr


def test_a_header_that_is_not_the_files_is_refused(tmp_path: Path) -> None:
    ratings = source_dir(tmp_path / "src", scores="inspection_id,points\nx,3\n")
    result = run("db", "build", tmp_path / "out.sqlite", "--source", ratings)
    assert result.exit_code == 3
    assert "scores.csv:1: header: columns inspection_id, points (accepted: inspection_id, score, out_of" in (
        result.stderr
    )


def test_a_new_empty_database_has_the_bundled_provider_types(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    assert run("db", "init", "--empty", "--db", db).exit_code == 0
    assert rows(db, "SELECT provider_type FROM provider_types ORDER BY 1") == rows(
        SHIPPED_DB, "SELECT provider_type FROM provider_types ORDER BY 1"
    )


def test_an_older_database_gains_the_tables_on_migrate(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from hmip_cli.store.schema import migrations

    old = tmp_path / "old.sqlite"
    db = Database(old)
    migrations.apply(db, stop_before="m006_record_tables")
    db.close()
    assert run("db", "migrate", "--db", old).exit_code == 0
    assert rows(old, "SELECT count(*) FROM provider_types") == [(5,)]
    assert info(old)["inspections_not_recorded"] == 8


def test_the_shipped_record_counts() -> None:
    counted = info(SHIPPED_DB)
    assert (counted["inspections"], counted["ratings"], counted["inspections_not_recorded"]) == (275, 495, 8)


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_file_is_rows_or_located_problems(tmp_path: Path, text: str) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("inspection_id,score,out_of,source_title,source_published,source_url\n" + text, encoding="utf-8")
    try:
        found = read_record_file(path, PublishedScore)
    except DataError as exc:
        assert exc.problems and all(p.startswith(f"{path}") for p in exc.problems)
    else:
        assert all(0 <= s.score <= s.out_of for s in found)
