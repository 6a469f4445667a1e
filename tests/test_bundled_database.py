"""The shipped database: built from data/source/ratings.csv, holding all of it, never written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers import CHECKOUT_DB, SHIPPED_DB, SOURCE_CSV, rows, run, sha256, table

from hmip_cli.schemas.ratings import parse_rating

TABLES = (
    "inspections",
    "ratings",
    "services",
    "standards",
    "frameworks",
    "scores",
    "known_inspections",
    "provider_types",
)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "findings.sqlite"
    result = run("db", "build", out, "--source", SOURCE_CSV)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"built {out}: 275 inspections, 495 ratings")
    return out


def source_rows() -> list[dict[str, str]]:
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_bundled_database_is_the_one_in_the_checkout() -> None:
    # editable installs read the checkout's file; wheels carry a byte-identical copy
    assert sha256(SHIPPED_DB) == sha256(CHECKOUT_DB)


@pytest.mark.parametrize("name", TABLES)
def test_a_rebuild_from_source_has_the_same_rows_as_the_committed_file(rebuilt: Path, name: str) -> None:
    assert table(rebuilt, name) == table(CHECKOUT_DB, name)
    assert table(CHECKOUT_DB, name), f"{name} is empty"


def test_a_rebuild_is_the_committed_file_byte_for_byte(rebuilt: Path) -> None:
    # bytes 92-100 of the header are the SQLite version that last wrote the file: nothing of ours
    built, committed = rebuilt.read_bytes(), CHECKOUT_DB.read_bytes()
    assert len(built) == len(committed)
    assert built[:92] + built[100:] == committed[:92] + committed[100:]


def test_the_build_leaves_no_side_files(rebuilt: Path) -> None:
    assert sorted(p.name for p in rebuilt.parent.iterdir()) == ["findings.sqlite"]
    assert rows(rebuilt, "PRAGMA journal_mode") == [("delete",)]


def test_it_holds_every_row_of_the_source_csv_with_the_same_values() -> None:
    source = source_rows()
    assert len(source) == 495
    assert len({r["inspection_id"] for r in source}) == 275
    stored = {
        (r[0], r[9]): r
        for r in rows(
            SHIPPED_DB,
            "SELECT i.inspection_id, i.service_id, s.name, i.service, i.provider_type, i.region, i.framework,"
            " i.inspection_year, i.fieldwork_start, r.standard, r.standard_code, r.rating, r.source_url, r.note,"
            " i.published, r.points"
            " FROM ratings r JOIN inspections i USING (inspection_id) JOIN services s USING (service_id)",
        )
    }
    assert len(stored) == 495
    assert rows(SHIPPED_DB, "SELECT count(*) FROM inspections") == [(275,)]
    for row in source:
        got = stored[(row["inspection_id"], row["standard"])]
        blank = lambda v: v or None  # noqa: E731 - empty CSV cells are NULL
        assert got[0:2] == (row["inspection_id"], row["service_id"])
        assert got[3:9] == (
            row["service"],
            row["provider_type"],
            blank(row["region"]),
            row["framework"],
            blank(row["inspection_year"]),
            blank(row["fieldwork_start"]),
        )
        assert got[9] == row["standard"]
        if row["standard_code"]:
            assert got[10] == row["standard_code"]
        assert got[11] == row["rating"]
        assert got[12] == blank(row["source_url"])
        assert got[13] == blank(row["note"])
        assert got[14] == blank(row["published"])
        assert got[15] == parse_rating(row["rating"]).points


def test_source_urls_and_notes_survive() -> None:
    source = source_rows()
    with_url = sum(1 for r in source if r["source_url"])
    with_note = sum(1 for r in source if r["note"])
    assert with_url > 200 and with_note > 0
    assert rows(SHIPPED_DB, "SELECT count(source_url), count(note) FROM ratings") == [(with_url, with_note)]


def by_sector() -> dict[tuple[str | None, str], tuple[int, ...]]:
    result = run("db", "info", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    found = {}
    for row in json.loads(result.stdout):
        if row.get("view") == "by_sector":
            found[(row["year"], row["sector"])] = (
                row["inspections"],
                row["outstanding"],
                row["good"],
                row["requires_improvement"],
                row["inadequate"],
            )
    return found


def test_db_info_reproduces_hmips_published_figures() -> None:
    sectors = by_sector()
    # HMIP 2018/19: 28 probation services, 0 Outstanding, 6 Good, 21 RI, 1 Inadequate
    assert sectors[("2018/19", "probation")] == (28, 0, 6, 21, 1)
    # HMIP 2019/20: 16 youth services, 1 / 6 / 8 / 1
    assert sectors[("2019/20", "youth")] == (16, 1, 6, 8, 1)


def test_db_info_says_which_file_is_in_use() -> None:
    result = run("db", "info", "--format", "json")
    info = {r["key"]: r["value"] for r in json.loads(result.stdout) if r.get("view") == "database"}
    assert info["path"] == str(SHIPPED_DB)
    assert info["chosen_by"] == "bundled"
    assert (info["inspections"], info["ratings"], info["standard_ratings"]) == (275, 495, 220)
    # known to have taken place, rating in no source held: counted apart from the rated ones
    assert (info["inspections_not_recorded"], info["published_scores"]) == (8, 6)


def test_no_command_writes_the_bundled_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha256(SHIPPED_DB)
    side_files = {p.name for p in SHIPPED_DB.parent.iterdir()}
    bad = tmp_path / "bad.csv"
    bad.write_text("service,provider_type,framework,standard,rating\nA,CRC,probation-2018,overall,Meh\n")
    good = tmp_path / "good.csv"
    good.write_text("service,provider_type,framework,standard,rating\nA,CRC,probation-2018,overall,Good\n")

    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))
    failing = run("import", bad)
    assert (failing.exit_code, failing.stdout) == (3, "")
    refused = run("import", good)
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        f"hmip: error: {SHIPPED_DB}: the bundled database is read-only; write to your own with --db PATH or HMIP_DB\n"
    )
    assert run("import", good, "--dry-run").exit_code == 1
    assert run("import", good, "--db", SHIPPED_DB).exit_code == 1
    assert run("db", "migrate").exit_code == 1
    assert run("db", "init").exit_code == 1
    for args in (["db", "info"], ["db", "path"], ["list"], ["list", "--rating", "inadequate", "--format", "json"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    monkeypatch.delenv("HMIP_DB")
    assert run("db", "info").exit_code == 0  # the fallback read of the bundled file

    assert sha256(SHIPPED_DB) == before
    assert {p.name for p in SHIPPED_DB.parent.iterdir()} == side_files, "no -wal or -shm next to the bundled file"
