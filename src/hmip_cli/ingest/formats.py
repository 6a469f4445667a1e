"""Readers for each import layout. Each yields (line, raw long-layout row) pairs."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hmip_cli.errors import DataError, UsageError
from hmip_cli.schemas.frameworks import OVERALL, all_standard_slugs
from hmip_cli.schemas.records import INSPECTION_FIELDS, LONG_COLUMNS, REQUIRED_LONG_COLUMNS

RawRow = dict[str, Any]


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be read at all; the reader goes on to the next one."""

    field: str
    message: str


LocatedRow = tuple[int, RawRow | RowProblem]

FORMATS = ("long-csv", "wide-csv", "json", "ndjson")
WIDE_EXTRA_COLUMNS = ("source_url", "note")

# Field limits keep one enormous cell from being a memory problem.
_LEADING_SPACE = re.compile(r"\s*")

csv.field_size_limit(64 * 1024 * 1024)


def detect_format(text: str, filename: str | None) -> str:
    """From the extension when it says, else from the first character and the CSV header."""
    name = (filename or "").lower()
    if name.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    if name.endswith(".json"):
        return "json"
    first = first_character(text)
    if not name.endswith((".csv", ".tsv")) and first in ("[", "{"):
        return "json" if first == "[" else "ndjson"
    try:
        # newline="" as the readers use it: otherwise a lone "\r" is a csv.Error here
        header = next(csv.reader(_lines(text)), [])
    except csv.Error:
        header = []  # the wide reader then reports the broken header, located
    columns = {c.strip().lower() for c in header}
    # Either column means long: a wide file has neither, and a long file missing one is better
    # told "standard: required column is missing" than "rating: unknown column".
    return "long-csv" if {"standard", "rating"} & columns else "wide-csv"


def read_rows(text: str, fmt: str, label: str) -> Iterator[LocatedRow]:
    readers = {"long-csv": _long_csv, "wide-csv": _wide_csv, "json": _json, "ndjson": _ndjson}
    if fmt not in readers:
        raise UsageError(f"unknown import format {fmt!r} (accepted: {', '.join(FORMATS)})")
    return readers[fmt](text, label)


def first_character(text: str) -> str:
    """The first character that is not white space ('' if none), without copying the text."""
    match = _LEADING_SPACE.match(text)
    return text[match.end() : match.end() + 1] if match else ""


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, sliced lazily: no second copy of a large file."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_records(text: str, label: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    reader = csv.reader(_lines(text))
    try:
        header = [c.strip().lower() for c in next(reader)]
    except csv.Error as exc:
        raise DataError([f"{label}:1: header: {exc}"]) from None

    def records() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise DataError([f"{label}:{start}: row: {exc}"]) from None
            if any(v.strip() for v in values):
                yield start, values
            start = reader.line_num + 1

    return header, records()


def _check_header(header: list[str], allowed: set[str], required: tuple[str, ...], label: str) -> None:
    problems = []
    for name in header:
        if name not in allowed:
            problems.append(f"{label}:1: {name or '(blank)'}: unknown column (accepted: {', '.join(sorted(allowed))})")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(f"{label}:1: {name}: column appears twice")
        seen.add(name)
    for name in required:
        if name not in header:
            problems.append(f"{label}:1: {name}: required column is missing")
    if problems:
        raise DataError(problems)


def _row_width_problem(header: list[str], values: list[str]) -> RowProblem:
    return RowProblem("row", f"{len(values)} cells for {len(header)} columns")


def _long_csv(text: str, label: str) -> Iterator[LocatedRow]:
    header, records = _csv_records(text, label)
    _check_header(header, set(LONG_COLUMNS), REQUIRED_LONG_COLUMNS, label)
    for line, values in records:
        if len(values) != len(header):
            yield line, _row_width_problem(header, values)
            continue
        yield line, dict(zip(header, values, strict=True))


def _wide_csv(text: str, label: str) -> Iterator[LocatedRow]:
    header, records = _csv_records(text, label)
    rating_columns = [c for c in header if c == OVERALL or c in all_standard_slugs()]
    allowed = {*INSPECTION_FIELDS, *WIDE_EXTRA_COLUMNS, OVERALL, *all_standard_slugs()}
    required = ("service", "provider_type", "framework")
    _check_header(header, allowed, required, label)
    if not rating_columns:
        raise DataError([f"{label}:1: header: no rating columns (accepted: overall and standard slugs)"])
    for line, values in records:
        if len(values) != len(header):
            yield line, _row_width_problem(header, values)
            continue
        cells = dict(zip(header, values, strict=True))
        base = {k: v for k, v in cells.items() if k not in rating_columns}
        for column in rating_columns:
            if cells[column].strip():
                yield line, {**base, "standard": column, "rating": cells[column]}


JSON_INSPECTION_KEYS = frozenset({*INSPECTION_FIELDS, *WIDE_EXTRA_COLUMNS, "ratings"})
JSON_RATING_KEYS = frozenset({"rating", "standard_code", "source_url", "note"})


def _unknown_keys(obj: dict[str, Any], allowed: frozenset[str], where: str) -> Iterator[RowProblem]:
    # a misspelt key (`publshed`) would otherwise vanish silently, as an unknown CSV column does not
    for key in obj:
        if key not in allowed:
            yield RowProblem(f"{where}{key}", f"unknown field (accepted: {', '.join(sorted(allowed))})")


def _inspection_rows(obj: Any, line: int) -> Iterator[LocatedRow]:
    if not isinstance(obj, dict):
        yield line, RowProblem("record", f"expected an inspection object, got {type(obj).__name__}")
        return
    for problem in _unknown_keys(obj, JSON_INSPECTION_KEYS, ""):
        yield line, problem
    ratings = obj.get("ratings")
    if not isinstance(ratings, dict) or not ratings:
        yield line, RowProblem("ratings", "expected a non-empty mapping of standard to rating")
        return
    base = {k: v for k, v in obj.items() if k in JSON_INSPECTION_KEYS and k != "ratings"}
    for standard, value in ratings.items():
        if isinstance(value, dict):
            for problem in _unknown_keys(value, JSON_RATING_KEYS, f"ratings.{standard}."):
                yield line, problem
            rating = {k: v for k, v in value.items() if k in JSON_RATING_KEYS}
            yield line, {**base, **rating, "standard": standard}
        else:
            yield line, {**base, "standard": standard, "rating": value}


def _json(text: str, label: str) -> Iterator[LocatedRow]:
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if not stripped.startswith("["):
        raise DataError([f"{label}:1: file: JSON must be a list of inspection objects"])
    position = _skip_space(text, offset + 1)
    # JSON's own grammar: values separated by exactly one comma, no trailing comma
    expecting_value = position < len(text) and text[position] != "]"
    while True:
        if position >= len(text):
            raise DataError([f"{label}:{_line_at(text, position)}: file: the JSON list is not closed"])
        if not expecting_value:
            if text[position] == "]":
                break
            if text[position] != ",":
                raise DataError([f"{label}:{_line_at(text, position)}: file: expected ',' or ']' in the JSON list"])
            position = _skip_space(text, position + 1)
            expecting_value = True
            continue
        line = _line_at(text, position)
        try:
            obj, position = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise DataError([f"{label}:{line}: record: not valid JSON ({_json_reason(exc)})"]) from None
        yield from _inspection_rows(obj, line)
        position = _skip_space(text, position)
        expecting_value = False
    rest = text[position + 1 :]
    if rest.strip():
        # the line where the extra text starts, not the line the list ends on
        start = position + 1 + len(rest) - len(rest.lstrip())
        raise DataError([f"{label}:{_line_at(text, start)}: file: text after the end of the JSON list"])


def _ndjson(text: str, label: str) -> Iterator[LocatedRow]:
    # split on "\n" only: str.splitlines also breaks at U+2028, form feeds and the like, which
    # JSON strings may hold, and would then misnumber every later line
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield line, RowProblem("record", f"not valid JSON ({_json_reason(exc)})")
            continue
        yield from _inspection_rows(obj, line)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    assert isinstance(exc, json.JSONDecodeError)
    return exc.msg
