"""Text on the way in: NFC, and no control or invisible format character outside a note's line
breaks, in every import layout (long CSV, wide CSV, JSON, NDJSON) and in `hmip db build`."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from helpers import init_db, rows, run, sha256
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hmip_cli.errors import ExitCode
from hmip_cli.schemas.text import NOTE_BREAKS, escape_invisible, plain_text, text_problem

PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+ \(accepted: .+\))$")
FORMATS = ("long-csv", "wide-csv", "json", "ndjson")
SUFFIX = {"long-csv": ".csv", "wide-csv": ".csv", "json": ".json", "ndjson": ".ndjson"}
BASE = {"service": "Camden CRC", "provider_type": "CRC", "framework": "probation-2018", "region": "London"}

INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u202e", "\u2066", "\u00ad", "\u200d"]
CONTROL = ["\t", "\r", "\x1b", "\x07", "\x7f", "\x85", "\u2028", "\n"]  # LF last: in CSV it spans lines


def layout(records: list[dict[str, str]], fmt: str) -> str:
    """`records` (inspection fields, `rating`, optional `note` / `source_url`) in layout `fmt`; each
    record is one line of the file after the header (so record i is on line i + 2, JSON's i + 1)."""
    if fmt in ("json", "ndjson"):
        objects = []
        for record in records:
            extra = {k: record[k] for k in ("note", "source_url") if k in record}
            fields = {k: v for k, v in record.items() if k not in ("rating", "note", "source_url")}
            objects.append({**fields, "ratings": {"overall": {"rating": record["rating"], **extra}}})
        if fmt == "ndjson":
            return "".join(json.dumps(o) + "\n" for o in objects)
        return "[\n" + ",\n".join(json.dumps(o) for o in objects) + "\n]\n"
    out = io.StringIO()
    names = sorted({k for r in records for k in r})
    if fmt == "long-csv":
        header = [n for n in names if n != "rating"] + ["standard", "rating"]
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for record in records:
            writer.writerow([{**record, "standard": "overall"}.get(n, "") for n in header])
    else:
        header = [n for n in names if n != "rating"] + ["overall"]
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for record in records:
            writer.writerow([{**record, "overall": record["rating"]}.get(n, "") for n in header])
    return out.getvalue()


def first_line(fmt: str) -> int:
    return 1 if fmt == "ndjson" else 2


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return init_db(tmp_path / "mine.sqlite", empty=True)


def import_records(tmp_path: Path, db: Path, records: list[dict[str, str]], fmt: str) -> tuple[int, str, str, Path]:
    path = tmp_path / f"input{SUFFIX[fmt]}"
    path.write_text(layout(records, fmt), encoding="utf-8", newline="")
    code, out, err = run("import", path, "--db", db, "--format", fmt)
    return code, out, err, path


def bad_records(chars: list[str], fields: list[str]) -> list[tuple[dict[str, str], str, str]]:
    """One record per character, each holding it in one field (cycling through `fields`), each
    of its own service so no two rows contradict each other: (record, field, character)."""
    made = []
    for number, char in enumerate(chars):
        field = fields[number % len(fields)]
        record = {**BASE, "service": f"Camden {number}", "rating": "Good", "source_url": "https://example.org/a"}
        record[field] = record.get(field, "note")[:2] + char + record.get(field, "note")[2:]
        made.append((record, field, char))
    return made


def assert_located(err: str, path: Path, fmt: str, expected: list[tuple[str, str]], kind: str) -> None:
    """Each record's problem on its own line, naming its field, the character and what is accepted."""
    lines = err.splitlines()
    assert lines[-1] == f"hmip: {len(expected)} problems; nothing was written", err
    for number, (line, (field, char)) in enumerate(zip(lines[:-1], expected, strict=True)):
        problem = PROBLEM.match(line)
        assert problem, line
        assert (problem["file"], int(problem["line"]), problem["field"]) == (str(path), first_line(fmt) + number, field)
        if char == "\n" and fmt.endswith("csv"):
            assert "a quoted value runs from line" in problem["message"]  # its closing quote may be missing
        else:
            assert f"{kind}, U+{ord(char):04X}" in problem["message"]
    assert all(c.isprintable() for c in err.replace("\n", "")), "nothing raw reaches stderr"


@pytest.mark.parametrize(
    ("characters", "fields", "kind"),
    [
        # an invisible format character is refused in any field, a note included
        (INVISIBLE, ["service", "region", "source_url", "note"], "an invisible format character"),
        # a control character anywhere but a note (which keeps its line breaks and tabs)
        (CONTROL, ["service", "region", "source_url", "provider_type"], "a control character"),
    ],
    ids=["invisible", "control"],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_character_the_import_refuses_is_a_located_problem(
    tmp_path: Path, db: Path, fmt: str, characters: list[str], fields: list[str], kind: str
) -> None:
    made = bad_records(characters, fields)
    before = sha256(db)
    code, out, err, path = import_records(tmp_path, db, [r for r, _, _ in made], fmt)
    assert (code, out) == (ExitCode.INVALID_DATA, "")
    assert_located(err, path, fmt, [(f, c) for _, f, c in made], kind)
    assert sha256(db) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_note_keeps_its_line_breaks_and_tabs(tmp_path: Path, db: Path, fmt: str) -> None:
    note = "First line\nsecond\tcolumn\r\nthird"
    code, _, err, _ = import_records(tmp_path, db, [{**BASE, "rating": "Good", "note": note}], fmt)
    assert code == 0, err
    assert rows(db, "SELECT note FROM ratings") == [(note,)]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u200b", "\u202e", "\x85"])
def test_a_note_refuses_every_other_control_or_format_character(tmp_path: Path, db: Path, fmt: str, char: str) -> None:
    before = sha256(db)
    code, _, err, _ = import_records(tmp_path, db, [{**BASE, "rating": "Good", "note": f"a{char}b"}], fmt)
    assert code == ExitCode.INVALID_DATA
    # a NUL is refused by the reader, for the whole line (`file`), or in JSON by its path
    assert re.search(r":\d+: ((ratings\.overall\.)?note|file): ", err), err
    assert sha256(db) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_nfc_and_nfd_spellings_are_one_service_stored_in_nfc(tmp_path: Path, db: Path, fmt: str) -> None:
    nfd, nfc = "Ynys Mo\u0302n", "Ynys M\u00f4n"
    records = [
        {**BASE, "service": nfd, "region": "Wales", "rating": "Good", "source_url": "https://example.org/a"},
        {**BASE, "service": nfc, "region": "Wales", "rating": "Good", "source_url": "https://example.org/a"},
    ]
    code, _, err, _ = import_records(tmp_path, db, records, fmt)
    assert code == 0, err
    assert rows(db, "SELECT name FROM services") == [(nfc,)]
    assert run("list", "--service", "môn", "--db", db, "-f", "csv").stdout.count("Ynys") == 1


def test_db_build_refuses_an_invisible_character_too(tmp_path: Path) -> None:
    source = tmp_path / "ratings.csv"
    source.write_text(layout([{**BASE, "service": "Camden\u200bCRC", "rating": "Good"}], "long-csv"), encoding="utf-8")
    target = tmp_path / "built.sqlite"
    code, out, err = run("db", "build", target, "--source", source)
    assert (code, out) == (ExitCode.INVALID_DATA, "")
    assert f"{source}:2: service: an invisible format character, U+200B ZERO WIDTH SPACE" in err
    assert not target.exists()


def test_a_problem_quoting_a_bad_key_shows_it_escaped(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "keys.ndjson"
    path.write_text(json.dumps({**BASE, "ratings": {"overall": "Good"}, "\x1b]0;owned\x07": 1}) + "\n")
    code, _, err = run("import", path, "--db", db)
    assert code == ExitCode.INVALID_DATA
    assert "\\x1b]0;owned\\x07: unknown field" in err and "\x1b" not in err


# ---- the rule itself, as a property -----------------------------------------------------------

FORBIDDEN = st.characters(categories=("Cc", "Cf", "Zl", "Zp")).filter(lambda c: c not in "\x00")


@given(st.text(), FORBIDDEN, st.text())
@example("Camden", "\ufeff", "")
def test_text_with_a_control_or_format_character_is_refused(head: str, bad: str, tail: str) -> None:
    line_breaks_allowed = bad in NOTE_BREAKS
    assert text_problem(head + bad + tail) is not None
    if not line_breaks_allowed:
        with pytest.raises(ValueError, match=f"U\\+{ord(bad):04X}|U\\+"):
            plain_text(head + bad + tail, line_breaks=True)


@given(st.text())
@example("Ynys Mo\u0302n")
def test_text_that_passes_is_nfc_and_holds_no_control_or_format_character(text: str) -> None:
    try:
        stored = plain_text(text)
    except ValueError:
        assert any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in text.replace("\x00", ""))
        return
    assert unicodedata.is_normalized("NFC", stored)
    assert stored == unicodedata.normalize("NFC", text)
    # NUL is the readers' to refuse: every layout's reader does so before a field is read
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in stored.replace("\x00", ""))
    assert plain_text(stored) == stored


@given(st.text())
def test_escaped_text_holds_no_control_or_format_character(text: str) -> None:
    shown = escape_invisible(text)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in shown)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FORMATS),
    st.sampled_from(["service", "region", "source_url", "note"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12),
)
def test_any_name_is_stored_as_its_nfc_or_refused_with_the_database_unchanged(fmt: str, field: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        db = init_db(here / "mine.sqlite", empty=True)
        before = sha256(db)
        value = f"x{text}x"  # never blank, never stripped
        code, _, err, path = import_records(here, db, [{**BASE, "rating": "Good", field: value}], fmt)
        if code == 0:
            table = {"service": "services", "region": "inspections"}.get(field, "ratings")
            column = "name" if field == "service" else field
            stored = rows(db, f"SELECT {column} FROM {table}")
            assert stored == [(unicodedata.normalize("NFC", value),)]
            assert text_problem(value, line_breaks=field == "note") is None
        else:
            assert code == ExitCode.INVALID_DATA, err
            assert sha256(db) == before
            lines = err.splitlines()
            assert lines[-1].endswith("nothing was written")
            assert all(line.startswith(f"{path}:") for line in lines[:-1]), lines
            assert all(c.isprintable() for c in err.replace("\n", "")), "a problem line shows the bad character escaped"
