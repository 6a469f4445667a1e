"""An empty rating cell means "not recorded": the row is skipped and counted, never an error and
never a rating, in every layout where a rating can be empty; the rest of the row is still checked."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from helpers import SUMMARY, init_db, rows, run, sha256, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmip_cli.schemas.frameworks import ProviderType, get_framework

HEADER = "inspection_id,service,provider_type,region,framework,published,standard,standard_code,rating,source_url\n"
URL = "https://example.org/report"


def long_row(standard: str, rating: str, *, region: str = "London", code: str = "") -> str:
    return f"camden-2022,Camden YJS,YOT,{region},youth-2021,2022-05,{standard},{code},{rating},{URL}\n"


def imported(tmp_path: Path, name: str, text: str, *extra: str) -> tuple[int, str, str, Path]:
    db = init_db(tmp_path / "db.sqlite", empty=True)
    before = sha256(db)
    result = run("import", write(tmp_path / name, text), "--db", db, *extra)
    if result.exit_code != 0:
        assert sha256(db) == before
    return result.exit_code, result.stdout, result.stderr, db


def summary(stderr: str) -> dict[str, str | None]:
    match = re.fullmatch(SUMMARY + "\n", stderr)
    assert match, stderr
    return match.groupdict()


def stored(db: Path) -> list[tuple[object, ...]]:
    return rows(db, "SELECT inspection_id, standard, rating FROM ratings ORDER BY standard")


def test_rows_left_empty_are_skipped_and_counted(tmp_path: Path) -> None:
    text = HEADER + long_row("overall", "Good") + long_row("2.1", "") + long_row("staff", "  ") + long_row("4.1", "RI")
    code, out, err, db = imported(tmp_path, "r.csv", text)
    assert (code, out) == (0, "")
    assert err == f"2 added, 0 changed, 0 unchanged (1 new inspections), 2 left empty in {db}\n"
    assert stored(db) == [("camden-2022", "overall", "Good"), ("camden-2022", "resettlement", "Requires improvement")]


def test_a_dry_run_counts_them_too(tmp_path: Path) -> None:
    code, _, err, db = imported(
        tmp_path, "r.csv", HEADER + long_row("overall", "Good") + long_row("2.1", ""), "--dry-run"
    )
    assert code == 0
    assert (
        err == f"dry run, nothing written: 1 added, 0 changed, 0 unchanged (1 new inspections), 1 left empty in {db}\n"
    )


def test_a_file_of_rows_all_left_empty_records_nothing_and_is_no_error(tmp_path: Path) -> None:
    code, out, err, db = imported(tmp_path, "r.csv", HEADER + long_row("overall", "") + long_row("2.1", ""))
    assert (code, out) == (0, "")
    assert summary(err) == {**summary(err), "added": "0", "new": "0", "left_empty": "2"}
    assert rows(db, "SELECT count(*) FROM inspections") == [(0,)]
    assert rows(db, "SELECT count(*) FROM services") == [(0,)]


def test_a_file_of_no_rows_is_still_an_error(tmp_path: Path) -> None:
    code, out, err, _ = imported(tmp_path, "r.csv", HEADER)
    assert (code, out) == (3, "")
    assert "no ratings found" in err


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        pytest.param(
            long_row("joint-working", ""),
            "standard: standard 'joint-working' is not in youth-2021 for YOT services (accepted: overall, ",
            id="a standard the framework lacks",
        ),
        pytest.param(
            long_row("court-assessment", "", code="3.1"),
            "standard_code: '3.1' is not the code of court-assessment in youth-2021 (accepted: 2.1)",
            id="a code of another standard",
        ),
        pytest.param(
            "x-2022,X,YJS,London,youth-2021,2022-05,overall,,,\n",
            "provider_type: unknown provider type 'YJS' (accepted: ",
            id="an unknown provider type",
        ),
        pytest.param(
            "x-2022,X,YOT,London,youth-2021,2022-13,overall,,,\n",
            "published: ",
            id="an impossible date",
        ),
    ],
)
def test_the_rest_of_a_row_left_empty_is_still_checked(tmp_path: Path, row: str, problem: str) -> None:
    code, out, err, _ = imported(tmp_path, "r.csv", HEADER + long_row("overall", "Good") + row)
    assert (code, out) == (3, "")
    assert err.splitlines()[0].startswith(f"{tmp_path / 'r.csv'}:3: {problem}"), err


def test_a_row_left_empty_that_contradicts_the_inspection_is_a_problem(tmp_path: Path) -> None:
    text = HEADER + long_row("2.1", "", region="Wales") + long_row("overall", "Good")
    code, out, err, _ = imported(tmp_path, "r.csv", text)
    assert (code, out) == (3, "")
    assert err.splitlines()[0] == (
        f"{tmp_path / 'r.csv'}:2: region: 'Wales' conflicts with 'London' at line 3 for inspection camden-2022"
    )


def test_left_empty_is_no_change_to_a_stored_rating(tmp_path: Path) -> None:
    db = init_db(tmp_path / "db.sqlite", empty=True)
    first = run(
        "import", write(tmp_path / "a.csv", HEADER + long_row("overall", "Good") + long_row("2.1", "Good")), "--db", db
    )
    assert first.exit_code == 0, first.stderr
    again = run(
        "import", write(tmp_path / "b.csv", HEADER + long_row("overall", "Good") + long_row("2.1", "")), "--db", db
    )
    assert again.exit_code == 0, again.stderr
    assert again.stderr == f"0 added, 0 changed, 1 unchanged (0 new inspections), 1 left empty in {db}\n"
    assert stored(db)[0] == ("camden-2022", "court-assessment", "Good")


def test_a_row_left_empty_beside_a_rating_of_the_same_standard_is_no_second_rating(tmp_path: Path) -> None:
    code, _, err, db = imported(tmp_path, "r.csv", HEADER + long_row("2.1", "") + long_row("2.1", "Good"))
    assert code == 0, err
    assert stored(db) == [("camden-2022", "court-assessment", "Good")]


INSPECTION = {"service": "Camden YJS", "provider_type": "YOT", "framework": "youth-2021", "published": "2022-05"}


@pytest.mark.parametrize("empty", [None, "", " ", {"rating": None}, {"rating": "", "source_url": URL}])
@pytest.mark.parametrize("suffix", [".json", ".ndjson"])
def test_json_null_or_empty_is_left_empty(tmp_path: Path, empty: object, suffix: str) -> None:
    record = {**INSPECTION, "ratings": {"overall": "Good", "court-assessment": empty}}
    text = json.dumps([record]) if suffix == ".json" else json.dumps(record) + "\n"
    code, _, err, db = imported(tmp_path, f"r{suffix}", text)
    assert code == 0, err
    assert summary(err)["left_empty"] == "1"
    assert [s for _, s, _ in stored(db)] == ["overall"]


def test_a_json_rating_object_without_a_rating_is_still_a_problem(tmp_path: Path) -> None:
    record = {**INSPECTION, "ratings": {"overall": "Good", "court-assessment": {"source_url": URL}}}
    code, out, err, _ = imported(tmp_path, "r.ndjson", json.dumps(record) + "\n")
    assert (code, out) == (3, "")
    assert err.startswith(f"{tmp_path / 'r.ndjson'}:1: rating: ")


def test_wide_counts_the_empty_cells_of_the_rows_own_standards_only(tmp_path: Path) -> None:
    text = (
        "service,provider_type,framework,overall,court-assessment,ooc-joint-working,ooc-policy-and-provision,"
        "through-the-gate\n"
        "Camden YJS,YOT,youth-2021,Good,,,,\n"
    )
    code, _, err, db = imported(tmp_path, "w.csv", text)
    assert code == 0, err
    # court assessment and ooc policy are youth-2021's; joint working (youth-2018) and Through
    # the Gate (probation) are not, so their empty cells are not this row's
    assert summary(err)["left_empty"] == "2"
    assert [s for _, s, _ in stored(db)] == ["overall"]


def test_a_wide_row_of_an_unknown_framework_is_reported_once(tmp_path: Path) -> None:
    text = "service,provider_type,framework,overall,assessment,staff\nX,CRC,probation-2019,,,\n"
    code, out, err, _ = imported(tmp_path, "w.csv", text)
    assert (code, out) == (3, "")
    assert err.splitlines()[-1] == "hmip: 1 problem; nothing was written"
    assert "framework: unknown framework 'probation-2019'" in err


YOUTH_2021 = list(get_framework("youth-2021").standards_for(ProviderType.YOT))


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ratings=st.lists(
        st.one_of(st.just(""), st.sampled_from(["Good", "Inadequate", "requires improvement", "OUTSTANDING"])),
        min_size=len(YOUTH_2021) + 1,
        max_size=len(YOUTH_2021) + 1,
    )
)
def test_exactly_the_filled_ratings_are_recorded_and_the_rest_counted(ratings: list[str]) -> None:
    standards = ["overall", *(s.slug for s in YOUTH_2021)]
    text = HEADER + "".join(long_row(s, r) for s, r in zip(standards, ratings, strict=True))
    with tempfile.TemporaryDirectory() as tmp:
        code, _, err, db = imported(Path(tmp), "r.csv", text)
        assert code == 0, err
        filled = {s for s, r in zip(standards, ratings, strict=True) if r}
        assert {s for _, s, _ in stored(db)} == filled
        found = summary(err)
        assert int(found["added"] or 0) == len(filled)
        assert int(found["left_empty"] or 0) == len(standards) - len(filled)
