"""A regular long CSV file is read by the fast reading (ingest/fast_csv.py); any other falls back to
the full readers. Both give the same database, the same problems worded the same way, the same
exit code: here a file imported by name (fast path when regular) is set against the same bytes
piped to `hmip import -` (always the full readers)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers import generated_csv, init_db, run, table
from hypothesis import given, settings
from hypothesis import strategies as st

from hmip_cli.ingest import fast_csv
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.ingest.validate import _optional_text, _Validator
from hmip_cli.schemas.records import LONG_COLUMNS

HEADER = ",".join(LONG_COLUMNS)
A = "fast-a-2019-20,fast-a,Fast A YOT,YOT,London,youth-2018,2019/20,2019-05,2019-10-01"
B = ",,Fast B PDU,PDU,Wales,pdu-2021,2021/22,,2022-01"  # ids left to be derived
C = '" fast-c-2019-20 ",fast-c,Fast C YOT,YOT,,youth-2018,2019/20,,2019'  # an id with spaces about it
STORED = "fast-s-2019-20,fast-s,Fast S YOT,YOT,London,youth-2018,2019/20,,2019-11"
URL = "https://example.org/fast"
ROWS = {
    "a overall": f"{A},overall,,Good,{URL},",
    "a standard": f"{A},governance-and-leadership,1.1,Requires improvement,{URL},a note",
    "a coded by name": f"{A},Staff,,RI,{URL},",
    "a left empty": f"{A},partnerships-and-services,1.3,,{URL},",
    "a non-ascii note": f"{A},information-and-facilities,,Outstanding,{URL},café – über",
    "a second overall": f"{A},overall,,Inadequate,{URL},",
    "a moved region": A.replace("London", "Kent") + f",staff,1.2,Good,{URL},",
    "a bad word": f"{A},staff,1.2,Excellent,{URL},",
    "a bad code": f"{A},staff,9.9,Good,{URL},",
    "b overall": f"{B},overall,,Inadequate,,",
    "b standard": f"{B},leadership,,Good,,",
    "c overall": f"{C},overall,,Good,{URL},",
    "stored same": f"{STORED},overall,,Good,{URL},",
    "stored changed": f"{STORED},overall,,Outstanding,{URL},",
    "short row": "fast-x,Fast X,YOT",
    "blank": "",
    "multi-line note": f'{A},partnerships-and-services,1.3,Good,{URL},"two\nlines"',
    "control character": f"{A},overall,,Good,{URL},bell\x07",
}


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding one rating that a file may repeat or contradict."""
    db = init_db(tmp_path_factory.mktemp("fast") / "stored.sqlite", empty=True)
    source = tmp_path_factory.mktemp("fast") / "stored.csv"
    source.write_text(f"{HEADER}\n{STORED},overall,,Good,{URL},\n", encoding="utf-8")
    assert run("import", source, "--db", db).exit_code == 0
    return db


@contextmanager
def fast_outcomes() -> Iterator[list[str]]:
    """What each fast reading came to: `read` (staged by it) or `irregular` (left to the full readers)."""
    seen: list[str] = []
    batches = fast_csv.batches

    def watched(*args: Any, **kwargs: Any) -> Iterator[fast_csv.Batch]:
        try:
            yield from batches(*args, **kwargs)
        except fast_csv.Irregular:
            seen.append("irregular")
            raise
        seen.append("read")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast_csv, "batches", watched)
        yield seen


def both_ways(data: bytes, stored: Path, work: Path, *options: str) -> tuple[list[str], tuple[Any, ...]]:
    """The file imported by name and piped to `-`, each into a copy of `stored`: what the fast
    reading came to, and the one outcome both gave (exit code, stdout, stderr with the file and
    database named alike, the tables)."""
    path = work / "ratings.csv"
    path.write_bytes(data)
    outcomes = []
    with fast_outcomes() as seen:
        for name, label in ((str(path), str(path)), ("-", "<stdin>")):
            db = work / f"{'file' if name != '-' else 'stdin'}" / "db.sqlite"
            db.parent.mkdir()
            shutil.copy(stored, db)
            ran = run("import", name, "--db", db, *options, input=data if name == "-" else None)
            assert ran.exception is None
            stderr = ran.stderr.replace(label, "FILE").replace(str(db), "DB")
            tables = tuple(table(db, t) for t in ("inspections", "ratings", "services"))
            outcomes.append((ran.exit_code, ran.stdout, stderr, tables))
    assert outcomes[0] == outcomes[1]
    return seen, outcomes[0]


def file_of(*names: str, ending: str = "\n") -> bytes:
    return ending.join([HEADER, *(ROWS[n] for n in names), ""]).encode()


def test_a_regular_file_is_read_fast_into_the_same_database(stored_db: Path, tmp_path: Path) -> None:
    data = file_of("a overall", "a standard", "a coded by name", "a left empty", "b overall", "b standard",
                   "c overall", "a non-ascii note", "stored same", "a overall")  # fmt: skip
    seen, (code, _, stderr, tables) = both_ways(data, stored_db, tmp_path)
    assert seen == ["read"]
    assert code == 0, stderr
    assert stderr == "7 added, 0 changed, 1 unchanged (3 new inspections), 1 left empty in DB\n"
    assert len(tables[1]) == 8  # the stored rating too


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (("a overall", "a bad word", "a bad code", "short row"), 3),
        (("a overall", "a second overall", "a moved region"), 3),
        (("a overall", "stored changed"), 3),
        (("a overall", "control character"), 3),
        (("a overall", "multi-line note", "blank"), 0),
    ],
)
def test_a_problem_is_worded_by_the_full_readers_either_way(
    names: tuple[str, ...], code: int, stored_db: Path, tmp_path: Path
) -> None:
    _, (exit_code, stdout, stderr, _) = both_ways(file_of(*names), stored_db, tmp_path)
    assert (exit_code, stdout) == (code, ""), stderr
    if code:
        assert "FILE:" in stderr


def test_crlf_line_endings_are_read_fast(stored_db: Path, tmp_path: Path) -> None:
    seen, (code, _, stderr, _) = both_ways(file_of("a overall", "b overall", ending="\r\n"), stored_db, tmp_path)
    assert (seen, code) == (["read"], 0), stderr


def test_values_spaced_at_their_ends_in_a_plain_ascii_file_are_read_as_the_full_readers_do(
    stored_db: Path, tmp_path: Path
) -> None:
    """A file all printable ASCII has only its values' ends looked at (fast_csv._Plainness)."""
    spaced = f"{C},overall,,Good, {URL} , a note "
    data = "\n".join([HEADER, ROWS["a overall"], spaced, ROWS["b overall"], ""]).encode()
    assert data.isascii()
    seen, (code, _, stderr, tables) = both_ways(data, stored_db, tmp_path)
    assert (seen, code) == (["read"], 0), stderr
    assert [r for r in tables[1] if r[0] == "fast-c-2019-20" and URL in r and "a note" in r]


def test_an_irregular_row_late_in_a_long_file_starts_the_reading_again(stored_db: Path, tmp_path: Path) -> None:
    """Batches already staged when the fast reading gives up are rolled back, not kept twice."""
    source = tmp_path / "generated.csv"
    generated = generated_csv(600, source)
    assert generated > 2 * fast_csv.BATCH
    data = source.read_bytes() + ROWS["multi-line note"].encode() + b"\n"
    (tmp_path / "work").mkdir()
    seen, (code, _, stderr, tables) = both_ways(data, stored_db, tmp_path / "work")
    assert (seen, code) == (["irregular"], 0), stderr
    assert len(tables[1]) == generated + 2  # the stored rating and the late row's


@pytest.mark.slow  # a Hypothesis property over the importer, as the others are
@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(st.sampled_from(sorted(ROWS)), min_size=0, max_size=8),
    ending=st.sampled_from(["\n", "\r\n"]),
    update=st.booleans(),
)
def test_any_small_file_gives_the_same_outcome_both_ways(
    names: list[str], ending: str, update: bool, stored_db: Path
) -> None:
    with tempfile.TemporaryDirectory() as work:
        both_ways(file_of(*names, ending=ending), stored_db, Path(work), *(["--update"] if update else []))


@given(st.one_of(st.text(max_size=12), st.sampled_from(["camden-yos-2019-20", " x", "x ", "é", "a\u200bb", "ｘ"])))
def test_a_plain_id_is_what_its_fields_validator_leaves_it(value: str) -> None:
    """The fast reading takes a plain id as it is: the id's own validator must agree."""
    if fast_csv._plain_id(value):
        for name in ("inspection_id", "service_id"):
            assert _Validator()._id(name, value) == value
    if fast_csv._plain_id(value) or not value:
        # a plain text field (source_url, note) is kept as it is, or None when empty
        assert _optional_text({"note": value}, "note", 2, ProblemLog("f")) == (value or None)
