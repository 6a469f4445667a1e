"""The data's date: recorded by the build from data/source/release.toml (never the clock), shown
by --version, db info, the report and `hmip cite`; CITATION.cff valid."""

from __future__ import annotations

import csv
import json
import sqlite3
import tomllib
from pathlib import Path

import pytest
from helpers import CHECKOUT_DB, ROOT, SOURCE_CSV, rows, run, run_python, sha256

from hmip_cli import __version__
from hmip_cli.store.release import content_digest

RELEASE_TOML = ROOT / "data" / "source" / "release.toml"


def compiled_in_source() -> str:
    return tomllib.loads(RELEASE_TOML.read_text(encoding="utf-8"))["compiled"].isoformat()


def shipped_facts() -> tuple[int, int, str]:
    ((inspections, ratings, latest),) = rows(
        CHECKOUT_DB,
        "SELECT (SELECT count(*) FROM inspections), (SELECT count(*) FROM ratings),"
        " (SELECT max(published) FROM inspections)",
    )
    return int(str(inspections)), int(str(ratings)), str(latest)


def test_the_shipped_database_records_the_sources_compile_date_and_its_own_rows() -> None:
    inspections, ratings, latest = shipped_facts()
    ((compiled, latest_published, counted, rated, digest),) = rows(
        CHECKOUT_DB, "SELECT compiled, latest_published, inspections, ratings, digest FROM data_release"
    )
    assert (compiled, latest_published, counted, rated) == (compiled_in_source(), latest, inspections, ratings)
    conn = sqlite3.connect(f"file:{CHECKOUT_DB}?mode=ro", uri=True)
    try:
        assert digest == content_digest(conn)
    finally:
        conn.close()


def test_the_sources_are_not_dated_before_a_publication_they_hold() -> None:
    with SOURCE_CSV.open(encoding="utf-8", newline="") as handle:
        published = [row["published"] for row in csv.DictReader(handle) if row["published"]]
    assert max(published) <= compiled_in_source()


def test_version_names_the_code_and_the_shipped_datas_latest_publication_and_compile_date() -> None:
    inspections, _, latest = shipped_facts()
    result = run("--version")
    assert result.exit_code == 0
    expected = f"hmip {__version__}; data: {inspections} inspections to {latest}, compiled {compiled_in_source()}\n"
    assert result.stdout == expected
    assert result.stderr == ""


@pytest.mark.slow
def test_version_imports_nothing_heavy() -> None:
    code = (
        "import sys, io, contextlib\n"
        "sys.argv = ['hmip', '--version']\n"
        "from hmip_cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'rich', 'sqlite_utils'}))\n"
    )
    assert run_python(code).strip() == "[]"


def test_a_build_takes_its_date_from_the_sources_not_the_clock(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for out in (first, second):
        result = run("db", "build", out, "--source", SOURCE_CSV)
        assert result.exit_code == 0, result.stderr
        assert f"compiled {compiled_in_source()}" in result.stderr
    assert sha256(first) == sha256(second)
    dated = run("db", "build", tmp_path / "c.sqlite", "--source", SOURCE_CSV, "--compiled", "2025-03-04")
    assert dated.exit_code == 0, dated.stderr
    assert rows(tmp_path / "c.sqlite", "SELECT compiled FROM data_release") == [("2025-03-04",)]


def test_a_bad_compile_date_is_a_usage_error(tmp_path: Path) -> None:
    result = run("db", "build", tmp_path / "x.sqlite", "--compiled", "last tuesday")
    assert result.exit_code == 2
    assert "--compiled: 'last tuesday' is not a date (accepted: YYYY-MM-DD)" in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_a_source_without_release_toml_builds_an_undated_database(tmp_path: Path) -> None:
    source = tmp_path / "ratings.csv"
    source.write_bytes(SOURCE_CSV.read_bytes())
    result = run("db", "build", tmp_path / "x.sqlite", "--source", source)
    assert result.exit_code == 0, result.stderr
    assert "compiled on a date not recorded" in result.stderr
    assert rows(tmp_path / "x.sqlite", "SELECT compiled FROM data_release") == [(None,)]


def test_db_info_carries_the_datas_date(own_db: Path) -> None:
    _, _, latest = shipped_facts()
    result = run("db", "info", "--db", own_db, "--view", "database", "-f", "json")
    assert result.exit_code == 0, result.stderr
    values = {row["key"]: row["value"] for row in json.loads(result.stdout)}
    assert values["latest_published"] == latest
    assert values["data_compiled"] == compiled_in_source()
    assert len(values["data_release"]) == 12


def test_an_empty_database_has_no_compile_date(tmp_path: Path) -> None:
    result = run("db", "init", "--db", tmp_path / "e.sqlite", "--empty")
    assert result.exit_code == 0
    info = run("db", "info", "--db", tmp_path / "e.sqlite", "--view", "database", "-f", "json")
    values = {row["key"]: row["value"] for row in json.loads(info.stdout)}
    assert values["data_compiled"] is None and values["latest_published"] is None
    cited = run("cite", "--db", tmp_path / "e.sqlite")
    assert "0 inspections, compile date not recorded" in cited.stdout


def test_the_report_carries_the_datas_date(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = run("report", "--out", out)
    assert result.exit_code == 0, result.stderr
    inspections, _, latest = shipped_facts()
    assert f"Data: {inspections} inspections to {latest}, compiled {compiled_in_source()}." in out.read_text()


def test_cite_bibtex_names_the_latest_publication_and_the_compile_date() -> None:
    inspections, _, latest = shipped_facts()
    result = run("cite", "-f", "bibtex")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("@software{hmip,\n")
    assert f"  version = {{{__version__}}}," in result.stdout
    data_entry = result.stdout.split("@misc{", 1)[1]
    assert f"  version = {{{compiled_in_source()}}}," in data_entry
    assert f"{inspections} inspections to {latest}, compiled {compiled_in_source()}" in data_entry
    assert "Open Government Licence v3.0" in data_entry


def test_cite_plain_carries_hmips_licence_line() -> None:
    result = run("cite")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Software", "Data", "Ratings data"]
    assert "Open Government Licence v3.0" in lines[2] and "Crown copyright" in lines[2]


def test_cite_csl_json_is_a_software_and_a_dataset_item() -> None:
    result = run("cite", "-f", "csl-json")
    assert result.exit_code == 0
    software, data = json.loads(result.stdout)
    assert (software["type"], software["version"]) == ("software", __version__)
    assert data["type"] == "dataset" and data["version"] == compiled_in_source()
    year, month, day = (int(part) for part in compiled_in_source().split("-"))
    assert data["issued"] == {"date-parts": [[year, month, day]]}


def test_citation_cff_is_valid_and_names_this_version() -> None:
    from cffconvert import Citation

    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    Citation(text).validate()  # raises on a file the CFF 1.2.0 schema rejects
    assert f"\nversion: {__version__}\n" in text
