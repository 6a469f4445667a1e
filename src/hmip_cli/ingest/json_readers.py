"""The JSON import layouts: a list of inspection objects (read whole) and NDJSON (a line each).
Each yields (line, raw long-layout row) pairs, as the CSV readers in formats.py do."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from hmip_cli.errors import DataError
from hmip_cli.ingest.formats import WIDE_EXTRA_COLUMNS, LocatedRow, RowProblem
from hmip_cli.schemas.records import INSPECTION_FIELDS

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


def read_json(text: str, label: str) -> Iterator[LocatedRow]:
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


def read_ndjson(lines: Iterable[str]) -> Iterator[LocatedRow]:
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
