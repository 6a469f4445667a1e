"""Issue 22's screens, on the shipped data: at 80 columns the citation columns and the columns asked
for stay, ids stay distinct, and a wider terminal is never longer. These read the shipped record
(the figures people cite), so they live apart from the fixture goldens of test_tables.py."""

from __future__ import annotations

import pytest
from helpers import SHIPPED_DB, run


def table_at(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*args, "-f", "table")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_ids_are_elided_in_the_middle_and_stay_distinct(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22: at 80 columns both Durham Tees Valley inspection ids were `durham-tees-valley-cr…`."""
    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))  # the screens the issue names, on the shipped data
    text = table_at(["show", "durham tees valley crc"], 80, monkeypatch)
    ids = [line.split()[0] for line in text.splitlines() if line.startswith("durham-tees")]
    assert len(ids) >= 4 and {i[-7:] for i in ids} == {"2018-19", "2019-20"}
    assert "HMI Probation" in text and "thenorthernecho.co.uk" in text  # each rating's source


def test_citation_and_asked_for_columns_stay_at_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))  # the screens the issue names, on the shipped data
    listing = table_at(["list", "--rating", "inadequate", "--latest"], 80, monkeypatch)
    assert "Source" in listing and "Published" in listing
    # the same on every row: stated once (a rating marked † from a secondary source is not the same)
    assert "Standard overall" in listing.split("On every row: ")[1].split("\n")[0]
    standards = table_at(["standards", "--framework", "probation-2018"], 80, monkeypatch)
    for name in ("Leadership", "Implementation and delivery", "Through the Gate", "Unpaid work"):
        assert name in standards
    assert "On every row: Framework probation-2018" in standards


def test_coverage_shows_hmips_source_and_is_no_longer_at_120(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))  # the screens the issue names, on the shipped data
    narrow = table_at(["coverage"], 80, monkeypatch)
    wide = table_at(["coverage"], 120, monkeypatch)
    assert len(wide.splitlines()) <= len(narrow.splitlines())
    heading = next(line for line in narrow.splitlines() if line.startswith("Sector"))
    assert "Source" in heading and "HMI Probation" in wide


def test_a_listing_of_both_sectors_counts_each_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))
    words = " ".join(table_at(["list", "--rating", "inadequate", "--latest"], 160, monkeypatch).split())
    assert "; youth " in words and ": probation " in words
    only_pdus = " ".join(table_at(["list", "--rating", "inadequate", "--type", "PDU"], 160, monkeypatch).split())
    assert "probation" not in only_pdus.split("services")[-1] and "; youth" not in only_pdus


def test_standards_with_the_same_share_share_their_rank(monkeypatch: pytest.MonkeyPatch) -> None:
    """probation-2023: four standards at 100.0 % are all first (=1), the next is 5th; an order
    within a share (by n, then name) is never a rank someone could cite."""
    import csv
    import io

    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))
    result = run("summary", "--by", "standard", "--round", "probation-2023", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    ranked = [(r["weakest_rank"], r["share_ri_or_inadequate"]) for r in csv.DictReader(io.StringIO(result.stdout))]
    assert ranked[:5] == [("1", "100.0")] * 4 + [("5", "60.0")]
    table = table_at(["summary", "--by", "standard", "--round", "probation-2023"], 160, monkeypatch)
    assert table.count("=1 ") == 4
