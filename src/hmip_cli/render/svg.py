"""The report's charts as inline SVG, written by hand: rectangles and text, no scripts, no fonts.

Every piece of data goes through `html.escape`; the SVG is meant to sit inside an HTML page.
"""

from __future__ import annotations

from html import escape

from hmip_cli.pictures import OUTCOMES, Distribution, HeatGroup
from hmip_cli.render.styles import CHART_COLOURS, CHART_INK, CHART_LETTERS, CHART_SHORT
from hmip_cli.schemas.ratings import NOT_RECORDED

FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="12"'
_CHAR = 6.8
"""Approximate width of one character at 12px, for laying out labels."""


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, **attributes: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attributes.items())
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(content)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str, css: str, tooltip: str = "") -> str:
    title = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    return (
        f'<rect class="{css}" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"'
        f' fill="{fill}">{title}</rect>'
    )


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (
        f'<svg width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" role="img"'
        f' aria-label="{escape(label)}" {FONT}>\n<title>{escape(label)}</title>\n' + "\n".join(body) + "\n</svg>"
    )


def legend(outcomes: tuple[str, ...] = OUTCOMES, *, letters: bool = False) -> str:
    """The colour key: one swatch per rating (with its letter when the chart uses letters)."""
    body: list[str] = []
    x = 0.0
    for name in outcomes:
        body.append(_rect(x, 2, 16, 16, CHART_COLOURS[name], "key"))
        if letters:
            body.append(_text(x + 8, 14, CHART_LETTERS[name], fill=CHART_INK[name], text_anchor="middle"))
        body.append(_text(x + 22, 14, name))
        x += 22 + len(name) * _CHAR + 18
    return _svg(x, 20, "Key: " + ", ".join(outcomes), body)


def distribution_svg(chart: Distribution, width: float = 760) -> str:
    """One 100% stacked bar per year, with counts and shares written under it; a bar over too few
    rated services is drawn short (its services over the threshold) and says so beside it."""
    label_width = 100.0
    bar_width = width - label_width - 10
    row = 58.0
    body: list[str] = []
    for index, bar in enumerate(chart.bars):
        top = 6 + index * row
        body.append(_text(0, top + 10, bar.label, font_weight="bold"))
        body.append(_text(0, top + 24, f"{bar.total} services" if bar.total != 1 else "1 service", fill="#333333"))
        x = label_width
        drawn = bar_width * chart.scale(bar)
        for position, name in enumerate(chart.outcomes):
            count = bar.counts[position]
            if not count:
                continue
            share = drawn * count / bar.total
            tooltip = f"{bar.label}, {name}: {count} of {bar.total} ({bar.percent(position)}%)"
            body.append(_rect(x, top, share, 24, CHART_COLOURS[name], "seg", tooltip))
            if share >= 22:
                body.append(_text(x + share / 2, top + 16, str(count), fill=CHART_INK[name], text_anchor="middle"))
            x += share
        if bar.thin:
            body.append(_text(x + 8, top + 16, bar.thin, fill="#333333", font_style="italic"))
        summary = "  ·  ".join(
            f"{CHART_SHORT[name]} {bar.counts[i]} ({bar.percent(i)}%)" for i, name in enumerate(chart.outcomes)
        )
        body.append(_text(label_width, top + 42, summary, fill="#333333"))
    height = 6 + len(chart.bars) * row
    return _svg(width, height, chart.title, body)


def heatmap_svg(group: HeatGroup) -> str:
    """Services (rows, league order) by standards (columns) for one framework and provider type."""
    cell, gap, row = 26.0, 3.0, 22.0
    overall_width = 54.0
    rank_width = 30.0
    name_width = max(len(r.service) for r in group.rows) * _CHAR + 12
    year_width = 62.0 if group.years_differ else 0.0
    left = rank_width + name_width + year_width
    top = 22.0
    body = [_text(left + overall_width / 2, 14, "Overall", text_anchor="middle", font_weight="bold")]
    first = left + overall_width + gap
    for index, key in enumerate(group.standards):
        x = first + index * (cell + gap)
        body.append(_text(x + cell / 2, 14, key.label, text_anchor="middle", font_weight="bold"))
    for number, heat in enumerate(group.rows):
        y = top + number * row
        body.append(_text(rank_width - 6, y + 14, "" if heat.rank is None else str(heat.rank), text_anchor="end"))
        body.append(_text(rank_width, y + 14, heat.service))
        if year_width:
            body.append(_text(rank_width + name_width, y + 14, heat.year or ""))
        overall = heat.overall or NOT_RECORDED
        body.append(
            _rect(left, y, overall_width, row - gap, CHART_COLOURS[overall], "cell", f"{heat.service}: {overall}")
        )
        body.append(
            _text(
                left + overall_width / 2, y + 14, CHART_LETTERS[overall], fill=CHART_INK[overall], text_anchor="middle"
            )
        )
        for index, (key, rating) in enumerate(zip(group.standards, heat.cells, strict=True)):
            name = rating or NOT_RECORDED
            x = first + index * (cell + gap)
            tooltip = f"{heat.service}: {key.label} {key.name}: {name}"
            body.append(_rect(x, y, cell, row - gap, CHART_COLOURS[name], "cell", tooltip))
            body.append(_text(x + cell / 2, y + 14, CHART_LETTERS[name], fill=CHART_INK[name], text_anchor="middle"))
    width = first + len(group.standards) * (cell + gap) + 4
    height = top + len(group.rows) * row + 4
    return _svg(width, height, group.title, body)
