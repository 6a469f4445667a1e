"""Answers people can cite (issue 11): sectors apart, every axis labelled, HMIP's totals beside ours.

On the shipped data (HMIP's published figures are the oracle) and on small generated databases
(Hypothesis: no aggregate ever counts probation and youth services together).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from pathlib import Path

import pytest
from helpers import init_db, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmip_cli.schemas.periods import parse_period


def rows_of(args: list[str]) -> tuple[list[dict[str, object]], str]:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def counts(row: dict[str, object]) -> tuple[object, ...]:
    return (row["services"], row["outstanding"], row["good"], row["requires_improvement"], row["inadequate"])


# --- the shipped data against HMIP's published figures -----------------------------------------


def test_compare_keeps_sectors_apart_and_shows_hmips_2019_20_total() -> None:
    rows, notes = rows_of(["compare", "--year", "1", "--year", "2"])
    probation = [r for r in rows if r["view"] == "distribution" and r["sector"] == "probation"]
    assert [counts(r) for r in probation] == [(28, 0, 6, 21, 1), (9, 0, 3, 6, 0)]
    youth = [r for r in rows if r["view"] == "distribution" and r["sector"] == "youth"]
    assert [counts(r) for r in youth][1] == (16, 1, 6, 8, 1)
    assert {r["sector"] for r in rows} == {"probation", "youth"}
    assert "2019/20: HMIP published 0 / 4 / 6 / 0 (10); recorded here 0 / 3 / 6 / 0 (9): 9 of HMIP's 10" in notes
    assert "have no programme year and are not counted (e.g. " in notes


def test_compare_titles_state_the_scope() -> None:
    result = run("compare", "--year", "1", "--year", "2", "--type", "CRC", "--type", "NPS", "-f", "table")
    assert result.exit_code == 0
    assert "Probation services (CRC, NPS), overall rating: 2018/19 vs 2019/20" in result.stdout
    assert "Youth" not in result.stdout


def test_paired_crcs_stand_beside_hmips_nine() -> None:
    rows, notes = rows_of(["compare", "--year", "1", "--year", "2", "--type", "CRC", "--paired"])
    paired = [r for r in rows if r["view"] == "paired_distribution"]
    assert [counts(r) for r in paired] == [(8, 0, 0, 8, 0), (8, 0, 2, 6, 0)]
    assert "HMIP published 0 / 0 / 9 / 0 (9); recorded here 0 / 0 / 8 / 0 (8): 8 of HMIP's 9, 1 not recorded" in notes
    assert "HMIP published 0 / 3 / 6 / 0 (9); recorded here 0 / 2 / 6 / 0 (8)" in notes


def test_pdus_published_in_2022_with_hmips_count() -> None:
    result = run("list", "--type", "PDU", "--published", "2022", "-f", "csv")
    assert result.exit_code == 0
    listed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(listed) == 16
    assert all(str(r["published"]).startswith("2022") for r in listed)
    assert "HMIP published 17 in all, 10 Inadequate; recorded here 16 in all, 9 Inadequate" in result.stderr


def test_compare_by_round_and_by_publication_paired_too() -> None:
    for args in (
        ["compare", "--round", "pdu-2021", "--round", "probation-2023", "--sector", "probation"],
        ["compare", "--published", "2022", "--published", "2024", "--type", "PDU"],
    ):
        for extra in ([], ["--paired"]):
            rows, _ = rows_of([*args, *extra])
            assert rows and {r["sector"] for r in rows} == {"probation"}
            paired = [r for r in rows if r["view"] == "paired_distribution"]
            assert len({r["services"] for r in paired}) == 1  # the same services at both points
    rows, notes = rows_of(["compare", "--published", "2022", "--published", "2024", "--type", "PDU"])
    assert [r["published"] for r in rows if r["view"] == "distribution"] == ["2022", "2024"]
    assert "have no publication date precise enough and are not counted" in notes


def test_compare_refuses_two_axes_at_once() -> None:
    result = run("compare", "--year", "1", "--year", "2", "--round", "pdu-2021", "--round", "probation-2023")
    assert result.exit_code == 2
    assert "one axis" in result.stderr


def test_league_is_one_table_per_framework_ranked_from_one() -> None:
    rows, _ = rows_of(["league"])
    frameworks = list(dict.fromkeys(str(r["framework"]) for r in rows))
    assert frameworks == ["probation-2018", "pdu-2021", "probation-2023", "youth-2018", "youth-2021", "youth-2024"]
    points = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0, None: -1}
    for framework in frameworks:
        table = [r for r in rows if r["framework"] == framework]
        assert table[0]["rank"] == 1
        for before, after in itertools.pairwise(table):
            # nothing ranks above a row of the same overall rating for having fewer standards recorded
            if points[before["overall"]] == points[after["overall"]]:  # type: ignore[index]
                assert not (before["standards_known"] == 0 and after["standards_known"])


def test_league_shares_a_rank_across_an_overall_rating_whatever_is_recorded() -> None:
    """Four Inadequate standards recorded or none, both Requires improvement overall: one rank."""
    rows, _ = rows_of(["league", "--round", "probation-2018"])
    by_service = {r["service"]: r for r in rows}
    staffordshire = by_service["Staffordshire and West Midlands CRC"]
    cheshire = by_service["Cheshire and Greater Manchester CRC"]
    assert staffordshire["overall"] == cheshire["overall"] == "Requires improvement"
    assert (staffordshire["standards_known"], cheshire["standards_known"]) == (4, 0)
    assert staffordshire["rank"] == cheshire["rank"]


def test_league_strip_is_letters_with_a_key() -> None:
    result = run("league", "--year", "2018/19", "--type", "CRC", "-f", "table")
    assert (
        "····IIII--O·" in result.stdout
    )  # Norfolk and Suffolk: four Inadequate, one Outstanding, readable without colour
    assert "Standards, in strip order: 1 1.1 Leadership" in result.stdout
    assert "=2" in result.stdout  # every Requires improvement shares the rank after the one Good


def test_summary_ranks_only_standards_with_enough_ratings() -> None:
    rows, notes = rows_of(["summary", "--by", "standard"])
    assert {(r["sector"], r["framework"]) for r in rows} >= {("probation", "probation-2018"), ("youth", "youth-2018")}
    for framework in {r["framework"] for r in rows}:
        table = [r for r in rows if r["framework"] == framework]
        ranked = [r for r in table if r["weakest_rank"] is not None]
        assert all(int(r["rated"]) >= 5 for r in ranked)  # type: ignore[call-overload]
        assert table[: len(ranked)] == ranked  # the unranked follow
        shares = [r["share_ri_or_inadequate"] for r in ranked]
        assert shares == sorted(shares, reverse=True)  # type: ignore[type-var]
    assert "fewer than 5 ratings" in notes
    loose, _ = rows_of(["summary", "--by", "standard", "--min-n", "1", "--framework", "pdu-2021"])
    assert all(r["weakest_rank"] is not None for r in loose if r["rated"])


def test_latest_lists_who_is_inadequate_now() -> None:
    every = run("list", "--rating", "inadequate", "--type", "PDU", "-f", "csv")
    now = run("list", "--rating", "inadequate", "--type", "PDU", "--latest", "-f", "csv")
    assert "West Kent PDU" in every.stdout and "West Kent PDU" not in now.stdout
    table = run("list", "--rating", "inadequate", "--latest", "-f", "table")
    assert "ratings from" in table.stdout and "inspections of" in table.stdout


def test_sector_and_type_that_cannot_meet_are_a_usage_error() -> None:
    result = run("list", "--sector", "youth", "--type", "CRC")
    assert result.exit_code == 2
    assert "CRC is a probation type" in result.stderr


def test_a_year_no_source_places_points_at_publication() -> None:
    result = run("list", "--year", "2021/22")
    assert result.exit_code == 2
    assert "--published 2021/22" in result.stderr


def test_coverage_lists_every_published_total() -> None:
    rows, _ = rows_of(["coverage"])
    compared = [r for r in rows if r["view"] == "coverage"]
    apart = [r for r in rows if r["view"] == "not_compared"]
    figures = {r["figure_id"] for r in compared} | {r["figure_id"] for r in apart}
    assert len(figures) == 57
    youth = next(r for r in compared if r["sector"] == "youth" and r["period"] == "2019/20" and r["rating"] == "Total")
    assert (youth["published"], youth["recorded"], youth["gap"]) == (16, 16, 0)
    # what cannot be matched to a scope says why: a reporting period hmip has no axis for, a dimension it lacks
    assert apart and all(str(r["reason"]).startswith(("period ", "breakdown ")) for r in apart)


def test_a_users_own_totals_are_matched_too(tmp_path: Path, user_db: Path) -> None:
    init_db(user_db)
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "figure_id,topic,measure,breakdown,period,value,unit,source_title,source_published,source_url\n"
        "my-pdu-round-inadequate,published ratings,PDUs rated Inadequate in the round,"
        "provider=PDU;round=pdu-2021;rating=Inadequate,2021/22,17,count,my notes,2024,\n",
        encoding="utf-8",
    )
    assert run("import", mine).exit_code == 0
    _, notes = rows_of(["compare", "--round", "pdu-2021", "--round", "probation-2023", "--type", "PDU"])
    assert "pdu-2021: HMIP published 17 Inadequate; recorded here 16 Inadequate" in notes


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2022", "2022-01-01", "2022-12-31"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2022/23", "2022-04-01", "2023-03-31"),
        ("2021..2022-06", "2021-01-01", "2022-06-30"),
    ],
)
def test_publication_periods(text: str, first: str, last: str) -> None:
    period = parse_period(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize("text", ["2022-13", "2022/24", "2023..2022", "May 2022"])
def test_bad_publication_periods_are_usage_errors(text: str) -> None:
    result = run("list", "--published", text)
    assert result.exit_code == 2 and "--published" in result.stderr and "accepted:" in result.stderr


# --- generated databases: no aggregate mixes sectors ----------------------------------------------

HEADER = (
    "inspection_id,service_id,service,provider_type,region,framework,inspection_year,fieldwork_start,"
    "published,standard,standard_code,rating,source_url,note\n"
)
FRAMEWORK = {"CRC": "probation-2018", "NPS": "probation-2018", "PDU": "pdu-2021", "YOT": "youth-2018"}
RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
inspections = st.lists(
    st.tuples(
        st.integers(0, 5),  # service number
        st.sampled_from(sorted(FRAMEWORK)),
        st.sampled_from(["2018/19", "2019/20", ""]),
        st.sampled_from(RATINGS),
    ),
    min_size=1,
    max_size=14,
    unique_by=lambda t: (t[0], t[1], t[2]),
)


@pytest.mark.slow
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(chosen=inspections)
def test_no_aggregate_mixes_sectors(
    tmp_path_factory: pytest.TempPathFactory, chosen: list[tuple[int, str, str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("gen")
    db = init_db(folder / "gen.sqlite", empty=True)
    lines = [HEADER]
    for number, kind, year, rating in chosen:
        service = f"svc-{kind.lower()}-{number}"
        inspection = f"{service}-{year.replace('/', '-') or 'undated'}"
        lines.append(
            f"{inspection},{service},Service {kind} {number},{kind},,{FRAMEWORK[kind]},{year},,2020,overall,,"
            f"{rating},https://example.org/{inspection},\n"
        )
    source = folder / "gen.csv"
    source.write_text("".join(lines), encoding="utf-8")
    assert run("import", source, "--db", db).exit_code == 0

    expected: Counter[tuple[str, str]] = Counter(
        ("youth" if kind == "YOT" else "probation", year) for _, kind, year, _ in chosen if year
    )
    result = run("compare", "--year", "2018/19", "--year", "2019/20", "--db", db, "-f", "json")
    if result.exit_code == 0:
        for row in json.loads(result.stdout):
            if row["view"] == "distribution":
                assert row["services"] == expected[(row["sector"], row["year"])]
    else:  # a year with no inspection at all
        assert result.exit_code == 2 and "--year" in result.stderr

    league = json.loads(run("league", "--db", db, "-f", "json").stdout)
    for row in league:
        kinds = [k for k, f in FRAMEWORK.items() if f == row["framework"]]
        assert row["provider_type"] in kinds
    summary = json.loads(run("summary", "--by", "type", "--db", db, "-f", "json").stdout)
    for row in summary:
        assert (row["type"] == "YOT") == (row["sector"] == "youth")


def test_a_type_filter_names_its_sector_in_the_title() -> None:
    result = run("list", "--type", "PDU", "-f", "table")
    assert result.stdout.splitlines()[0] == "Overall ratings: Probation services (PDU)"


def test_coverage_one_view_at_a_time() -> None:
    result = run("coverage", "--view", "not_compared", "--fields", "figure_id,reason", "-f", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "figure_id,reason" and len(lines) == 1 + 18
