"""Rich tables for people at a terminal. Data is rendered as Text, so markup never eats it.

No value is ever cropped: each table is planned for the console's width (render/layout.py);
columns that cannot fit are left out, lowest priority first, and named under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich import box
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from hmip_cli.render.layout import Cell, Plan, column_needs, elide, plan, wrap
from hmip_cli.render.machine import cell_text
from hmip_cli.render.safe import link_label, safe_link, visible
from hmip_cli.render.styles import CHART_SHORT, RATING_STYLES, STRIP_LETTERS
from hmip_cli.tabular import Column, Marked, Result, View

IDENTITY = frozenset({"service", "year", "provider_type", "type", "sector", "from_year", "to_year", "inspection"})
"""Columns that say what a row is about: kept longest, with the numbers."""
HIDE_FIRST = 3
"""Priority of long text (sources, notes, ids): dropped first as the width shrinks."""


def priority(column: Column, index: int) -> int:
    """0 identity, 1 numbers and ratings, 2 other text and codes (dates, frameworks), 3 long text
    (sources, notes, ids). When a table is too wide the highest goes first, rightmost first."""
    if column.priority is not None:
        return column.priority
    if index == 0 or column.key in IDENTITY:
        return 0
    if column.kind == "url" or column.key in ("note", "notes") or column.key.endswith("_id"):
        return HIDE_FIRST
    return 1 if column.kind in ("int", "float", "rating", "strip") else 2


@dataclass
class _Column:
    """One column as drawn: heading, cells (styled), how it may shrink, and its name when hidden."""

    key: str
    header: str
    priority: int
    right: bool
    cells: list[Text]
    wraps: list[bool]
    short: str = ""
    """A shorter heading (RI for Requires improvement) for when the full one costs a column."""


def _cell(value: Any, column: Column, wide: bool, shared: frozenset[Any] = frozenset()) -> tuple[Text, bool]:
    """A cell's Text and whether it may wrap at spaces. Data is shown, never obeyed: control
    characters escaped, and a link only where a browser would open the host its label names."""
    raw = cell_text(value)
    text = visible(raw)
    if column.kind == "rank":
        return Text(f"={text}" if value in shared else text), False
    if column.kind == "rating":
        cell = Text(text or "Not recorded", style=RATING_STYLES.get(text or "Not recorded", ""))
        if isinstance(value, Marked):
            cell.append(value.mark)  # a letter, not a colour: it must survive NO_COLOR and a pipe
        return cell, True
    if column.kind == "url" and text:
        link = safe_link(raw)
        if link is None:
            return Text(text), False  # shown whole (or visibly elided), never clickable
        return Text(link.url if wide else link_label(link), style=Style(link=link.url)), False
    if column.kind == "strip":
        strip = Text()
        for letter in text:
            # the letter carries the rating; colour only adds to it
            strip.append(letter, style=RATING_STYLES.get(STRIP_LETTERS.get(letter, "Not recorded"), "dim"))
        return strip, False
    return Text(text), column.kind in ("text", "url")


def _numeric(column: Column) -> bool:
    return column.kind in ("int", "float", "rank")


def _shared_ranks(rows: Sequence[Sequence[Any]], index: int) -> frozenset[Any]:
    """Rank values held by more than one row: shown `=5`."""
    seen: set[Any] = set()
    shared: set[Any] = set()
    for row in rows:
        (shared if row[index] in seen else seen).add(row[index])
    return frozenset(shared)


def _grid(view: View, rows: list[list[Any]], wide: bool) -> list[_Column]:
    if view.transpose_table:
        return _transposed(view, rows, wide)
    grid = []
    for index, column in enumerate(view.columns):
        shared = _shared_ranks(rows, index) if column.kind == "rank" else frozenset()
        cells = [_cell(row[index], column, wide, shared) for row in rows]
        grid.append(
            _Column(
                column.key,
                column.label,
                priority(column, index),
                _numeric(column),
                [c for c, _ in cells],
                [w for _, w in cells],
                CHART_SHORT.get(column.label, "") if _numeric(column) else "",
            )
        )
    return grid


def _transposed(view: View, rows: list[list[Any]], wide: bool) -> list[_Column]:
    """First column's values become headings; every other column becomes a row."""
    first, *rest = view.columns
    labels = [Text(c.label, style=RATING_STYLES.get(c.label, "") if _numeric(c) else "") for c in rest]
    grid = [_Column(first.key, first.label, 0, False, labels, [True] * len(rest))]
    for row in rows:
        cells = [_cell(row[index], column, wide) for index, column in enumerate(rest, start=1)]
        heading = visible(cell_text(row[0]))
        grid.append(_Column(heading, heading, 1, True, [c for c, _ in cells], [w for _, w in cells]))
    return grid


def _fitted(cell: Text, wraps: bool, width: int) -> Text:
    if cell.cell_len <= width and "\n" not in cell.plain and "  " not in cell.plain:
        return cell
    style = cell.style if cell.spans == [] else ""
    if wraps:
        return Text("\n".join(wrap(cell.plain, width)), style=style)
    return Text(elide(cell.plain, width), style=style)


def layout(grid: Sequence[_Column], width: int | None) -> Plan:
    """The plan for this grid; with no width (--wide) every column at its natural width."""
    needs = [column_needs(c.header, [Cell(t.plain, w) for t, w in zip(c.cells, c.wraps, strict=True)]) for c in grid]
    if width is None:
        return Plan(list(range(len(grid))), [n[1] for n in needs], [])
    return plan(needs, [c.priority for c in grid], width)


def _table(grid: Sequence[_Column], chosen: Plan, show_header: bool) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_header=show_header,
        expand=False,
    )
    for index, width in zip(chosen.shown, chosen.widths, strict=True):
        column = grid[index]
        table.add_column(
            Text("\n".join(wrap(column.header, width))),
            justify="right" if column.right else "left",
            width=width,
            no_wrap=True,
            overflow="ellipsis",
        )
    if grid:
        for r in range(len(grid[0].cells)):
            table.add_row(
                *(
                    _fitted(grid[i].cells[r], grid[i].wraps[r], w)
                    for i, w in zip(chosen.shown, chosen.widths, strict=True)
                )
            )
    return table


def hidden_note(grid: Sequence[_Column], chosen: Plan) -> str:
    if not chosen.hidden:
        return ""
    names = ", ".join(grid[i].key for i in chosen.hidden)
    count = len(chosen.hidden)
    return f"{count} {'column' if count == 1 else 'columns'} hidden: {names}; use --wide or -f csv"


def print_view(view: View, console: Console, *, wide: bool = False, show_header: bool = True) -> int:
    """One view: title, table, caption and the note of hidden columns (both under the table, on
    stdout with it, so a pager or a file keeps them together). Returns the number of rows."""
    # the title states the scope columns (a block's sector): tables leave them out
    shown = [i for i, c in enumerate(view.columns) if c.in_table]
    rows = [[r[i] for i in shown] for r in view.rows]
    view = _visible(replace(view, columns=[view.columns[i] for i in shown]))
    grid = _grid(view, rows, wide)
    chosen = layout(grid, None if wide else console.width)
    key = ""
    if chosen.hidden and any(c.short for c in grid):
        # counts headed O G RI I NR, with a key, rather than a count column left out
        short = [replace(c, header=c.short or c.header) for c in grid]
        shorter = layout(short, console.width)
        if len(shorter.hidden) < len(chosen.hidden):
            key = "  ".join(f"{c.short} {c.header}" for i, c in enumerate(grid) if c.short and i in shorter.shown)
            grid, chosen = short, shorter
    needed = sum(chosen.widths) + 2 * max(len(chosen.widths) - 1, 0)
    if view.title:
        console.print(Text(view.title, style="bold"))
    table = _table(grid, chosen, show_header)
    if wide and needed > console.width:
        # --wide: the table as wide as its widest cells, whatever the terminal (it may scroll)
        width, console.width = console.width, needed
        try:
            console.print(table)
        finally:
            console.width = width
    else:
        console.print(table)
    legends = [] if view.transpose_table else [view.columns[i].legend for i in chosen.shown]
    legends += _mark_keys(rows, [i for i in chosen.shown if not view.transpose_table])
    for line in (key, view.summary_line(), *view.notes, *legends, hidden_note(grid, chosen)):
        if line:
            console.print(Text(line, style="dim"))
    if not view.transpose_table and any(view.columns[i].kind == "strip" for i in chosen.shown):
        print_legend(console)
    return len(rows)


def _mark_keys(rows: Sequence[Sequence[Any]], shown: Sequence[int]) -> list[str]:
    """The key of every mark the shown cells carry, once each."""
    keys = {value.key: None for row in rows for i in shown if isinstance(value := row[i], Marked)}
    return [visible(k) for k in keys]


def _visible(view: View) -> View:
    """The view's own words (title, headings, notes) as `visible` shows them: they hold data too."""
    summary = view.summary_line()
    return replace(
        view,
        title=visible(view.title),
        columns=[replace(c, label=visible(c.label), legend=visible(c.legend)) for c in view.columns],
        notes=[visible(line) for line in view.notes],
        summary=visible(summary) if summary else None,
        empty_note=visible(view.empty_note),
    )


def print_tables(
    result: Result, console: Console, notes: Console, *, wide: bool = False, show_header: bool = True
) -> None:
    for index, view in enumerate(result.views):
        if index:
            console.print()
        count = print_view(view, console, wide=wide, show_header=show_header)
        if count == 0:
            console.file.flush()
            notes.print(Text(visible(f"{view.title}: {view.empty_note}")))


def print_legend(console: Console) -> None:
    """The strip's letters, each in its rating's colour (the letters alone carry the meaning)."""
    legend = Text("strip: ")
    for letter, name in (*STRIP_LETTERS.items(), ("·", "Not recorded"), ("-", "not inspected on")):
        legend.append(letter, style=RATING_STYLES.get(name, ""))
        legend.append(f" {name}  ")
    console.print(legend)
