"""`hmip report`: one self-contained HTML page (inline SVG and CSS, no scripts) or Markdown.

Nothing in the page is fetched: the only URLs are the rating sources, as links.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import IO, Any, cast

from hmip_cli import __version__
from hmip_cli.errors import HmipError, UsageError
from hmip_cli.pictures import Report
from hmip_cli.render.machine import cell_text, write_markdown
from hmip_cli.render.safe import markdown_text, safe_link, visible
from hmip_cli.render.styles import CHART_COLOURS, CHART_INK, STRIP_LETTERS
from hmip_cli.render.svg import distribution_svg, heatmap_svg, legend
from hmip_cli.schemas.ratings import NOT_RECORDED
from hmip_cli.tabular import Column, Result, View

KINDS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}

_AXIS_NOTE = {
    "published": "The bars and counts are by publication year: the calendar year each report was published, "
    "so every inspection with a publication date is counted (most have no HMIP programme year); an inspection "
    "with none is counted in a note. Each service's rating counts once a year (its latest inspection that year), "
    "as <code>hmip compare --published</code> does.",
    "year": "The bars and counts are by HMIP programme year, only where a source places the inspection in one "
    "(its latest inspection in that year), as <code>hmip compare</code> does; the rest are counted in a note "
    "(<code>--published</code> places them by publication date).",
    "round": "The bars and counts are by round: the framework each inspection was made under, as "
    "<code>hmip compare --round</code> does.",
}
_NOTE = (
    " The heatmap and league tables take each service's latest inspection among those chosen, as "
    "<code>hmip league</code> does, one league per framework, numbered within it. A missing rating means "
    "<em>not recorded here</em>: nothing is inferred, and points add up only the standards known. A count "
    "over too few rated services is marked so, and its bar is drawn short, not whole."
)
_STRIP_KEY = (
    '<p class="key">Standards: one letter per standard of the framework, in its order (the heatmap\'s'
    " columns): O Outstanding, G Good, R Requires improvement, I Inadequate, · not recorded, - not inspected"
    " on.</p>\n"
)
_AXIS_NAME = {"published": "publication year", "year": "programme year", "round": "round"}


def _note(axis: str) -> str:
    return _AXIS_NOTE.get(axis, _AXIS_NOTE["published"]) + _NOTE


_CSS = """
:root { color-scheme: light; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
p.selection { color: #444; margin: 0; }
p.note, p.key { color: #444; font-size: .9rem; max-width: 60rem; }
figure { margin: .6rem 0 1rem; overflow-x: auto; }
svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: .4rem 0 1.6rem; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .35rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.rating { white-space: normal; }
td.rating::before { content: ""; display: inline-block; width: .7em; height: .7em; margin-right: .35em;
                    border-radius: 2px; background: var(--swatch); vertical-align: baseline; }
td.url { word-break: break-all; }
td.short { white-space: nowrap; }
td { overflow-wrap: anywhere; }
table { max-width: 100%; }
table.view-league { font-size: .8rem; }
section#sources td.short { white-space: normal; }
span.strip { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
span.strip { display: inline-block; min-width: 7.5em; }
span.strip span { display: inline-block; width: 1.2em; text-align: center; margin-right: 1px; }
footer { margin-top: 2.5rem; color: #555; font-size: .85rem; border-top: 1px solid #ccc; padding-top: .5rem; }
@media print {
  @page { margin: 12mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, caption, figure { break-after: avoid; page-break-after: avoid; }
  figure, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8pt; }
  a { color: inherit; text-decoration: none; }
  section#sources { break-before: page; page-break-before: always; }
}
"""


def report_kind(path: Path) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"--out {path}: unknown report type (accepted: {', '.join(KINDS)})")
    return kind


# --- HTML --------------------------------------------------------------------------------------


def _rating_cell(value: Any) -> str:
    name = cell_text(value) or NOT_RECORDED
    colour = CHART_COLOURS.get(name, "transparent")
    return f'<td class="rating" style="--swatch: {colour}">{escape(name)}</td>'


def _strip_cell(value: Any) -> str:
    spans = []
    for letter in cell_text(value):
        name = STRIP_LETTERS.get(letter, NOT_RECORDED)
        spans.append(
            f'<span title="{escape(name)}" style="background: {CHART_COLOURS[name]}; color: {CHART_INK[name]}">'
            f"{escape(letter)}</span>"
        )
    return f'<td><span class="strip">{"".join(spans)}</span></td>'


def _link(value: Any) -> str:
    url = cell_text(value)
    link = safe_link(url)
    if link is not None:
        return f'<td class="url"><a href="{escape(link.url)}">{escape(url)}</a></td>'
    return f'<td class="url">{escape(visible(url))}</td>'


def _cell(value: Any, column: Column) -> str:
    if column.kind == "rating":
        return _rating_cell(value)
    if column.kind == "strip":
        return _strip_cell(value)
    if column.kind == "url":
        return _link(value)
    # dates, years and codes never break at their hyphens
    css = ' class="num"' if column.kind in ("int", "float") else ' class="short"' if column.kind == "short" else ""
    return f"<td{css}>{escape(cell_text(value))}</td>"


def html_table(view: View) -> str:
    numeric = ' class="num"'
    rows = [list(row) for row in view.rows]
    # a column no row fills is named under the table rather than drawn empty (the page must fit 800 px)
    blank = [i for i, c in enumerate(view.columns) if c.in_table and rows and all(cell_text(r[i]) == "" for r in rows)]
    same = [
        i
        for i, c in enumerate(view.columns)
        if c.in_table
        and i not in blank
        and len(rows) > 1
        and c.kind in ("text", "short", "id")
        and all(cell_text(r[i]) == cell_text(rows[0][i]) for r in rows)
    ]
    shown = [i for i, c in enumerate(view.columns) if c.in_table and i not in blank and i not in same]
    columns = [view.columns[i] for i in shown]
    head = "".join(
        f'<th scope="col"{numeric if c.kind in ("int", "float", "rank") else ""}>{escape(c.label)}</th>'
        for c in columns
    )
    body = ["<tr>" + "".join(_cell(row[i], c) for i, c in zip(shown, columns, strict=True)) + "</tr>" for row in rows]
    if not body:
        body = [f'<tr><td colspan="{len(columns)}">{escape(view.empty_note)}</td></tr>']
    lines = [*filter(None, [view.summary_line()]), *view.notes, *(c.legend for c in columns if c.legend)]
    if same:
        lines.insert(0, "On every row: " + " · ".join(f"{view.columns[i].label} {cell_text(rows[0][i])}" for i in same))
    if blank:
        lines.append("Not given for any row: " + ", ".join(view.columns[i].label for i in blank))
    notes = "".join(f'<p class="note">{escape(line)}</p>\n' for line in lines)
    return (
        f'<table class="view-{escape(view.name)}">\n<caption>{escape(view.title)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n" + notes
    )


def _tables(result: Result) -> str:
    return "\n".join(html_table(view) for view in result.views)


def _heatmap_section(report: Report) -> list[str]:
    chart = report.heatmap
    parts = [f'<section id="heatmap">\n<h2>{escape(chart.title)}</h2>']
    if not chart.groups:
        parts.append("<p>No services match.</p>")
    for group in chart.groups:
        parts.append(f"<h3>{escape(group.title)}</h3>")
        parts.append(f'<figure class="heatmap">\n{heatmap_svg(group)}\n</figure>')
        if group.standards:
            keys = " · ".join(f"<b>{escape(k.label)}</b> {escape(k.name)}" for k in group.standards)
            parts.append(f'<p class="key">{keys}</p>')
    parts.append(f'<figure class="legend">\n{legend(letters=True)}\n</figure>')
    parts.append("</section>")
    return parts


def html_report(report: Report) -> str:
    compared, league, sources = report.tables
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<header>\n<h1>{escape(report.title)}</h1>",
        f'<p class="selection">Selection — {escape(report.selection)}. Data: {escape(report.data)}.'
        f" Made by hmip {escape(__version__)}.</p>",
        f'<p class="note">{_note(report.axis)}</p>\n</header>',
    ]
    for index, chart in enumerate(report.distributions):
        anchor = "distribution" if index == 0 else f"distribution-{index + 1}"
        parts.append(f'<section id="{anchor}">\n<h2>{escape(chart.title)}</h2>')
        if chart.bars:
            parts.append(f'<figure class="distribution">\n{distribution_svg(chart)}\n</figure>')
            parts.append(f'<figure class="legend">\n{legend()}\n</figure>')
        else:
            parts.append(f"<p>No inspection with a {_AXIS_NAME.get(chart.axis, 'date')} matches.</p>")
        parts.extend(f'<p class="note">{escape(line)}</p>' for line in chart.notes)
        parts.append("</section>")
    parts.extend(_heatmap_section(report))
    heading = _counts_heading(report)
    for section, title, result in (
        ("compare", heading, compared),
        ("league", "League table", league),
        ("sources", "Sources", sources),
    ):
        key = f'<figure class="legend">\n{legend(letters=True)}\n</figure>\n' if section == "league" else ""
        strip = _STRIP_KEY if section == "league" else ""
        parts.append(f'<section id="{section}">\n<h2>{escape(title)}</h2>\n{_tables(result)}\n{strip}{key}</section>')
    parts.append(
        "<footer>Ratings data: Crown copyright, HM Inspectorate of Probation, re-used under the Open Government "
        "Licence v3.0. Every rating links to the page where it is stated.</footer>"
    )
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts)


# --- Markdown ----------------------------------------------------------------------------------


def markdown_report(report: Report) -> str:
    compared, league, sources = report.tables
    out = io.StringIO()
    selection = markdown_text(report.selection)
    data = markdown_text(report.data)
    out.write(
        f"# {markdown_text(report.title)}\n\nSelection — {selection}. Data: {data}. Made by hmip {__version__}.\n"
    )
    note = _note(report.axis)
    note = note.replace("<code>", "`").replace("</code>", "`").replace("<em>", "*").replace("</em>", "*")
    out.write(f"\n{note}\n")
    sections: Sequence[tuple[str, Result]] = (
        (_counts_heading(report), compared),
        ("League table", league),
        ("Sources", sources),
    )
    for title, result in sections:
        out.write(f"\n## {title}\n\n")
        write_markdown(result, out)
        # what each table leaves out, and HMIP's totals beside ours: in the file, as on a terminal
        lines = [
            f"{view.title}: {line}" if len(result.views) > 1 else line for view in result.views for line in view.notes
        ]
        if lines:
            out.write("\n" + "".join(f"- {markdown_text(line)}\n" for line in lines))
    return out.getvalue()


def _counts_heading(report: Report) -> str:
    compared = report.tables[0]
    if any(v.name == "transitions" for v in compared.views):
        return f"Compare {_AXIS_NAME.get(report.axis, 'point')}s"
    return f"Counts by {_AXIS_NAME.get(report.axis, 'year')}"


# --- the file ----------------------------------------------------------------------------------


def save_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename over it (render/files.replacing): readers see the old
    file or the new one, and a database is never written over."""
    from hmip_cli.render.files import replacing

    try:
        with replacing(path, binary=False) as stream:
            cast("IO[str]", stream).write(text)
    except OSError as error:
        raise HmipError(f"--out {path}: cannot write ({error.strerror or error})") from None


def write_report(report: Report, path: Path) -> str:
    """Render the report in the kind its file name asks for and save it; returns the kind."""
    kind = report_kind(path)
    save_atomically(path, html_report(report) if kind == "html" else markdown_report(report))
    return kind
