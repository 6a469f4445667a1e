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


def _text(value: Any) -> str:
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


def records(result: Result, columns: Sequence[Column]) -> Iterator[dict[str, Any]]:
    for view in result.views:
        keys = [c.key for c in view.columns]
        for row in view.rows:
            record = dict(zip(keys, row, strict=True))
            if result.tag_views:
                record["view"] = view.name
            yield {c.key: _value(record.get(c.key)) for c in columns}


def write_delimited(result: Result, out: TextIO, delimiter: str) -> None:
    columns = machine_columns(result)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for record in records(result, columns):
        writer.writerow([_text(v) for v in record.values()])


def write_json(result: Result, out: TextIO) -> None:
    write_objects(records(result, machine_columns(result)), out, ndjson=False)


def write_ndjson(result: Result, out: TextIO) -> None:
    write_objects(records(result, machine_columns(result)), out, ndjson=True)


def _md_cell(value: Any) -> str:
    return _text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


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
    if ndjson:
        for obj in objects:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        return
    out.write("[")
    first = True
    for obj in objects:
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(obj, ensure_ascii=False))
        first = False
    out.write("\n]\n" if not first else "]\n")
