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

from hmip_cli.render.layout import Cell, Plan, column_needs, elide, elide_ids, plan, wrap
from hmip_cli.render.machine import cell_text
from hmip_cli.render.safe import link_label, safe_link, visible
from hmip_cli.render.styles import CHART_SHORT, RATING_STYLES, STRIP_LETTERS
from hmip_cli.tabular import Column, Marked, Result, View, mark_keys

IDENTITY = frozenset(
    {
        "service",
        "year",
        "provider_type",
        "type",
        "sector",
        "from_year",
        "to_year",
        "inspection",
        "period",
        "breakdown",
        "standard",
    }
)
"""Columns that say what a row is about: kept longest, with the columns that cite it."""
CITATION = frozenset({"published", "source_url", "source_title", "source_published"})
"""Columns that say where a row's fact is stated and when: kept as long as identity."""
CITED = frozenset({"rating", "overall"})
"""The rating a row states: what the citation is for, kept with it."""
KEEP, FACTS, DETAIL, HIDE_FIRST = 0, 1, 2, 3
"""Priorities by meaning: identity and citation are the last to go, then the numbers and ratings,
then other text and codes; long text (notes, ids beside a name) goes first."""
SAME_ON_EVERY_ROW = frozenset({"text", "short", "rating", "url", "id"})
"""Kinds of column a table states once, in a line under its title, when every row holds the same
value: words and codes, never counts (a column of zeros is part of a distribution) unless no row
has one (`HMIP's score not given`)."""
HEIGHT_CHECKED_ROWS = 2000
"""Up to this many rows, a detail column is left out when it would make the table longer."""


def priority(column: Column, index: int) -> int:
    """KEEP identity and citation, FACTS numbers and ratings, DETAIL other text and codes,
    HIDE_FIRST long text (notes, ids beside a name). When a table is too wide the highest goes
    first, rightmost first."""
    if column.priority is not None:
        return column.priority
    if index == 0 or column.key in IDENTITY or column.key in CITATION or column.key in CITED:
        return KEEP
    if column.key in ("note", "notes") or column.kind == "id" or column.key.endswith(("_id", "_ids")):
        return HIDE_FIRST
    if column.kind == "url":
        return DETAIL
    return FACTS if column.kind in ("int", "float", "rating", "strip", "rank") else DETAIL


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
    middle: bool = False
    """An id column: cells elided in the middle, never to the same text."""
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
    """Rank values held by more than one row: shown `=5` (no rank is not a shared one)."""
    seen: set[Any] = set()
    shared: set[Any] = set()
    for row in rows:
        (shared if row[index] in seen else seen).add(row[index])
    return frozenset(shared - {None})


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
                column.kind == "id",
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
    """The plan for this grid; with no width (--wide) every column at its natural width.

    A detail column is left out when showing it would make the table longer (its text wrapping
    over lines the other columns do not need), so a wider terminal never draws a longer table
    for the same rows: the hidden-columns line names it, and --wide shows it."""
    needs = [
        column_needs(c.header, [Cell(t.plain, w, c.middle) for t, w in zip(c.cells, c.wraps, strict=True)])
        for c in grid
    ]
    if width is None:
        return Plan(list(range(len(grid))), [n[1] for n in needs], [])
    priorities = [c.priority for c in grid]
    body = [max((t.cell_len for t in c.cells), default=0) for c in grid]
    # an id is already told apart at its narrowest: the width left over goes to words first
    claims = [HIDE_FIRST if c.middle else c.priority for c in grid]
    chosen = plan(needs, priorities, width, body=body, claims=claims)
    if not grid or len(grid[0].cells) > HEIGHT_CHECKED_ROWS:
        return chosen
    left_out: list[int] = []
    height = _height(grid, chosen)
    for index in sorted(chosen.shown, key=lambda i: (-priorities[i], -i)):
        if priorities[index] < DETAIL:
            break
        trial = plan(needs, priorities, width, leave_out=[*left_out, index], body=body, claims=claims)
        trial_height = _height(grid, trial)
        if trial_height < height:
            left_out.append(index)
            chosen, height = trial, trial_height
    return chosen


def _height(grid: Sequence[_Column], chosen: Plan) -> int:
    """Lines the table's body takes under this plan."""
    lines = [1] * len(grid[0].cells)
    for index, width in zip(chosen.shown, chosen.widths, strict=True):
        column = grid[index]
        if column.middle:
            continue
        for row, (cell, wraps) in enumerate(zip(column.cells, column.wraps, strict=True)):
            if wraps and cell.cell_len > width:
                lines[row] = max(lines[row], len(wrap(cell.plain, width)))
    return sum(lines)


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
    # ids are cut as a column, where they differ
    ids = {
        i: elide_ids([t.plain for t in grid[i].cells], w)
        for i, w in zip(chosen.shown, chosen.widths, strict=True)
        if grid[i].middle
    }
    if grid:
        for r in range(len(grid[0].cells)):
            table.add_row(
                *(
                    Text(ids[i][r], style=grid[i].cells[r].style)
                    if i in ids
                    else _fitted(grid[i].cells[r], grid[i].wraps[r], w)
                    for i, w in zip(chosen.shown, chosen.widths, strict=True)
                )
            )
    return table


def _same_on_every_row(view: View, rows: list[list[Any]], width: int) -> tuple[View, list[list[Any]], Text | None]:
    """Columns of words or codes whose value is the same on every row (of two or more) leave the
    table for one line under its title: `On every row: Standard overall · Rating Inadequate`."""
    if view.transpose_table or len(rows) < 2:
        return view, rows, None
    same = [
        i
        for i, column in enumerate(view.columns)
        if (column.kind in SAME_ON_EVERY_ROW or cell_text(rows[0][i]) == "")
        and all(_shown_as(row[i]) == _shown_as(rows[0][i]) for row in rows)
    ]
    same = same[: max(len(view.columns) - 2, 0)]
    if not same:
        return view, rows, None
    line = Text("On every row: ", style="dim")
    # blank on every row: named together at the end (`not given: Year, HMIP's score, out of`)
    blank = [i for i in same if view.columns[i].kind != "rating" and cell_text(rows[0][i]) == ""]
    for n, i in enumerate(i for i in same if i not in blank):
        column = view.columns[i]
        if n:
            line.append(" · ", style="dim")
        # the line wraps at spaces; only a word wider than the terminal is shortened, with …
        value = " ".join(elide(word, max(width - 1, 1)) for word in visible(cell_text(rows[0][i])).split())
        line.append(f"{column.label} ", style="dim")
        if column.kind == "rating":
            line.append(value or "Not recorded", style=RATING_STYLES.get(value or "Not recorded", ""))
        elif column.kind == "url" and (link := safe_link(cell_text(rows[0][i]))) is not None:
            line.append(value, style=Style(link=link.url))
        else:
            line.append(value)
    if blank:
        line.append(" · " if len(blank) < len(same) else "", style="dim")
        line.append("not given: " + ", ".join(view.columns[i].label for i in blank), style="dim")
    kept = [i for i in range(len(view.columns)) if i not in same]
    return (
        replace(view, columns=[view.columns[i] for i in kept]),
        [[row[i] for i in kept] for row in rows],
        line,
    )


def _shown_as(value: Any) -> tuple[Any, str]:
    """A value with its mark: `Good†` is not the same as `Good` on screen."""
    return value, str(getattr(value, "mark", ""))


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
    rows = [list(r) for r in view.rows]
    shown = [
        i
        for i, c in enumerate(view.columns)
        if c.in_table and not (c.hidden_when_blank and all(cell_text(r[i]) == "" for r in rows))
    ]
    rows = [[r[i] for i in shown] for r in rows]
    view = _visible(replace(view, columns=[view.columns[i] for i in shown]))
    view, rows, same = _same_on_every_row(view, rows, console.width)
    grid = _grid(view, rows, wide)
    chosen = layout(grid, None if wide else console.width)
    key = ""
    if not wide and any(c.short for c in grid) and grid[0].cells:
        # counts headed O G RI I NR, with a key, rather than a column left out or a longer table
        short = [replace(c, header=c.short or c.header) for c in grid]
        shorter = layout(short, console.width)
        fewer_hidden = len(shorter.hidden) < len(chosen.hidden)
        if fewer_hidden or (shorter.hidden == chosen.hidden and _height(short, shorter) < _height(grid, chosen)):
            key = "  ".join(f"{c.short} {c.header}" for i, c in enumerate(grid) if c.short and i in shorter.shown)
            grid, chosen = short, shorter
    needed = sum(chosen.widths) + 2 * max(len(chosen.widths) - 1, 0)
    if view.title:
        console.print(Text(view.title, style="bold"))
    if same:
        console.print(same)
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
    # a transposed table shows every cell of its rows (as columns)
    marked = range(len(view.columns)) if view.transpose_table else chosen.shown
    legends += [visible(key) for key in mark_keys(row[i] for row in rows for i in marked)]
    for line in (key, view.summary_line(), *view.notes, *legends, hidden_note(grid, chosen)):
        if line:
            console.print(Text(line, style="dim"))
    if not view.transpose_table and any(view.columns[i].kind == "strip" for i in chosen.shown):
        print_legend(console)
    return len(rows)


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
            # on one screen the title is already above: say only what is empty; apart, name it
            together = console.is_terminal and notes.is_terminal
            notes.print(Text(visible(view.empty_note if together else f"{view.title}: {view.empty_note}")))
    for line in result.notes:
        (console if result.views else notes).print(Text(visible(line)))


def print_legend(console: Console) -> None:
    """The strip's letters, each in its rating's colour (the letters alone carry the meaning)."""
    legend = Text("strip: ")
    for letter, name in (*STRIP_LETTERS.items(), ("·", "Not recorded"), ("-", "not inspected on")):
        legend.append(letter, style=RATING_STYLES.get(name, ""))
        legend.append(f" {name}  ")
    console.print(legend)
