"""Rich tables for people at a terminal. Data is rendered as Text, so markup never eats it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from hmip_cli.render.machine import cell_text
from hmip_cli.render.styles import RATING_STYLES, STRIP_LETTERS
from hmip_cli.tabular import Column, Result, View


def _cell(value: Any, column: Column, shared: frozenset[Any] = frozenset()) -> Text:
    text = cell_text(value)
    if column.kind == "rank":
        return Text(f"={text}" if value in shared else text)
    if column.kind == "rating":
        return Text(text or "Not recorded", style=RATING_STYLES.get(text or "Not recorded", ""))
    if column.kind == "strip":
        strip = Text()
        for letter in text:
            # the letter carries the rating; colour only adds to it
            strip.append(letter, style=RATING_STYLES.get(STRIP_LETTERS.get(letter, "Not recorded"), "dim"))
        return strip
    if column.kind == "text" and text in RATING_STYLES:
        return Text(text, style=RATING_STYLES[text])
    return Text(text)


def _numeric(column: Column) -> bool:
    return column.kind in ("int", "float", "rank")


def _build(view: View) -> tuple[Table, int]:
    table = Table(
        title=Text(view.title, style="bold"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        min_width=len(view.title) + 2,
    )
    shown = [i for i, c in enumerate(view.columns) if c.in_table]
    columns = [view.columns[i] for i in shown]
    rows = [[r[i] for i in shown] for r in view.rows]
    if view.transpose_table:
        return _transposed(columns, rows, table)
    for column in columns:
        table.add_column(
            Text(column.label),
            justify="right" if _numeric(column) else "left",
            overflow="fold",
            # numbers and the strip must not split; words fold when the terminal is narrow
            no_wrap=column.kind in ("int", "float", "strip", "rank"),
        )
    shared = [_shared_ranks(rows, i) if c.kind == "rank" else frozenset() for i, c in enumerate(columns)]
    for row in rows:
        table.add_row(*(_cell(v, c, s) for v, c, s in zip(row, columns, shared, strict=True)))
    return table, len(rows)


def _shared_ranks(rows: Sequence[Sequence[Any]], index: int) -> frozenset[Any]:
    seen: set[Any] = set()
    shared: set[Any] = set()
    for row in rows:
        (shared if row[index] in seen else seen).add(row[index])
    return frozenset(shared)


def _transposed(columns: Sequence[Column], rows: list[list[Any]], table: Table) -> tuple[Table, int]:
    """First column's values become headings; every other column becomes a row."""
    first, *rest = columns
    table.add_column(Text(first.label))
    for row in rows:
        table.add_column(Text(cell_text(row[0])), justify="right")
    for index, column in enumerate(rest, start=1):
        label = Text(column.label, style=RATING_STYLES.get(column.label, ""))
        table.add_row(label, *(_cell(row[index], column) for row in rows))
    return table, len(rows)


def print_tables(result: Result, console: Console, notes: Console) -> None:
    for index, view in enumerate(result.views):
        table, count = _build(view)
        if index:
            console.print()
        console.print(table)
        # notes under the table, at the console's full width (a caption would wrap at the table's)
        for line in [*([view.summary] if view.summary else []), *view.notes]:
            console.print(Text(line, style="italic"))
        if count == 0:
            console.file.flush()
            notes.print(Text(f"{view.title}: {view.empty_note}"))


def print_legend(columns: Sequence[Column], console: Console) -> None:
    if any(c.kind == "strip" for c in columns):
        legend = Text("strip: ")
        for letter, name in (*STRIP_LETTERS.items(), ("·", "Not recorded"), ("-", "not inspected on")):
            legend.append(letter, style=RATING_STYLES.get(name, ""))
            legend.append(f" {name}  ")
        console.print(legend)
