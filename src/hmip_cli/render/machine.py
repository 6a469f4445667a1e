"""Plain, stable writers: csv, tsv, json, ndjson and markdown. Rows stream; nothing is truncated."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO, TypeVar

from hmip_cli.render.safe import inert, markdown_text, tsv_cell, visible
from hmip_cli.tabular import Column, Result, View


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "value"):  # enums such as Rating are spelled in full
        return value.value
    return str(value)


def machine_value(value: Any) -> Any:
    """A cell as the JSON writers carry it: numbers and None as they are, enums spelled, the rest text."""
    return _value(value)


def cell_text(value: Any) -> str:
    """A cell as text: empty for unknown, floats to one decimal place, enums spelled in full."""
    value = _value(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def machine_columns(result: Result) -> list[Column]:
    """One header for the whole result: `view` first when tagged, then every column once."""
    columns: list[Column] = [Column("view", "View")] if result.tag_views else []
    seen = {c.key for c in columns}
    for view in result.views:
        for column in view.columns:
            if column.key not in seen:
                seen.add(column.key)
                columns.append(column)
    return columns


def aligned_rows(result: Result, columns: Sequence[Column]) -> Iterable[Sequence[Any]]:
    """Every view's rows with the whole result's columns, in order (None where a view lacks one)."""
    keys = [c.key for c in columns]
    if len(result.views) == 1 and not result.tag_views and [c.key for c in result.views[0].columns] == keys:
        # the common case: hand the query's cursor over untouched (and never wrap it in a
        # generator, whose close would close a cursor whose connection may already be gone)
        return result.views[0].rows
    return _realigned(result, keys)


def _realigned(result: Result, keys: list[str]) -> Iterator[Sequence[Any]]:
    for view in result.views:
        own = [c.key for c in view.columns]
        picks = [own.index(k) if k in own else None for k in keys]
        for row in view.rows:
            yield [
                view.name if k == "view" else (None if i is None else row[i]) for k, i in zip(keys, picks, strict=True)
            ]


def write_delimited(
    result: Result,
    out: TextIO,
    delimiter: str,
    *,
    header: bool = True,
    bom: bool = False,
    neutralise: bool = False,
) -> None:
    """CSV (RFC 4180 quoting) or TSV (no quoting: backslash, TAB, CR and LF escaped, safe.tsv_cell).
    Either way one record is one row: a line break inside a value never starts another. `bom`:
    a UTF-8 byte-order mark first; `neutralise`: formula-like text cells made inert (safe.inert)."""
    columns = machine_columns(result)
    # the store's records are the raw pipeline form: an Excel-bound file (BOM, formulas made inert)
    # goes through the Python writer, which applies both
    plain = not bom and not neutralise
    prebuilt = _prebuilt_lines(result, columns, delimiter) if plain else None
    if prebuilt is not None:
        # the store built each record (tests/test_listing_csv.py, test_league_sql.py): no Python work per cell
        if header:
            keys = [[c.key for c in columns]]
            out.write(_csv_rows(keys) if delimiter == "," else _tsv_rows(keys))
        for lines in _batches(iter(prebuilt), len):
            out.write("\n".join(lines) + "\n")
        return
    floats = [i for i, c in enumerate(columns) if c.kind == "float"]
    rows: Iterable[Sequence[Any]] = aligned_rows(result, columns)
    if floats:
        rows = _floats_as_text(rows, floats)
    if neutralise:
        rows = ([inert(v) if isinstance(v, str) else v for v in row] for row in rows)
    if bom:
        out.write("\ufeff")
    if header:
        rows = itertools.chain([[c.key for c in columns]], rows)
    careful = _tsv_rows if delimiter == "\t" else _csv_rows
    # csv's C writer makes each batch; a batch whose text holds a character that needs more
    # (TSV: a quote, backslash or CR, i.e. csv quoted or passed a special; CSV: a CR, which csv
    # leaves unquoted) is made again cell by cell. Data without such characters costs nothing more.
    suspect = ('"', "\\", "\r") if delimiter == "\t" else ("\r",)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for batch in _batches(iter(rows), _row_characters):
        writer.writerows(batch)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if any(s in text for s in suspect):
            text = careful(batch)
        out.write(text)


def _prebuilt_lines(result: Result, columns: Sequence[Column], delimiter: str) -> Iterable[str] | None:
    """Every view's records as the store built them, one view after another, when each view has
    them for exactly these columns (several views: one kind, untagged, such as a league's)."""
    if result.tag_views or delimiter not in (",", "\t"):
        return None
    keys = tuple(c.key for c in columns)
    found = [view.csv_lines if delimiter == "," else view.tsv_lines for view in result.views]
    if not found or any(lines is None or tuple(lines.keys) != keys for lines in found):
        return None
    return itertools.chain.from_iterable(lines.lines() for lines in found if lines is not None)


def _floats_as_text(rows: Iterable[Sequence[Any]], floats: list[int]) -> Iterator[Sequence[Any]]:
    for row in rows:
        cells = list(row)
        for i in floats:
            cells[i] = cell_text(cells[i])
        yield cells


def _plain(value: Any) -> str:
    """A cell's text as csv writes it: empty for None, str() of anything else."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def _tsv_rows(batch: Sequence[Sequence[Any]]) -> str:
    return "".join("\t".join(tsv_cell(_plain(v)) for v in row) + "\n" for row in batch)


def _csv_rows(batch: Sequence[Sequence[Any]]) -> str:
    # csv quotes a value holding the line terminator's characters: with "\r\n" it quotes a lone
    # CR too, which a reader would otherwise take for the end of the row
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in batch:
        writer.writerow(row)
        buffer.seek(buffer.tell() - 2)
        buffer.write("\n")
        buffer.truncate()
    return buffer.getvalue()


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _json_lines(result: Result) -> Iterable[str]:
    columns = machine_columns(result)
    keys = [c.key for c in columns]
    if len(result.views) == 1 and not result.tag_views:
        prebuilt = result.views[0].json_lines
        if prebuilt is not None and list(prebuilt.keys) == keys:
            # the store built these lines (SQLite's json_quote): no Python work per row
            return prebuilt.lines()
    return _encoded(result, columns, keys)


def _encoded(result: Result, columns: Sequence[Column], keys: list[str]) -> Iterator[str]:
    for row in aligned_rows(result, columns):
        yield _ENCODE(dict(zip(keys, row, strict=True)))


def write_json(result: Result, out: TextIO) -> None:
    _write_encoded(_json_lines(result), out, ndjson=False)


def write_ndjson(result: Result, out: TextIO) -> None:
    _write_encoded(_json_lines(result), out, ndjson=True)


def _md_cell(value: Any) -> str:
    text = cell_text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ")
    return markdown_text(visible(text.replace("\n", " ").replace("\r", " ")))


def _md_line(text: str) -> str:
    return markdown_text(visible(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")))


def write_markdown(result: Result, out: TextIO) -> None:
    """One Markdown table per view, each under its title."""
    for index, view in enumerate(result.views):
        if index:
            out.write("\n")
        if len(result.views) > 1 or view.title:
            out.write(f"### {_md_line(view.title)}\n\n")
        _markdown_view(view, out)


def _markdown_view(view: View, out: TextIO) -> None:
    out.write("| " + " | ".join(_md_cell(c.label) for c in view.columns) + " |\n")
    out.write("|" + "|".join("---:" if c.kind in ("int", "float") else "---" for c in view.columns) + "|\n")
    for row in view.rows:
        out.write("| " + " | ".join(_md_cell(v) for v in row) + " |\n")


def write_objects(objects: Iterable[dict[str, Any]], out: TextIO, *, ndjson: bool) -> None:
    """Nested records (inspections with their ratings), as a JSON list or one per line."""
    _write_encoded(map(_ENCODE, objects), out, ndjson=ndjson)


# Lines go out in batches: one write per batch, not per row, whatever the stream's buffering
# (PYTHONUNBUFFERED makes every write a system call); a batch is all that is held in memory.
_BATCH = 1024
_BATCH_CHARACTERS = 1024 * 1024
Item = TypeVar("Item")


def _row_characters(row: Sequence[Any]) -> int:
    return sum(len(value) if isinstance(value, str) else 8 for value in row)


def _batches(items: Iterator[Item], size_of: Callable[[Item], int]) -> Iterator[list[Item]]:
    """Lists of up to _BATCH lines (or rows) and about _BATCH_CHARACTERS: 60 MB ones go one at a time."""
    batch: list[Item] = []
    size = 0
    for item in items:
        batch.append(item)
        size += size_of(item)
        if len(batch) >= _BATCH or size >= _BATCH_CHARACTERS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _write_encoded(lines: Iterable[str], out: TextIO, *, ndjson: bool) -> None:
    pending = _batches(iter(lines), len)
    if ndjson:
        for batch in pending:
            out.write("\n".join(batch) + "\n")
        return
    out.write("[")
    separator = "\n  "
    for batch in pending:
        out.write(separator + ",\n  ".join(batch))
        separator = ",\n  "
    out.write("]\n" if separator == "\n  " else "\n]\n")
