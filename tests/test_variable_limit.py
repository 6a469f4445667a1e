"""No statement binds a value per row: every command works on a database with more inspections,
services and ratings than SQLite lets one statement bind (SQLITE_LIMIT_VARIABLE_NUMBER, lowered
here to 100 on every connection hmip opens; SQLite's default since 3.32 is 32,766)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import FIGURES_CSV, generated_csv, init_db, rows, run, write

from hmip_cli.app import COMMANDS

LIMIT = 100
_connect = sqlite3.connect


def limited_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    conn = _connect(*args, **kwargs)
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, LIMIT)
    return conn


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped rows copied three times with suffixed ids: above LIMIT in every count that matters."""
    folder = tmp_path_factory.mktemp("limit")
    source = folder / "ratings.csv"
    generated_csv(3 * 233, source, shape="template")
    db = init_db(folder / "big.sqlite", empty=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", limited_connect)
        result = run("import", source, "--db", db)
        assert result.exit_code == 0, result.stderr
        again = run("import", source, "--db", db)  # every row compared with what is stored
        assert again.exit_code == 0 and "0 added, 0 changed" in again.stderr, again.stderr
    yield db


def test_the_database_is_above_the_limit(big_db: Path) -> None:
    ((inspections, services, ratings),) = rows(
        big_db,
        "SELECT (SELECT count(*) FROM inspections), (SELECT count(DISTINCT service_id) FROM inspections),"
        " (SELECT count(*) FROM ratings)",
    )
    assert int(inspections) > LIMIT and int(services) > LIMIT and int(ratings) > 2 * LIMIT  # type: ignore[call-overload]


def invocations(db: Path, out: Path) -> list[list[str | Path]]:
    d = ["--db", db]
    return [
        ["list", *d],
        ["list", "--standard", "all", "--latest", "-f", "csv", *d],
        ["show", "merseyside-crc-x000003", *d],
        ["standards", "--framework", "probation-2018"],
        ["compare", "--year", "1", "--year", "2", "--paired", *d],
        ["compare", "--round", "pdu-2021", "--round", "probation-2023", "--sector", "probation", *d],
        ["league", *d],
        ["league", "--latest", "-f", "table", *d],
        # every form of the league's rows: records built by SQLite (tsv, csv), values (json), --fields
        ["league", "-f", "csv", "--fields", "service_id,rank,strip,sector", "--source-kind", "hmip", *d],
        ["league", "-f", "json", "--round", "youth-2021", *d],
        # the other per-framework views: by standard, one standard compared, the heatmap narrowed
        ["summary", "--by", "standard", "--latest", "-f", "csv", *d],
        ["compare", "--round", "youth-2018", "--round", "youth-2021", "--standard", "staff", *d],
        ["chart", "heatmap", "--latest", "--sector", "youth", *d],
        *(["summary", "--by", by, *d] for by in ("year", "type", "region", "standard")),
        ["coverage", *d],
        ["gaps", *d],
        ["cite", *d],
        ["report", "--out", out / "report.html", *d],
        ["report", "--out", out / "report.md", *d],
        ["chart", "distribution", *d],
        ["chart", "heatmap", *d],
        ["chart", "history", "merseyside-crc-x000003", *d],
        ["export", "-f", "csv", *d],
        ["template", "youth-2021"],
        ["sql", "SELECT count(*) AS n FROM ratings", *d],
        ["figures", *d],
        ["figures", "check", *d],
        ["db", "info", *d],
        ["db", "path", *d],
        ["db", "migrate", *d],
    ]


def test_every_command_runs_under_the_lowered_limit(
    big_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "connect", limited_connect)
    calls = invocations(big_db, tmp_path)
    # serve runs Datasette (an optional extra, in its own process); import ran in the fixture;
    # db init and db build write new files and read no stored rows;
    # extract reads a report and docs a shipped document: no database
    covered = {str(call[0]) for call in calls} | {"import", "serve", "extract", "docs"}
    assert covered == set(COMMANDS), "a command is missing from invocations(): add it there"
    for call in calls:
        result = run(*call)
        assert result.exit_code == 0, (call, result.stderr, result.exception)
        assert result.exception is None


def test_a_figures_import_above_the_limit(big_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header, first, *_ = FIGURES_CSV.read_text(encoding="utf-8").splitlines()
    figure_id, topic, measure, rest = first.split(",", 3)
    many = [f"{figure_id}-copy{n},{topic},{measure} {n},{rest}" for n in range(LIMIT + 10)]
    source = write(tmp_path / "figures.csv", "\n".join([header, *many]) + "\n")
    monkeypatch.setattr(sqlite3, "connect", limited_connect)
    for _ in range(2):  # added, then compared with what is stored
        result = run("import", source, "--db", big_db)
        assert result.exit_code == 0, result.stderr
    assert rows(big_db, "SELECT count(*) FROM figures WHERE figure_id LIKE '%-copy%'") == [(LIMIT + 10,)]
