"""Terminal charts as Rich renderables: they lay themselves out for the width they are given.

With colour, cells and bars are coloured blocks; without (NO_COLOR, or not a terminal) bars are
drawn in patterns and cells carry letters, so a chart piped to a file still reads correctly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text

from hmip_cli.environment import Environment
from hmip_cli.pictures import NOT_APPLICABLE, Cell, Distribution, HeatGroup, Heatmap, History
from hmip_cli.render.output import make_console, writing
from hmip_cli.render.safe import visible_everywhere
from hmip_cli.render.styles import CHART_COLOURS, CHART_INK, CHART_LETTERS, CHART_PATTERNS, CHART_SHORT, chart_palette
from hmip_cli.schemas.ratings import NOT_RECORDED
from hmip_cli.tabular import Marked, mark_keys

_TILE = 3
"""Width of one heatmap or history cell."""
_MIN_BAR = 10
Palette = tuple[dict[str, str], dict[str, str]]
"""(cell colours, ink colours): styles.chart_palette for the terminal's colour system."""


def split(width: int, counts: Sequence[int]) -> list[int]:
    """Integer segment widths that add up to `width`; every non-zero count gets at least one cell."""
    total = sum(counts)
    if total == 0 or width <= 0:
        return [0] * len(counts)
    shares = [width * c / total for c in counts]
    widths = [max(1, int(s)) if c else 0 for s, c in zip(shares, counts, strict=True)]
    by_remainder = sorted((i for i, c in enumerate(counts) if c), key=lambda i: (-(shares[i] - int(shares[i])), i))
    index = 0
    while sum(widths) < width and by_remainder:
        widths[by_remainder[index % len(by_remainder)]] += 1
        index += 1
    while sum(widths) > width and max(widths) > 1:
        widths[widths.index(max(widths))] -= 1
    return widths


def _plain(console: Console) -> bool:
    return console.no_color or console.color_system is None


def _fit(text: str, width: int) -> str:
    """Padded or cut (with an ellipsis) to exactly `width` characters."""
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(width - 1, 0)] + "…" if width > 0 else ""


def _tile(cell: Cell, plain: bool, width: int = _TILE, palette: Palette = (CHART_COLOURS, CHART_INK)) -> Text:
    """One grid cell: a coloured block with the rating's letter; `·` not recorded; blank n/a."""
    if cell == NOT_APPLICABLE:
        return Text(" " * width)
    name = cell or NOT_RECORDED
    mark = cell.mark if isinstance(cell, Marked) else ""  # a rating stated outside HMIP's site: O†, not colour alone
    letter = f" {CHART_LETTERS[name]}{mark}".ljust(width) if mark else CHART_LETTERS[name].center(width)
    if plain:
        return Text(letter)
    if cell is None:
        return Text(letter, style="dim")
    colours, ink = palette
    return Text(letter, style=Style(color=ink[name], bgcolor=colours[name], bold=True))


def _rank(rank: int | None) -> str:
    """A league rank; blank for a service with no overall rating recorded, which is not ranked."""
    return "" if rank is None else str(rank)


def _line(*parts: Text | str) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis", end="\n")
    for part in parts:
        line.append(part)
    return line


def _drawn(cells: Sequence[Cell]) -> Sequence[Cell]:
    """The cells up to the last one drawn: no blank tiles at the end of a line."""
    end = len(cells)
    while end and cells[end - 1] == NOT_APPLICABLE:
        end -= 1
    return cells[:end]


def _trimmed(line: Text, plain: bool) -> Text:
    """Without colour a tile's padding is trailing blank space; with colour it is part of the tile."""
    if plain:
        line.rstrip()
    return line


def _packed(entries: Sequence[Text | str], width: int, *, indent: int = 0, style: str = "") -> Iterator[Text]:
    """Entries two spaces apart, as many to a line as fit; an entry is never split."""
    line = Text(" " * indent, style=style)
    for entry in entries:
        if len(line) > indent and len(line) + 2 + len(entry) > width:
            yield line
            line = Text(" " * indent, style=style)
        if len(line) > indent:
            line.append("  ")
        line.append(entry)
    if len(line) > indent:
        yield line


def _swatch(name: str, plain: bool, palette: Palette = (CHART_COLOURS, CHART_INK)) -> Text:
    if plain:
        return Text(CHART_PATTERNS[name])
    return Text("█", style=Style(color=palette[0][name]))


def _key(outcomes: Iterable[str], plain: bool, *, tiles: bool, palette: Palette = (CHART_COLOURS, CHART_INK)) -> Text:
    key = Text("Key: ")
    for name in outcomes:
        key.append_text(
            _tile(None if name == NOT_RECORDED else name, plain, 1, palette) if tiles else _swatch(name, plain, palette)
        )
        key.append(f" {name}  ")
    key.rstrip()
    return key


class DistributionChart:
    """Stacked bars, one per year: each bar is 100% of the services inspected that year."""

    def __init__(self, chart: Distribution) -> None:
        self.chart = chart

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = _plain(console)
        palette = chart_palette(console.color_system)
        chart = self.chart
        yield Text(chart.title, style="bold")
        yield Text("")
        if not chart.bars:
            return
        label_width = max(len(b.label) for b in chart.bars)
        count_width = max(len(str(b.total)) for b in chart.bars)
        prefix = label_width + count_width + 4
        bar_width = max(options.max_width - prefix, _MIN_BAR)
        for bar in chart.bars:
            head = f"{bar.label.ljust(label_width)}  {str(bar.total).rjust(count_width)}  "
            if bar.total == 0:
                yield _line(head, Text("no services", style="dim"))
                yield Text("")
                continue
            line = _line(head)
            drawn = max(round(bar_width * chart.scale(bar)), 1)
            for name, width in zip(chart.outcomes, split(drawn, bar.counts), strict=True):
                if plain:
                    line.append(CHART_PATTERNS[name] * width)
                else:
                    line.append("█" * width, style=Style(color=palette[0][name]))
            if bar.thin:
                line.append(f" {bar.thin}", style="italic")
            yield line
            entries = [
                Text.assemble(
                    _swatch(name, plain, palette), f" {CHART_SHORT[name]} {bar.counts[index]} ({bar.percent(index)}%)"
                )
                for index, name in enumerate(chart.outcomes)
            ]
            yield from _packed(entries, options.max_width, indent=prefix)
            yield Text("")
        yield _key(chart.outcomes, plain, tiles=False, palette=palette)
        yield Text(f"{' ' * 5}Year, services, then the share of each rating (latest inspection per service and year).")


class HeatmapChart:
    """Services (rows, in league order) × standards (columns): one grid per set of standards."""

    def __init__(self, chart: Heatmap) -> None:
        self.chart = chart

    def _group(self, group: HeatGroup, width: int, plain: bool, palette: Palette) -> Iterator[Text]:
        yield Text(group.title, style="bold")
        with_year = group.years_differ
        rank_width = max(len(_rank(r.rank)) for r in group.rows)
        fixed = rank_width + 3 + (9 if with_year else 0) + 8 + (_TILE + 1) * len(group.standards)
        name_width = max(min(max(len(r.service) for r in group.rows), width - fixed), 6)
        heading = Text(f"{'#'.rjust(rank_width)}  {_fit('Service', name_width)} ", style="bold")
        heading.append(("Year     " if with_year else "") + "Overall ")
        for key in group.standards:
            heading.append(key.label.center(_TILE)[:_TILE] + " ")
        heading.rstrip()
        yield _line(heading)
        for row in group.rows:
            year = f"{(row.year or '').ljust(7)}  " if with_year else ""
            line = _line(f"{_rank(row.rank).rjust(rank_width)}  {_fit(row.service, name_width)} {year}  ")
            line.append_text(_tile(row.overall, plain, palette=palette))
            line.append("  ")
            for cell in _drawn(row.cells):
                line.append(" ")
                line.append_text(_tile(cell, plain, palette=palette))
            yield _trimmed(line, plain)
        yield from _packed([f"{k.label} {k.name}" for k in group.standards], width, style="dim")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = _plain(console)
        palette = chart_palette(console.color_system)
        yield Text(self.chart.title, style="bold")
        for group in self.chart.groups:
            yield Text("")
            yield from self._group(group, options.max_width, plain, palette)
        yield Text("")
        yield _key(CHART_LETTERS, plain, tiles=True, palette=palette)
        rows = [row for group in self.chart.groups for row in group.rows]
        yield from (Text(f"{' ' * 5}{key}") for key in mark_keys(c for row in rows for c in (row.overall, *row.cells)))
        yield Text(f"{' ' * 5}blank: not a standard of that framework.")
        if self.chart.league_ranks:
            yield Text(f"{' ' * 5}Rows in `hmip league` order, each with its rank in the whole league.")
        else:
            yield Text(f"{' ' * 5}Rows in `hmip league` order, numbered within each group (a league rank may differ).")


class HistoryChart:
    """One service: the overall rating and each standard (rows) at each inspection (columns)."""

    def __init__(self, chart: History) -> None:
        self.chart = chart

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = _plain(console)
        palette = chart_palette(console.color_system)
        chart = self.chart
        column = max([9, *(len(label) + 2 for label in chart.inspections)])
        label_width = max(
            min(max(len(r.label) for r in chart.rows), options.max_width - column * len(chart.inspections)), 12
        )
        yield Text(chart.title, style="bold")
        yield Text("")
        heading = Text(" " * label_width, style="bold")
        for label in chart.inspections:
            heading.append(label.center(column))
        heading.rstrip()
        yield _line(heading)
        for index, row in enumerate(chart.rows):
            line = _line(Text(_fit(row.label, label_width), style="bold" if index == 0 else ""))
            pad = column - _TILE
            for number, cell in enumerate(_drawn(row.cells)):
                line.append(" " * ((pad - pad // 2 if number else 0) + pad // 2))
                line.append_text(_tile(cell, plain, palette=palette))
            yield _trimmed(line, plain)
            if index == 0:
                yield Text("")
        yield Text("")
        for label, points in zip(chart.inspections, chart.points, strict=True):
            yield Text(f"{label}: {points}")
        yield Text("")
        yield _key(CHART_LETTERS, plain, tiles=True, palette=palette)
        yield from (Text(f"{' ' * 5}{key}") for key in mark_keys(cell for row in chart.rows for cell in row.cells))
        yield Text(f"{' ' * 5}blank: not a standard of that inspection's framework.")


def renderable(chart: Distribution | Heatmap | History) -> DistributionChart | HeatmapChart | HistoryChart:
    if isinstance(chart, Distribution):
        return DistributionChart(chart)
    if isinstance(chart, Heatmap):
        return HeatmapChart(chart)
    return HistoryChart(chart)


def draw(chart: Distribution | Heatmap | History, env: Environment, notes: Sequence[str] = ()) -> None:
    """Charts are pictures, not data: they always draw, on a terminal or into a pipe. `notes`:
    more lines under the chart's own (what the selection named that matches nothing)."""
    out = env.out
    console = make_console(out, env)
    # a chart's labels are data (service names, titles naming them): shown, never obeyed
    chart = visible_everywhere(chart)
    with writing():
        console.print(renderable(chart))
        for line in (*notes, *getattr(chart, "notes", ())):
            console.print(Text(line))
        out.flush()
    empty = (isinstance(chart, Distribution) and not chart.bars) or (isinstance(chart, Heatmap) and not chart.groups)
    if empty:
        env.note(f"{chart.title}: nothing matches")
