"""Bad import files: every problem located as FILE:LINE: field: message, exit 3, nothing written."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from helpers import init_db, run, sha256
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hmip_cli.actions.importing import import_file
from hmip_cli.errors import DataError, ExitCode
from hmip_cli.ingest.pipeline import load_inspections
from hmip_cli.store.locations import Location

HEADER = "service,provider_type,framework,inspection_year,published,standard,rating\n"
GOOD = "Good CRC,CRC,probation-2018,2018/19,2018-09,overall,Good\n"
NDJSON_OK = (
    '{"service": "A CRC", "provider_type": "CRC", "framework": "probation-2018", "ratings": {"overall": "Good"}}\n'
)
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")
# A column name may itself hold ": ", so fuzzed problems are matched less strictly.
ANY_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<field>.*?): (?P<message>.+)$", re.DOTALL)

# The bad-input corpus: one file per case under tests/data/bad/, and what each must report
# (line, field, part of the message) in expected.json.
BAD = Path(__file__).parent / "data" / "bad"
CASES: list[tuple[str, bytes, list[tuple[int, str, str]]]] = [
    (name, (BAD / name).read_bytes(), [(p["line"], p["field"], p["message"]) for p in problems])
    for name, problems in json.loads((BAD / "expected.json").read_text(encoding="utf-8")).items()
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return init_db(tmp_path / "mine.sqlite")


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_bad_file_is_a_located_data_error_and_writes_nothing(
    tmp_path: Path, db: Path, name: str, content: bytes, expected: list[tuple[int, str, str]]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = sha256(db)
    result = run("import", path, "--db", db)
    assert result.exit_code == ExitCode.INVALID_DATA == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    noun = "problem" if len(expected) == 1 else "problems"
    assert lines[-1] == f"hmip: {len(expected)} {noun}; nothing was written"
    found = [PROBLEM.match(line) for line in lines[:-1]]
    assert all(found), lines
    assert [(m["file"], int(m["line"]), m["field"]) for m in found] == [(str(path), ln, f) for ln, f, _ in expected]  # type: ignore[index]
    for match, (_, _, message) in zip(found, expected, strict=True):
        assert message in match["message"]  # type: ignore[index]
    assert sha256(db) == before


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(
        HEADER
        + GOOD
        + "B CRC,CRC,probation-2018,2018/2020,,overall,Good\n"
        + "C CRC,CRC,probation-2018,,,overall,Grand\n"
        + GOOD
        + "D NPS,NPS,probation-2018,,,through-the-gate,Good\n"
        + "E CRC,XYZ,probation-2018,,2019-02-30,overall,Good\n"
    )
    before = sha256(db)
    result = run("import", path, "--db", db)
    assert (result.exit_code, result.stdout) == (3, "")
    located = [(int(m["line"]), m["field"]) for m in map(PROBLEM.match, result.stderr.splitlines()[:-1]) if m]
    assert located == [(3, "inspection_year"), (4, "rating"), (6, "standard"), (7, "provider_type"), (7, "published")]
    assert result.stderr.splitlines()[-1] == "hmip: 5 problems; nothing was written"
    assert sha256(db) == before


def test_problems_are_capped_then_counted(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "sixty.csv"
    path.write_text(HEADER + "".join(f"S{i} CRC,CRC,probation-2018,,,overall,Meh\n" for i in range(60)))
    result = run("import", path, "--db", db)
    assert (result.exit_code, result.stdout) == (3, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 51
    assert lines[0].startswith(f"{path}:2: rating: unknown rating 'Meh'")
    assert lines[49].startswith(f"{path}:51: rating:")
    assert lines[-1] == "hmip: 60 problems (10 more not shown); nothing was written"


def test_line_numbers_count_quoted_multi_line_cells(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "ml.csv"
    path.write_text(
        "service,provider_type,framework,standard,rating,note\n"
        'A CRC,CRC,probation-2018,overall,Good,"one\ntwo\nthree"\n'
        "B CRC,CRC,probation-2018,overall,Nope,\n"
    )
    result = run("import", path, "--db", db)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0].startswith(f"{path}:5: rating: unknown rating 'Nope'")


def test_ndjson_line_numbers_survive_blank_lines_and_crlf(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "crlf.ndjson"
    path.write_bytes((NDJSON_OK + "\n" + NDJSON_OK.replace('"Good"', '"Bad"')).replace("\n", "\r\n").encode())
    result = run("import", path, "--db", db)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0].startswith(f"{path}:3: rating: unknown rating 'Bad'")


def test_standard_input_is_labelled(db: Path) -> None:
    result = run("import", "-", "--db", db, input=HEADER + "A,CRC,probation-2018,,,overall,Meh\n")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.splitlines()[0].startswith("<stdin>:2: rating: unknown rating 'Meh'")


def test_a_failed_import_into_a_missing_database_does_not_create_it(tmp_path: Path, user_db: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "A,CRC,probation-2018,,,overall,Meh\n")
    result = run("import", path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert not user_db.exists()
    assert not user_db.parent.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "does-not-exist.csv"], "hmip: error: does-not-exist.csv: no such file\n"),
        (["import", "."], "hmip: error: .: is a directory, not a file to import\n"),
    ],
)
def test_file_problems_are_usage_errors(user_db: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE == 2
    assert result.stdout == ""
    assert result.stderr == message
    assert not user_db.exists()


def test_an_unknown_format_is_a_usage_error(tmp_path: Path, user_db: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + GOOD)
    result = run("import", path, "--format", "xml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "'--format': 'xml' is not one of 'long-csv', 'wide-csv', 'json', 'ndjson', 'figures-csv'." in result.stderr
    assert not user_db.exists()


def test_a_database_that_is_not_sqlite_is_a_runtime_error_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + GOOD)
    target = tmp_path / "notes.sqlite"
    target.write_text("these are my notes, not a database\n" * 100)
    before = sha256(target)
    result = run("import", path, "--db", target)
    assert (result.exit_code, result.stdout) == (1, "")
    assert re.match(f"hmip: error: {re.escape(str(target))}: not a (readable|writable) SQLite database", result.stderr)
    assert len(result.stderr.splitlines()) == 1
    assert sha256(target) == before


# ---- the importer never fails with anything but a DataError --------------------------------


def load_text(data: bytes, suffix: str, fmt: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        try:
            inspections = load_inspections(str(path), fmt)
        except DataError as error:
            assert error.problems, "a DataError always says what is wrong"
            assert error.total >= len(error.problems)
            for problem in error.problems:
                assert problem.startswith(f"{path}:"), problem
                assert ANY_PROBLEM.match(problem), problem
        else:
            assert inspections, "success means at least one inspection"


csv_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
csv_like = st.lists(
    st.lists(
        st.one_of(csv_cell, st.sampled_from(["overall", "Good", "CRC", "probation-2018", "", '"', ","])), max_size=8
    ),
    max_size=6,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@SETTINGS
@given(st.text())
@example("\ufeff")
@example('"')
@example("service\n\x00")
@example("a,b\n" + "\x00" * 9000 + "\n")
@example("standard,rating\n" + "x" * 10)
def test_arbitrary_text_as_a_csv_is_imported_or_a_data_error(text: str) -> None:
    load_text(text.encode("utf-8", "surrogatepass"), ".csv")


@pytest.mark.slow
@SETTINGS
@given(st.binary())
@example(b"\xff\xfe\x00s")
@example(b"\xef\xbb\xbf\xef\xbb\xbf")
def test_arbitrary_bytes_are_imported_or_a_data_error(data: bytes) -> None:
    load_text(data, ".csv")


@pytest.mark.slow
@pytest.mark.slow
@SETTINGS
@given(st.sampled_from([HEADER, "service,provider_type,framework,overall,assessment,source_url\n"]), csv_like)
def test_csv_rows_after_a_real_header_are_imported_or_a_data_error(header: str, cells: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(cells)
    load_text((header + out.getvalue()).encode("utf-8", "surrogatepass"), ".csv")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["Good", "overall", "CRC", "probation-2018", "assessment"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["service", "provider_type", "framework", "ratings", "rating", "overall", "note", "x"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@pytest.mark.slow
@pytest.mark.slow
@SETTINGS
@given(st.lists(json_values, max_size=4), st.sampled_from([".json", ".ndjson"]))
@example(
    [{"service": "A", "provider_type": "CRC", "framework": "probation-2018", "ratings": {"overall": "Good"}}], ".ndjson"
)
def test_arbitrary_json_records_are_imported_or_a_data_error(records: list[object], suffix: str) -> None:
    import json

    data = json.dumps(records) if suffix == ".json" else "\n".join(json.dumps(r) for r in records)
    load_text(data.encode(), suffix)


@pytest.mark.slow
@SETTINGS
@given(st.text(), st.sampled_from(["json", "ndjson", "long-csv", "wide-csv"]))
@example("[" * 100_000, "json")
@example("[1,]", "json")
def test_arbitrary_text_in_any_format_is_imported_or_a_data_error(text: str, fmt: str) -> None:
    load_text(text.encode("utf-8", "surrogatepass"), ".txt", fmt)


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from(["", HEADER, "figure_id,topic,measure,breakdown,period,value,unit\n"]), st.text())
def test_arbitrary_text_through_the_import_commands_loader_is_a_data_error_at_worst(prefix: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.csv"
        path.write_bytes((prefix + text).encode("utf-8", "surrogatepass"))
        target = Path(tmp) / "missing.sqlite"
        try:
            # the real import path (streamed, staged, compared with the bundled copy it would start as)
            outcome = import_file(Location(target, "--db"), str(path), None, dry_run=True)
        except DataError as error:
            assert error.problems
            assert all(problem.startswith(f"{path}:") for problem in error.problems)
        else:
            assert re.match(r"dry run, nothing written: [1-9]\d* (figures )?added", outcome.message()), outcome
        assert not target.exists()
