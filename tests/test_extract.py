"""`hmip extract`: a report's ratings table, in either layout, to the rows `hmip import` reads;
anything that does not map is a located problem, exit 3, and nothing on stdout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers import DATA, init_db, run, write
from hypothesis import given, settings
from hypothesis import strategies as st

from hmip_cli.errors import DataError
from hmip_cli.ingest.ratings_table import read_ratings_table
from hmip_cli.schemas.frameworks import ProviderType, get_framework
from hmip_cli.schemas.ratings import Rating, parse_rating

EXTRACT = DATA / "extract"
URL = "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/camdenyjs2024/"
CAMDEN = ("--framework", "youth-2021", "--service", "Camden YJS", "--published", "2024-05", "--source", URL)
YOUTH_2021 = [
    ("overall", "", "Good"),
    ("governance-and-leadership", "1.1", "Good"),
    ("staff", "1.2", "Outstanding"),
    ("partnerships-and-services", "1.3", "Good"),
    ("information-and-facilities", "1.4", "Requires improvement"),
    ("court-assessment", "2.1", "Good"),
    ("court-planning", "2.2", "Good"),
    ("court-implementation-and-delivery", "2.3", "Outstanding"),
    ("court-reviewing", "2.4", "Requires improvement"),
    ("ooc-assessment", "3.1", "Inadequate"),
    ("ooc-planning", "3.2", "Requires improvement"),
    ("ooc-implementation-and-delivery", "3.3", "Good"),
    ("ooc-policy-and-provision", "3.4", "Good"),
    ("resettlement", "4.1", "Good"),
]


def extracted(path: Path | str, *args: str, input: str | None = None) -> list[dict[str, str]]:
    code, out, err = run("extract", path, *args, input=input)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def facts(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(r["standard"], r["standard_code"], r["rating"]) for r in rows]


@pytest.mark.parametrize("layout", ["a", "b"])
def test_both_layouts_give_the_same_14_rows_court_and_out_of_court_apart(layout: str) -> None:
    rows = extracted(EXTRACT / f"youth-2021-{layout}.txt", *CAMDEN)
    assert facts(rows) == YOUTH_2021
    assert {(r["service"], r["provider_type"], r["framework"], r["published"], r["source_url"]) for r in rows} == {
        ("Camden YJS", "YOT", "youth-2021", "2024-05", URL)
    }
    assert all(f"hmip extract from the report's ratings table (layout {layout}," in r["note"] for r in rows)
    assert "HMIP's score 25/36" in rows[0]["note"]
    assert not any("score" in r["note"] for r in rows[1:])


def test_the_layouts_differ_only_in_the_note() -> None:
    a, b = (extracted(EXTRACT / f"youth-2021-{x}.txt", *CAMDEN) for x in "ab")
    assert [{**r, "note": ""} for r in a] == [{**r, "note": ""} for r in b]


@pytest.mark.parametrize("layout", ["a", "b"])
def test_extract_into_import_dry_run_is_accepted(tmp_path: Path, layout: str) -> None:
    code, out, err = run("extract", "-", *CAMDEN, input=(EXTRACT / f"youth-2021-{layout}.txt").read_text())
    assert code == 0, err
    db = init_db(tmp_path / "db.sqlite", empty=True)
    result = run("import", "-", "--dry-run", "--db", db, input=out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"dry run, nothing written: 14 added, 0 changed, 0 unchanged (1 new inspections) in {db}\n"


PROBATION_2018 = {
    "CRC": ["1.1 Leadership", "1.2 Staff", "1.3 Services", "1.4 Information and facilities", "2.1 Assessment",
            "2.2 Planning", "2.3 Implementation and delivery", "2.4 Reviewing", "4.1 Unpaid work",
            "4.2 Through the Gate"],
    "NPS": ["1.1 Leadership", "1.2 Staff", "1.3 Services", "1.4 Information and facilities", "2.1 Assessment",
            "2.2 Planning", "2.3 Implementation and delivery", "2.4 Reviewing",
            "3.1 Court reports and case allocation", "3.2 Statutory victim work"],
}  # fmt: skip


@pytest.mark.parametrize("provider", ["CRC", "NPS"])
def test_a_probation_2018_table_maps_each_code(tmp_path: Path, provider: str) -> None:
    ratings = ["Good", "Requires improvement", "Inadequate", "Outstanding"]
    lines = [f"{line} {ratings[i % 4]}" for i, line in enumerate(PROBATION_2018[provider])]
    path = write(tmp_path / "r.txt", "Overall rating: Requires improvement\n" + "\n".join(lines) + "\n")
    args = ("--framework", "probation-2018", "--type", provider, "--service", f"Test {provider}")
    rows = extracted(path, *args, "--published", "2019-03", "--source", URL)
    standards = get_framework("probation-2018").standards_for(ProviderType(provider))
    assert facts(rows) == [
        ("overall", "", "Requires improvement"),
        *((s.slug, s.code, ratings[i % 4]) for i, s in enumerate(standards)),
    ]


def problems(tmp_path: Path, text: str, *args: str) -> list[str]:
    path = write(tmp_path / "r.txt", text)
    code, out, err = run("extract", path, *(args or CAMDEN))
    assert (code, out) == (3, "")
    lines = err.splitlines()
    assert lines[-1].endswith("; nothing was written")
    return [line.removeprefix(f"{path}:") for line in lines[:-1]]


def a_lines() -> list[str]:
    return (EXTRACT / "youth-2021-a.txt").read_text().splitlines()


def test_a_line_that_maps_to_no_standard_is_a_located_problem(tmp_path: Path) -> None:
    lines = a_lines()
    lines.insert(10, "5.1 Victim work Good")
    found = problems(tmp_path, "\n".join(lines))
    assert found == [
        "11: standard: 5.1 'Victim work' maps to no standard of youth-2021 (codes 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, "
        "2.3, 2.4, 3.1, 3.2, 3.3, 3.4, 4.1; see hmip standards)"
    ]


def test_a_code_with_another_standards_name_is_a_problem(tmp_path: Path) -> None:
    text = "\n".join(line.replace("2.2 Planning", "2.2 Reviewing") for line in a_lines())
    assert problems(tmp_path, text) == [
        "11: standard: 2.2 'Reviewing' maps to no standard of youth-2021 (2.2 is 2.2 Court disposals: planning; "
        "see hmip standards)"
    ]


def test_a_block_of_12_names_and_11_ratings_is_a_located_problem(tmp_path: Path) -> None:
    # a council's copy: every section's names under its heading, then all twelve ratings
    text = "Overall rating\nGood\n"
    every = get_framework("youth-2018").standards
    for section, standards in enumerate((every[0:4], every[4:8], every[8:12]), start=1):
        text += f"{section}. {standards[0].domain}\n" + "".join(s.name.split(": ")[-1] + "\n" for s in standards)
    text += "Good\n" * 11
    args = ("--framework", "youth-2018", "--service", "X YOS", "--published", "2019", "--source", URL)
    assert problems(tmp_path, text, *args) == [
        "18: rating: a block of 12 standard names (from line 4) has 11 ratings "
        "(accepted: one rating per name, in the same order)"
    ]


def test_a_section_that_is_not_the_frameworks_is_a_problem(tmp_path: Path) -> None:
    text = (EXTRACT / "youth-2021-b.txt").read_text().replace("4. Resettlement\n", "4. CRC-specific work\n")
    found = problems(tmp_path, text)
    assert found[0] == (
        "32: section: 'CRC-specific work' is not a section of youth-2021 (accepted: 1 Organisational delivery, "
        "2 Court disposals, 3 Out-of-court disposals, 4 Resettlement)"
    )


def test_a_section_under_another_number_is_a_problem(tmp_path: Path) -> None:
    text = (EXTRACT / "youth-2021-b.txt").read_text().replace("2. Court disposals", "3. Court disposals")
    assert problems(tmp_path, text)[0].startswith("14: section: 'Court disposals' is section 2 of youth-2021")


def test_a_standard_named_twice_is_a_problem(tmp_path: Path) -> None:
    lines = a_lines()
    lines.append("2.1 Assessment Good")
    assert problems(tmp_path, "\n".join(lines)) == [
        "20: standard: 2.1 Court disposals: assessment is named twice (first at line 10) (accepted: each standard once)"
    ]


def test_a_name_in_a_block_that_is_no_standard_of_its_section_is_a_problem(tmp_path: Path) -> None:
    text = (EXTRACT / "youth-2021-b.txt").read_text().replace("Reviewing\n", "Joint working\n")
    assert problems(tmp_path, text)[0].startswith(
        "18: standard: 'Joint working' maps to no standard of section 2 Court disposals of youth-2021 (accepted: "
    )


def test_no_table_is_a_problem(tmp_path: Path) -> None:
    assert problems(tmp_path, "An annual report.\n2.1 The service is Good.\n") == [
        "1: file: no ratings table for youth-2021 (YOT) found (accepted: lines such as `2.1 Assessment Good`, or "
        "numbered section headings each followed by standard names and then their ratings, and an "
        "`Overall rating Good` line)"
    ]


def test_standards_the_table_lacks_are_named_on_stderr_and_not_written(tmp_path: Path) -> None:
    text = "\n".join(line for line in a_lines() if not line.startswith(("3.4", "4.1")))
    code, out, err = run("extract", write(tmp_path / "r.txt", text), *CAMDEN)
    assert code == 0
    assert len(out.splitlines()) == 1 + 12
    assert err == "hmip: note: 2 standards of youth-2021 are not in the table and are not recorded: 3.4, 4.1\n"


def test_text_from_a_pdf_with_split_words_and_markers_still_maps(tmp_path: Path) -> None:
    text = (
        "OVERALL RATING GOOD\nR1.3 Partners hips and services Good\n• 3.4 Outofcourt disposal policy and provision "
        "Requires  improvement\nP 4.1 Resettlement policy and provision inadequate\n"
    )
    rows = extracted(write(tmp_path / "r.txt", text), *CAMDEN)
    assert facts(rows) == [
        ("overall", "", "Good"),
        ("partnerships-and-services", "1.3", "Good"),
        ("ooc-policy-and-provision", "3.4", "Requires improvement"),
        ("resettlement", "4.1", "Inadequate"),
    ]


def test_the_overall_label_may_head_the_names_block(tmp_path: Path) -> None:
    text = "Overall rating\n4. Resettlement\nResettlement policy and provision\nGood (20/36)\nInadequate\n"
    rows = extracted(write(tmp_path / "r.txt", text), *CAMDEN)
    assert facts(rows) == [("overall", "", "Good"), ("resettlement", "4.1", "Inadequate")]
    assert rows[0]["note"].endswith("HMIP's score 20/36")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--framework", "youth-2021", "--published", "2024", "--source", URL),
            "--service or --service-id is required",
        ),
        (("--framework", "youth-2021", "--service", "X", "--source", URL), "Missing option '--published'"),
        (("--framework", "youth-2021", "--service", "X", "--published", "2024"), "Missing option '--source'"),
        (("--service", "X", "--published", "2024", "--source", URL), "Missing option '--framework'"),
        (("--framework", "probation-2018", "--service", "X", "--published", "2024", "--source", URL), "give --type"),
    ],
)
def test_provenance_is_required(args: tuple[str, ...], message: str) -> None:
    code, out, err = run("extract", str(EXTRACT / "youth-2021-a.txt"), *args)
    assert (code, out) == (2, "")
    assert message in err


# ---- properties of the parser ----------------------------------------------------------------

STANDARDS = get_framework("youth-2021").standards_for(ProviderType.YOT)
A_LINES = [line for line in a_lines() if line[:1].isdigit() or line.startswith(("P ", "Overall"))]


def read(lines: list[str]) -> list[tuple[str, str | None, Rating]]:
    table = read_ratings_table(lines, get_framework("youth-2021"), ProviderType.YOT, "r.txt")
    return [
        (f.standard.slug if f.standard else "overall", f.standard and f.standard.code, f.rating) for f in table.ratings
    ]


@settings(max_examples=60, deadline=None)
@given(st.permutations(A_LINES))
def test_any_order_of_the_lines_gives_the_same_rows(lines: list[str]) -> None:
    assert read(lines) == read(A_LINES)


def _not_a_rating(word: str) -> bool:
    try:
        parse_rating(word)
    except ValueError:
        return True
    return False


WORDS = st.text(st.characters(categories=["L"]), min_size=1, max_size=15).filter(_not_a_rating)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(range(len(STANDARDS))), WORDS)
def test_a_word_outside_the_rating_scale_is_always_a_located_problem(index: int, word: str) -> None:
    standard = STANDARDS[index]
    lines = [f"{standard.code} {standard.name.split(': ')[-1]} {word}"]
    with pytest.raises(DataError) as caught:
        read_ratings_table(["Intro", *lines], get_framework("youth-2021"), ProviderType.YOT, "r.txt")
    assert caught.value.problems[0].startswith(f"r.txt:2: rating: unknown rating {word!r} for {standard.code} ")
