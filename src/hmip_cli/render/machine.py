"""Plain, stable writers: csv, tsv, json, ndjson and markdown. Rows stream; nothing is truncated."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from hmip_cli.tabular import Column, Result, View


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "value"):  # enums such as Rating are spelled in full
        return value.value
    return str(value)


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


def write_delimited(result: Result, out: TextIO, delimiter: str, *, header: bool = True) -> None:
    columns = machine_columns(result)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow([c.key for c in columns])
    floats = [i for i, c in enumerate(columns) if c.kind == "float"]
    rows = aligned_rows(result, columns)
    if not floats:
        # csv writes None as "" and numbers and str enums as their text: no per-cell Python needed
        writer.writerows(rows)
        return
    for row in rows:
        cells = list(row)
        for i in floats:
            cells[i] = cell_text(cells[i])
        writer.writerow(cells)


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
    return cell_text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def write_markdown(result: Result, out: TextIO) -> None:
    """One Markdown table per view, each under its title."""
    for index, view in enumerate(result.views):
        if index:
            out.write("\n")
        if len(result.views) > 1 or view.title:
            out.write(f"### {view.title}\n\n")
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


def _batches(lines: Iterator[str]) -> Iterator[list[str]]:
    """Lists of up to _BATCH lines and about _BATCH_CHARACTERS: lines of 60 MB go one at a time."""
    batch: list[str] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if len(batch) >= _BATCH or size >= _BATCH_CHARACTERS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _write_encoded(lines: Iterable[str], out: TextIO, *, ndjson: bool) -> None:
    pending = _batches(iter(lines))
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
