"""Readers for each import layout. Each yields (line, raw long-layout row) pairs."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from hmip_cli.errors import DataError, UsageError
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.ingest.sources import Source
from hmip_cli.schemas.frameworks import OVERALL, all_standard_slugs, frameworks, parse_provider_type
from hmip_cli.schemas.records import INSPECTION_FIELDS, LONG_COLUMNS, MULTILINE_FIELDS, REQUIRED_LONG_COLUMNS

RawRow = dict[str, Any]


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be read at all; the reader goes on to the next one."""

    field: str
    message: str


LocatedRow = tuple[int, RawRow | RowProblem]


class ImportFormat(StrEnum):
    """`hmip import --format`: the ratings layouts (FORMATS, below), and figures."""

    LONG_CSV = "long-csv"
    WIDE_CSV = "wide-csv"
    JSON = "json"
    NDJSON = "ndjson"
    FIGURES_CSV = "figures-csv"


FORMATS = tuple(f.value for f in ImportFormat if f is not ImportFormat.FIGURES_CSV)
"""The ratings layouts the readers below know."""
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


def read_rows(source: Source, fmt: str, log: ProblemLog) -> Iterator[LocatedRow]:
    """Located rows of `source` in layout `fmt`; problems that stop the reading go to `log`."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown import format {fmt!r} (accepted: {', '.join(FORMATS)})")
    if fmt == "json":
        return _json(source.whole_text(), source.label)
    lines = source.lines(log)
    if fmt == "ndjson":
        return _ndjson(lines)
    return _long_csv(lines, log) if fmt == "long-csv" else _wide_csv(lines, log)


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


_UNCLOSED = 'a quoted field opened in the row starting on this line is never closed (accepted: a closing ")'
_MULTILINE_COLUMNS = MULTILINE_FIELDS


def _csv_records(
    lines: Iterable[str], log: ProblemLog, multiline: frozenset[str] | None = _MULTILINE_COLUMNS
) -> tuple[list[str], Iterator[tuple[int, list[str] | RowProblem]]]:
    """The header and the located records. strict: a quote that never closes is an error at the
    row where it opened, never a field that swallows the rest of the file. A value in a column
    not in `multiline` that runs over lines is a problem (a closing quote is missing)."""
    reader = csv.reader(lines, strict=True)
    try:
        header = [c.strip().lower() for c in next(reader, [])]
    except csv.Error as exc:
        raise log.fail(1, "header", _csv_reason(exc)) from None

    def records() -> Iterator[tuple[int, list[str] | RowProblem]]:
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise log.fail(start, "row", _csv_reason(exc)) from None
            if _has_text(values):
                spanning = _spanning_column(header, values, multiline) if reader.line_num > start else None
                if spanning is not None:
                    yield start, RowProblem(spanning, _spanning_message(spanning, start, reader.line_num, multiline))
                else:
                    yield start, values
            start = reader.line_num + 1

    return header, records()


def _has_text(values: list[str]) -> bool:
    """Some cell is more than white space; the first cell usually says so without a loop."""
    return any(values) and (bool(values[0].strip()) or any(v.strip() for v in values))


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    return _UNCLOSED if text == "unexpected end of data" else f"{text} (accepted: RFC 4180 quoting)"


def _spanning_column(header: list[str], values: list[str], multiline: frozenset[str] | None) -> str | None:
    if multiline is None:
        return None
    for name, value in zip(header, values, strict=False):
        if "\n" not in value and "\r" not in value:
            continue
        # a note may hold line breaks, but not whole rows: those mean its closing quote is missing
        if name not in multiline or any(_looks_like_row(part, len(header)) for part in value.splitlines()[1:]):
            return name
    return None


def _spanning_message(name: str, start: int, end: int, multiline: frozenset[str] | None) -> str:
    if multiline and name in multiline:
        return (
            f"a quoted value runs from line {start} to line {end} and holds whole rows "
            "(accepted: a closing quote where the value ends)"
        )
    return (
        f"a quoted value runs from line {start} to line {end} (accepted: a closing quote on the line "
        f"where it opens; only {', '.join(sorted(multiline or ()))} may hold line breaks)"
    )


def _looks_like_row(line: str, width: int) -> bool:
    try:
        return len(next(csv.reader([line]), [])) == width
    except csv.Error:
        return False


def _check_header(header: list[str], allowed: set[str], required: tuple[str, ...], log: ProblemLog) -> None:
    """Every header problem, capped like row problems; any of them stops the import."""
    for name in header:
        if name not in allowed:
            log.add(1, name or "(blank)", f"unknown column (accepted: {', '.join(sorted(allowed))})")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            log.add(1, name, "column appears twice")
        seen.add(name)
    for name in required:
        if name not in header:
            log.add(1, name, "required column is missing")
    log.raise_if_any()


def _row_width_problem(header: list[str], values: list[str]) -> RowProblem:
    return RowProblem("row", f"{len(values)} cells for {len(header)} columns")


def _long_csv(lines: Iterable[str], log: ProblemLog) -> Iterator[LocatedRow]:
    header, records = _csv_records(lines, log)
    _check_header(header, set(LONG_COLUMNS), REQUIRED_LONG_COLUMNS, log)
    for line, values in records:
        if isinstance(values, RowProblem):
            yield line, values
        elif len(values) != len(header):
            yield line, _row_width_problem(header, values)
        else:
            yield line, dict(zip(header, values))  # noqa: B905 - the widths were just compared


def _wide_csv(lines: Iterable[str], log: ProblemLog) -> Iterator[LocatedRow]:
    header, records = _csv_records(lines, log)
    rating_columns = [c for c in header if c == OVERALL or c in all_standard_slugs()]
    allowed = {*INSPECTION_FIELDS, *WIDE_EXTRA_COLUMNS, OVERALL, *all_standard_slugs()}
    required = ("service", "provider_type", "framework")
    _check_header(header, allowed, required, log)
    if not rating_columns:
        raise log.fail(1, "header", "no rating columns (accepted: overall and standard slugs)")
    for line, values in records:
        if isinstance(values, RowProblem):
            yield line, values
            continue
        if len(values) != len(header):
            yield line, _row_width_problem(header, values)
            continue
        cells = dict(zip(header, values, strict=True))
        base = {k: v for k, v in cells.items() if k not in rating_columns}
        own = _own_columns(cells.get("framework", ""), cells.get("provider_type", ""))
        for column in rating_columns:
            # an empty cell of a standard the row's framework has is a rating left empty (counted,
            # not recorded); one of another framework's standard is no cell of this row at all
            if cells[column].strip() or column in own:
                yield line, {**base, "standard": column, "rating": cells[column]}


@lru_cache(maxsize=256)
def _own_columns(framework_text: str, provider_text: str) -> frozenset[str]:
    """The rating columns a wide row's framework and provider type have: overall and their
    standards (overall alone when either is unknown, which validation then reports, once)."""
    framework = frameworks().get(framework_text.strip().lower())
    try:
        provider = parse_provider_type(provider_text)
    except ValueError:
        return frozenset({OVERALL})
    if framework is None:
        return frozenset({OVERALL})
    return frozenset({OVERALL, *(s.slug for s in framework.standards_for(provider))})


JSON_INSPECTION_KEYS = frozenset({*INSPECTION_FIELDS, *WIDE_EXTRA_COLUMNS, "ratings"})
JSON_RATING_KEYS = frozenset({"rating", "standard_code", "source_url", "note"})


def _unknown_keys(obj: dict[str, Any], allowed: frozenset[str], where: str) -> Iterator[RowProblem]:
    # a misspelt key (`publshed`) would otherwise vanish silently, as an unknown CSV column does not
    for key in obj:
        if key not in allowed:
            yield RowProblem(f"{where}{key}", f"unknown field (accepted: {', '.join(sorted(allowed))})")


# NUL and lone surrogates (JSON's "\\ud800") are valid JSON but not text SQLite can store
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
MAX_DIGITS = 100


class _Decoding:
    """A JSON decoder that notes duplicate keys (JSON keeps the last one silently) and refuses
    integers longer than MAX_DIGITS (Python's own limit raises a bare ValueError at 4,300)."""

    def __init__(self) -> None:
        self.duplicates: list[str] = []
        self.decoder = json.JSONDecoder(object_pairs_hook=self._object, parse_int=self._int)

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                self.duplicates.append(key)
            obj[key] = value
        return obj

    @staticmethod
    def _int(text: str) -> int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise _TooLong(len(text.lstrip("-")))
        return int(text)

    def problems(self) -> Iterator[RowProblem]:
        for key in self.duplicates:
            yield RowProblem(key, "appears twice in one object (accepted: each key once)")
        self.duplicates.clear()


class _TooLong(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(f"a number of {digits} digits, more than the {MAX_DIGITS} accepted")


def _text_problems(obj: Any) -> Iterator[RowProblem]:
    """Strings (keys too) holding NUL or a lone surrogate, named by their path in the record."""
    stack: list[tuple[str, Any]] = [("record", obj)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            found = _NOT_TEXT.search(value)
            if found:
                what = "a NUL character" if found.group() == "\x00" else "a lone surrogate"
                yield RowProblem(where, f"{what} (accepted: text that is valid Unicode, without NUL)")
        elif isinstance(value, dict):
            for key, item in value.items():
                path = key if where == "record" else f"{where}.{key}"
                stack.append((path, key))
                stack.append((path, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


def _inspection_rows(obj: Any, line: int, decoding: _Decoding) -> Iterator[LocatedRow]:
    bad = [*decoding.problems(), *_text_problems(obj)]
    if bad:
        for problem in bad:
            yield line, problem
        return
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


_JSON_ERRORS = (ValueError, RecursionError)  # JSONDecodeError and _TooLong are ValueErrors


def _json(text: str, label: str) -> Iterator[LocatedRow]:
    decoding = _Decoding()
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
            obj, position = decoding.decoder.raw_decode(text, position)
        except _JSON_ERRORS as exc:
            raise DataError([f"{label}:{line}: record: not valid JSON ({_json_reason(exc)})"]) from None
        yield from _inspection_rows(obj, line, decoding)
        position = _skip_space(text, position)
        expecting_value = False
    rest = text[position + 1 :]
    if rest.strip():
        # the line where the extra text starts, not the line the list ends on
        start = position + 1 + len(rest) - len(rest.lstrip())
        raise DataError([f"{label}:{_line_at(text, start)}: file: text after the end of the JSON list"])


def _ndjson(lines: Iterable[str]) -> Iterator[LocatedRow]:
    # lines split at "\n" only: str.splitlines also breaks at U+2028, form feeds and the like,
    # which JSON strings may hold, and would then misnumber every later line
    decoding = _Decoding()
    for line, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = decoding.decoder.decode(raw)
        except _JSON_ERRORS as exc:
            decoding.duplicates.clear()
            yield line, RowProblem("record", f"not valid JSON ({_json_reason(exc)})")
            continue
        yield from _inspection_rows(obj, line, decoding)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return str(exc)
