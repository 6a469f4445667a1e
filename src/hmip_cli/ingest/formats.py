"""Readers for each import layout. Each yields (line, raw long-layout row) pairs."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from hmip_cli.errors import UsageError
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
    """`hmip import --format`: the ratings layouts (RATINGS_LAYOUTS, below), and figures."""

    LONG_CSV = "long-csv"
    WIDE_CSV = "wide-csv"
    JSON = "json"
    NDJSON = "ndjson"
    FIGURES_CSV = "figures-csv"


RATINGS_LAYOUTS = tuple(f.value for f in ImportFormat if f is not ImportFormat.FIGURES_CSV)
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
    if fmt not in RATINGS_LAYOUTS:
        raise UsageError(f"unknown import format {fmt!r} (accepted: {', '.join(RATINGS_LAYOUTS)})")
    if fmt in ("json", "ndjson"):
        from hmip_cli.ingest.json_readers import read_json, read_ndjson

        return read_json(source.whole_text(), source.label) if fmt == "json" else read_ndjson(source.lines(log))
    lines = source.lines(log)
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
