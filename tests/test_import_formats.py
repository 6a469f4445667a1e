"""Every import layout reads the same facts the same way: long CSV, wide CSV, JSON, NDJSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import IMPORT_DATA, SUMMARY, init_db, rows, run, table, write

FIXTURES = ("long.csv", "wide.csv", "inspections.json", "inspections.ndjson")

# What the four fixture files hold, written out once by hand.
EXPECTED_INSPECTIONS = [
    (
        "test-north-crc-2018-19",
        "test-north-crc",
        "Test North CRC",
        "CRC",
        "North West",
        "probation-2018",
        "2018/19",
        "2018-06",
        "2018-09-12",
    ),
    ("test-region-probation-2023", "test-region", "Test Region", "region", "Wales", "probation-2023", None, None, None),
    (
        "test-south-nps-2019-20",
        "test-south-nps",
        "Test South NPS",
        "NPS",
        "South West",
        "probation-2018",
        "2019/20",
        None,
        "2019-11",
    ),
    (
        "test-youth-yot-2022-03",
        "test-youth-yot",
        "Test Youth YOT",
        "YOT",
        "London",
        "youth-2021",
        None,
        None,
        "2022-03-04",
    ),
]
NORTH, SOUTH, YOUTH = "https://example.org/north", "https://example.org/south", "https://example.org/youth"
EXPECTED_RATINGS = [
    # inspection_id, standard, standard_code, rating, points, source_url, note
    ("test-north-crc-2018-19", "assessment", "2.1", "Requires improvement", 1, NORTH, "fixture note"),
    ("test-north-crc-2018-19", "overall", None, "Good", 2, NORTH, "fixture note"),
    ("test-north-crc-2018-19", "through-the-gate", "4.2", "Inadequate", 0, NORTH, "fixture note"),
    ("test-region-probation-2023", "desistance", None, "Inadequate", 0, None, None),
    ("test-south-nps-2019-20", "overall", None, "Requires improvement", 1, SOUTH, None),
    ("test-south-nps-2019-20", "victim-work", "3.2", "Outstanding", 3, SOUTH, None),
    ("test-youth-yot-2022-03", "overall", None, "Outstanding", 3, YOUTH, None),
    ("test-youth-yot-2022-03", "resettlement", "4.1", "Good", 2, YOUTH, None),
]
RATING_COLUMNS = "inspection_id, standard, standard_code, rating, points, source_url, note"


def ratings(db: Path) -> list[tuple[object, ...]]:
    return rows(db, f"SELECT {RATING_COLUMNS} FROM ratings ORDER BY inspection_id, standard")


def import_into_empty(tmp_path: Path, source: Path, *extra: str, input: bytes | None = None) -> tuple[Path, str]:
    db = init_db(tmp_path / "empty.sqlite", empty=True)
    result = run("import", source, "--db", db, *extra, input=input)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return db, result.stderr


def import_text(tmp_path: Path, name: str, text: str) -> tuple[Path, str]:
    """Write `text` to a file called `name` and import it into a new empty database."""
    return import_into_empty(tmp_path, write(tmp_path / name, text))


# The wide fixture leaves four cells empty that are its rows' own standards (South NPS's
# assessment; Test Region's overall, victim work and resettlement): not recorded, and counted.
LEFT_EMPTY = {"wide.csv": ", 4 left empty"}


@pytest.mark.parametrize("name", FIXTURES)
def test_each_layout_imports_the_same_inspections_and_ratings(tmp_path: Path, name: str) -> None:
    db, err = import_into_empty(tmp_path, IMPORT_DATA / name)
    assert err == f"8 added, 0 changed, 0 unchanged (4 new inspections){LEFT_EMPTY.get(name, '')} in {db}\n"
    assert table(db, "inspections") == EXPECTED_INSPECTIONS
    assert ratings(db) == EXPECTED_RATINGS
    assert table(db, "services") == [
        ("test-north-crc", "Test North CRC"),
        ("test-region", "Test Region"),
        ("test-south-nps", "Test South NPS"),
        ("test-youth-yot", "Test Youth YOT"),
    ]


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize(("bom", "newline"), [(True, "\r\n"), (True, "\n"), (False, "\r\n")])
def test_bom_and_crlf_change_nothing(tmp_path: Path, name: str, bom: bool, newline: str) -> None:
    text = (IMPORT_DATA / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8"))
    db, _ = import_into_empty(tmp_path, path)
    assert ratings(db) == EXPECTED_RATINGS
    assert table(db, "inspections") == EXPECTED_INSPECTIONS


@pytest.mark.parametrize("name", ["long.csv", "wide.csv"])
def test_column_order_is_free(tmp_path: Path, name: str) -> None:
    lines = [line.split(",") for line in (IMPORT_DATA / name).read_text(encoding="utf-8").splitlines()]
    order = list(reversed(range(len(lines[0]))))
    path = tmp_path / name
    path.write_text("".join(",".join(cells[i] for i in order) + "\n" for cells in lines), encoding="utf-8")
    assert path.read_text().splitlines()[0] != (IMPORT_DATA / name).read_text().splitlines()[0]
    db, _ = import_into_empty(tmp_path, path)
    assert ratings(db) == EXPECTED_RATINGS


def test_header_names_ignore_case_and_spaces(tmp_path: Path) -> None:
    db, _ = import_text(
        tmp_path, "h.csv", " Service ,PROVIDER_TYPE,Framework,Standard,Rating\nA CRC,CRC,probation-2018,overall,Good\n"
    )
    assert rows(db, "SELECT inspection_id, rating FROM ratings") == [("a-crc-probation-2018", "Good")]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("long-csv", "long.csv"),
        ("wide-csv", "wide.csv"),
        ("json", "inspections.json"),
        ("ndjson", "inspections.ndjson"),
    ],
)
def test_standard_input_with_a_format(tmp_path: Path, fmt: str, name: str) -> None:
    db, err = import_into_empty(tmp_path, Path("-"), "--format", fmt, input=(IMPORT_DATA / name).read_bytes())
    assert ratings(db) == EXPECTED_RATINGS
    assert err.startswith(f"8 added, 0 changed, 0 unchanged (4 new inspections){LEFT_EMPTY.get(name, '')} in ")


@pytest.mark.parametrize("name", FIXTURES)
def test_standard_input_without_a_format_is_detected(tmp_path: Path, name: str) -> None:
    db, _ = import_into_empty(tmp_path, Path("-"), input=(IMPORT_DATA / name).read_bytes())
    assert ratings(db) == EXPECTED_RATINGS


def test_a_file_whose_extension_says_nothing_is_detected_from_its_content(tmp_path: Path) -> None:
    path = tmp_path / "ratings.txt"
    path.write_bytes((IMPORT_DATA / "inspections.json").read_bytes())
    db, _ = import_into_empty(tmp_path, path)
    assert ratings(db) == EXPECTED_RATINGS


def test_only_the_required_columns(tmp_path: Path) -> None:
    db, err = import_text(
        tmp_path,
        "min.csv",
        "rating,standard,framework,provider_type,service\n"
        "Good,overall,probation-2018,CRC,Minimal CRC\n"
        "RI,assessment,probation-2018,CRC,Minimal CRC\n",
    )
    assert re.fullmatch(SUMMARY + "\n", err)
    assert err.startswith("2 added, 0 changed, 0 unchanged (1 new inspections)")
    assert table(db, "inspections") == [
        ("minimal-crc-probation-2018", "minimal-crc", "Minimal CRC", "CRC", None, "probation-2018", None, None, None)
    ]
    assert ratings(db) == [
        ("minimal-crc-probation-2018", "assessment", "2.1", "Requires improvement", 1, None, None),
        ("minimal-crc-probation-2018", "overall", None, "Good", 2, None, None),
    ]


def test_given_ids_are_kept(tmp_path: Path) -> None:
    db, _ = import_text(
        tmp_path,
        "ids.csv",
        "inspection_id,service_id,service,provider_type,framework,inspection_year,standard,rating\n"
        "camden-2024,camden-yos,Camden YJS,YOT,youth-2024,2024/25,overall,Good\n",
    )
    assert rows(db, "SELECT inspection_id, service_id, service FROM inspections") == [
        ("camden-2024", "camden-yos", "Camden YJS")
    ]


def test_wide_csv_empty_cells_are_not_recorded_and_source_url_applies_to_the_row(tmp_path: Path) -> None:
    db, err = import_text(
        tmp_path,
        "w.csv",
        "service,provider_type,framework,overall,assessment,planning,reviewing,source_url\n"
        "W CRC,CRC,probation-2018,,Good,  ,inadequate,https://example.org/w\n",
    )
    assert err.startswith("2 added,")
    assert ratings(db) == [
        ("w-crc-probation-2018", "assessment", "2.1", "Good", 2, "https://example.org/w", None),
        ("w-crc-probation-2018", "reviewing", "2.4", "Inadequate", 0, "https://example.org/w", None),
    ]


def test_an_inspection_with_standard_ratings_but_no_overall_imports(tmp_path: Path) -> None:
    """Decided: overall is then "not recorded", never derived from the standards."""
    db, err = import_text(
        tmp_path,
        "no-overall.csv",
        "service,provider_type,framework,inspection_year,standard,rating\n"
        "Standards Only CRC,CRC,probation-2018,2018/19,assessment,Good\n"
        "Standards Only CRC,CRC,probation-2018,2018/19,planning,Good\n",
    )
    assert err.startswith("2 added, 0 changed, 0 unchanged (1 new inspections)")
    assert rows(db, "SELECT standard FROM ratings ORDER BY 1") == [("assessment",), ("planning",)]
    assert rows(db, "SELECT count(*) FROM ratings WHERE standard = 'overall'") == [(0,)]


def test_json_rating_objects_and_strings_mix(tmp_path: Path) -> None:
    db, _ = import_text(
        tmp_path,
        "mix.json",
        json.dumps(
            [
                {
                    "service": "J CRC",
                    "provider_type": "CRC",
                    "framework": "probation-2018",
                    "inspection_year": "2019/20",
                    "ratings": {
                        "overall": "requires-improvement",
                        "through-the-gate": {"rating": "GOOD", "standard_code": "4.2", "source_url": "u", "note": "n"},
                    },
                }
            ]
        ),
    )
    assert ratings(db) == [
        ("j-crc-2019-20", "overall", None, "Requires improvement", 1, None, None),
        ("j-crc-2019-20", "through-the-gate", "4.2", "Good", 2, "u", "n"),
    ]


@pytest.mark.parametrize(
    ("spelling", "stored", "points"),
    [
        ("requires improvement", "Requires improvement", 1),
        ("Requires Improvement", "Requires improvement", 1),
        ("requires-improvement", "Requires improvement", 1),
        ("RI", "Requires improvement", 1),
        ("outstanding", "Outstanding", 3),
        ("GOOD", "Good", 2),
        (" inadequate ", "Inadequate", 0),
    ],
)
def test_rating_spellings_in_a_file_are_stored_canonically(
    tmp_path: Path, spelling: str, stored: str, points: int
) -> None:
    db, _ = import_text(
        tmp_path,
        "s.csv",
        f"service,provider_type,framework,standard,rating\nS CRC,CRC,probation-2018,overall,{spelling}\n",
    )
    assert rows(db, "SELECT rating, points FROM ratings") == [(stored, points)]


def test_quoted_cells_with_commas_and_newlines(tmp_path: Path) -> None:
    db, _ = import_text(
        tmp_path,
        "q.csv",
        "service,provider_type,framework,standard,rating,note\n"
        '"Kent, Surrey and Sussex CRC",CRC,probation-2018,overall,Good,"two\nlines"\n',
    )
    assert rows(db, "SELECT inspection_id, note FROM ratings") == [
        ("kent-surrey-and-sussex-crc-probation-2018", "two\nlines")
    ]


def test_unicode_survives(tmp_path: Path) -> None:
    path = tmp_path / "u.ndjson"
    record = {
        "service": "Ynys M\u00f4n YJS",
        "provider_type": "YOT",
        "framework": "youth-2021",
        "ratings": {"overall": {"rating": "Good", "note": "\u00a3 figures \u2028 and \u201cquotes\u201d"}},
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db, _ = import_into_empty(tmp_path, path)
    assert rows(db, "SELECT service, note FROM inspections JOIN ratings USING (inspection_id)") == [
        ("Ynys M\u00f4n YJS", "\u00a3 figures \u2028 and \u201cquotes\u201d")
    ]


def test_dry_run_counts_without_writing(tmp_path: Path) -> None:
    db = init_db(tmp_path / "empty.sqlite", empty=True)
    before = table(db, "ratings")
    result = run("import", IMPORT_DATA / "long.csv", "--db", db, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"dry run, nothing written: 8 added, 0 changed, 0 unchanged (4 new inspections) in {db}\n"
    assert table(db, "ratings") == before == []
