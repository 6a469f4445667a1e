"""Reading a figures CSV into validated figures: every problem found and located, none written."""

from __future__ import annotations

import csv

from pydantic import ValidationError

from hmip_cli.ingest.formats import ImportFormat, RowProblem, _check_header, _csv_records, _lines, first_character
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.schemas.figures import FIGURE_COLUMNS, REQUIRED_FIGURE_COLUMNS, Figure
from hmip_cli.schemas.records import describe_validation_error

FIGURES_FORMAT = ImportFormat.FIGURES_CSV.value
# A header with these columns is a figures file, whatever else it has (the header check names the rest).
_SIGNATURE = frozenset({"figure_id", "measure", "value"})


def is_figures_csv(text: str) -> bool:
    """True when the CSV header names figure_id, measure and value (as data/source/figures.csv does)."""
    if first_character(text) in ("[", "{"):
        return False
    try:
        header = next(csv.reader(_lines(text)), [])
    except csv.Error:
        return False
    return {c.strip().lower() for c in header} >= _SIGNATURE


def validate_figures(text: str, label: str) -> list[Figure]:
    """All figures in a figures CSV, or one DataError listing every problem as FILE:LINE: field: message."""
    log = ProblemLog(label)
    header, records = _csv_records(_lines(text), log, multiline=None)
    _check_header(header, set(FIGURE_COLUMNS), REQUIRED_FIGURE_COLUMNS, log)
    figures: list[Figure] = []
    seen_ids: dict[str, int] = {}
    seen_cells: dict[tuple[str, str, str, str], tuple[str, int]] = {}
    for line, values in records:
        if isinstance(values, RowProblem):  # not made when multiline is None; kept for the type
            log.add(line, values.field, values.message)
            continue
        if len(values) != len(header):
            log.add(line, "row", f"{len(values)} cells for {len(header)} columns")
            continue
        try:
            figure = Figure.model_validate(dict(zip(header, values, strict=True)))
        except ValidationError as exc:
            for name, message in describe_validation_error(exc):
                log.add(line, name, message)
            continue
        earlier = seen_ids.get(figure.figure_id)
        if earlier is not None:
            log.add(
                line, "figure_id", f"{figure.figure_id!r} is also at line {earlier} (accepted: one row per figure_id)"
            )
            continue
        seen_ids[figure.figure_id] = line
        cell = (figure.topic.lower(), figure.measure.lower(), _sorted_breakdown(figure), figure.period)
        twin = seen_cells.get(cell)
        if twin is not None:
            log.add(
                line,
                "breakdown",
                f"same topic, measure, breakdown and period as {twin[0]} at line {twin[1]} "
                "(accepted: one figure per measure, breakdown and period)",
            )
            continue
        seen_cells[cell] = (figure.figure_id, line)
        figures.append(figure)
    if not figures and not log.total:
        log.add(1, "file", "no figures found (accepted: a header and one row per figure)")
    log.raise_if_any()
    return figures


def _sorted_breakdown(figure: Figure) -> str:
    return ";".join(f"{k}={v.lower()}" for k, v in sorted(figure.breakdown.items()))
