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


# --- HMIP's totals beside every view whose scope matches one (issue 22 item 4) ------------------


def test_summary_by_type_shows_hmips_totals_for_each_type_and_the_sector() -> None:
    _, notes = rows_and_notes("summary", "--by", "type", "--year", "2019/20", "--sector", "probation")
    assert "every type, 2019/20: HMIP published 0 / 4 / 6 / 0 (10); recorded here 0 / 3 / 6 / 0 (9)" in notes
    assert "CRC, 2019/20: HMIP published 3 Good; recorded here 2 Good" in notes
    assert "NPS, 2019/20: HMIP published 1 Good; recorded here 1 Good" in notes


def test_summary_by_type_on_a_terminal_carries_the_same_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = run("summary", "--by", "type", "--year", "2019/20", "--type", "CRC", "-f", "table").stdout
    assert "CRC, 2019/20: HMIP published 3 Good; recorded here 2 Good" in text
    assert "every type" not in text  # --type CRC: the sector's total is not this scope


def test_summary_by_type_without_one_point_in_time_claims_no_total() -> None:
    _, notes = rows_and_notes("summary", "--by", "type", "--sector", "probation")
    assert "HMIP published" not in notes


def test_summary_by_published_year_shows_hmips_pdu_count() -> None:
    _, notes = rows_and_notes("summary", "--by", "published", "--type", "PDU")
    assert "2022: HMIP published 17 in all, 10 Inadequate" in notes


def test_a_published_share_over_two_services_is_marked() -> None:
    rows, notes = rows_and_notes("coverage")
    share = next(r for r in rows if r["unit"] == "percent" and r["sector"] == "youth" and r["period"] == "2018/19")
    assert share["evidence"] == THIN
    assert "here is a share of 2 services — too few to compare" in notes
    _, notes = rows_and_notes("summary", "--by", "type", "--year", "2018/19", "--sector", "youth")
    assert "HMIP published 58% Good or Outstanding; recorded here 100% Good or Outstanding — a share of" in notes
