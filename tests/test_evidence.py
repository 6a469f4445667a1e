"""Thin data never looks complete (issue 22 item 2): a count, share or ranking over fewer rated
services than --min-services (5) says so on its row, and `summary --by standard` says how few
inspections have any standard recorded."""

from __future__ import annotations

import json

import pytest
from helpers import run

pytestmark = pytest.mark.usefixtures("reads_shipped_db")

THIN = "2 services — too few to compare"


def rows_and_notes(*args: str) -> tuple[list[dict[str, object]], str]:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_compare_marks_youth_2018_19_as_too_few() -> None:
    rows, notes = rows_and_notes("compare", "--year", "1", "--year", "2", "--sector", "youth", "--view", "distribution")
    marks = {r["year"]: r["evidence"] for r in rows}
    assert marks == {"2018/19": "too few to compare", "2019/20": None}
    assert "fewer than 5 services rated" in notes and "--min-services" in notes


def test_compare_on_a_terminal_says_it_under_the_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = run("compare", "--year", "1", "--year", "2", "--sector", "youth", "-f", "table").stdout
    evidence = next(line for line in text.splitlines() if line.startswith("Evidence"))
    assert "too few to compare" in evidence


def test_summary_by_type_marks_the_two_youth_services() -> None:
    rows, notes = rows_and_notes("summary", "--by", "type", "--year", "2018/19")
    marks = {(r["sector"], r["type"]): r["evidence"] for r in rows}
    assert marks == {("probation", "CRC"): None, ("probation", "NPS"): None, ("youth", "YOT"): THIN}
    assert "too few to compare" in notes


def test_the_threshold_is_an_option() -> None:
    rows, _ = rows_and_notes("summary", "--by", "type", "--year", "2018/19", "--min-services", "8")
    assert {r["type"]: r["evidence"] for r in rows}["NPS"] == "7 services — too few to compare"
    rows, notes = rows_and_notes("summary", "--by", "type", "--year", "2018/19", "--min-services", "1")
    assert all(r["evidence"] is None for r in rows) and "too few" not in notes


def test_a_table_with_no_thin_row_draws_no_evidence_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    text = run("summary", "--by", "type", "--year", "2018/19", "--type", "CRC", "-f", "table").stdout
    assert "Evidence" not in text and "CRC" in text


def test_summary_by_standard_says_how_few_inspections_have_standards() -> None:
    rows, notes = rows_and_notes("summary", "--by", "standard", "--framework", "probation-2018")
    assert "of the 38 inspections in this scope have any standard rating recorded" in notes
    assert "recorded only where a source states them" in notes
    unranked = [r for r in rows if r["weakest_rank"] is None and r["rated"]]
    assert unranked and all(r["evidence"] == "too few to compare" for r in unranked)
