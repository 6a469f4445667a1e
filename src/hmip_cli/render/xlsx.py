"""-f xlsx: a workbook for Excel users, one sheet per view and the notes on the last sheet.

Each sheet has a header row (the csv header's names) with the panes frozen under it. Numbers are
numbers (counts, points, means with one decimal place shown); every other value is a text cell —
dates too, in their own precision (`2022-05` stays a month, never becomes a day) — and a text cell
is never a formula (xlsxwriter's write_string), whatever it begins with. A text cell that begins
as a formula would (= + - @ TAB CR) also carries Excel's quote prefix, so editing it does not turn
it into one; --keep-formulas leaves the prefix off. Rows are streamed (constant memory).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import IO, Any

from hmip_cli import __version__
from hmip_cli.errors import OutputError
from hmip_cli.render.machine import cell_text
from hmip_cli.render.safe import looks_like_formula
from hmip_cli.tabular import Column, Result, View

MAX_ROWS = 1_048_576
"""Excel's rows a sheet, header included."""
NOTES_SHEET = "Notes"
LICENCE = "Ratings data: Crown copyright, HM Inspectorate of Probation, re-used under the Open Government Licence v3.0."
_NUMBERS = ("int", "float", "rank")
_BAD_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_names(views: Sequence[View]) -> list[str]:
    """A name per view, at most 31 characters, none twice: the view's name; where views share a
    name (one per sector or framework), the words of its title the others of that name lack
    (`Youth justice youth-2018`), after the name when the result has other views too; cropped
    visibly (…). The full titles are on the Notes sheet."""
    kinds = {v.name for v in views}
    names: list[str] = []
    for view in views:
        same = [v for v in views if v.name == view.name]
        base = view.name
        if len(same) > 1:
            common = set.intersection(*(set(_words(v.title)) for v in same))
            own = " ".join(dict.fromkeys(w for w in _words(view.title) if w not in common))
            base = own if len(kinds) == 1 else f"{view.name} {own}"
        base = _BAD_IN_SHEET_NAME.sub(" ", base).strip(" '") or view.name
        name, number = _cropped(base, 31), 2
        while name.lower() in (n.lower() for n in [*names, NOTES_SHEET]):
            suffix = f" ({number})"
            name, number = _cropped(base, 31 - len(suffix)) + suffix, number + 1
        names.append(name)
    return names


def _words(title: str) -> list[str]:
    return [w for w in (word.strip(",:;") for word in title.split()) if w]


def _cropped(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def write_xlsx(
    result: Result, out: IO[bytes], *, header: bool = True, neutralise: bool = True, citation: str | None = None
) -> None:
    import xlsxwriter  # type: ignore[import-untyped]

    # the sheets stream to xlsxwriter's temporary files; the zip of them is put together in
    # memory (compressed, a fraction of the rows' size) and written out in one piece, so a
    # failing output (a full disk) is an OSError of ours, not one inside the zip library
    target = io.BytesIO()
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    workbook = xlsxwriter.Workbook(target, options)
    bold = workbook.add_format({"bold": True})
    inert = workbook.add_format({"quote_prefix": True})
    decimal = workbook.add_format({"num_format": "0.0"})
    names = sheet_names(result.views)
    for view, name in zip(result.views, names, strict=True):
        sheet = workbook.add_worksheet(name)
        columns = list(view.columns)
        for index, column in enumerate(columns):
            sheet.set_column(index, index, _width(column))
        row = 0
        if header:
            for index, column in enumerate(columns):
                sheet.write_string(0, index, column.key, bold)
            sheet.freeze_panes(1, 0)
            row = 1
        for values in view.rows:
            if row >= MAX_ROWS:
                raise OutputError(f"xlsx: a sheet holds at most {MAX_ROWS:,} rows; use -f csv for more")
            for index, (column, value) in enumerate(zip(columns, values, strict=True)):
                _write(sheet, row, index, column, value, inert if neutralise else None, decimal)
            row += 1
    _notes_sheet(workbook.add_worksheet(NOTES_SHEET), result.views, names, bold, citation)
    try:
        workbook.close()
    except xlsxwriter.exceptions.FileCreateError as error:
        raise OutputError(f"xlsx: cannot assemble the workbook ({error})") from None
    out.write(target.getvalue())


def _width(column: Column) -> int:
    if column.kind in _NUMBERS:
        return max(len(column.key), 8) + 2
    if column.kind in ("url", "text") or column.key in ("note", "title"):
        return 40
    return max(len(column.key), 12) + 2


def _write(sheet: Any, row: int, index: int, column: Column, value: Any, inert: Any, decimal: Any) -> None:
    if value is None:
        return
    if column.kind in _NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, index, value, decimal if column.kind == "float" else None)
        return
    text = cell_text(value)
    if text:
        sheet.write_string(row, index, text, inert if inert is not None and looks_like_formula(text) else None)


def _notes_sheet(sheet: Any, views: Sequence[View], names: Sequence[str], bold: Any, citation: str | None) -> None:
    """For each sheet: its full title, the summary a table shows, and its notes; then how to cite
    the software and the data (with the data's date and licence), or where the command has no
    database to date, the version and the licence."""
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 120)
    sheet.write_string(0, 0, "sheet", bold)
    sheet.write_string(0, 1, "note", bold)
    sheet.freeze_panes(1, 0)
    row = 1
    for view, name in zip(views, names, strict=True):
        summary = view.summary_line()
        for line in [view.title, *([summary] if summary else []), *view.notes]:
            if line:
                sheet.write_string(row, 0, name)
                sheet.write_string(row, 1, line)
                row += 1
    ending = citation.splitlines() if citation else [f"Made by hmip {__version__}.", LICENCE]
    for line in ending:
        sheet.write_string(row, 0, "cite" if citation else "")
        sheet.write_string(row, 1, line)
        row += 1
