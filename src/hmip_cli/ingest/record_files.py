"""The sourced files beside ratings.csv (scores, known inspections, provider types): read by
schemas/record_files.py (the store refreshes its reference tables from them too), checked here
against the ratings file."""

from __future__ import annotations

from pathlib import Path

from hmip_cli.errors import DataError
from hmip_cli.schemas.record_files import RecordFiles


def check_against_ratings(files: RecordFiles, directory: Path, rated: set[str]) -> None:
    """A score belongs to a rated inspection; a known inspection is one not rated here."""
    problems = [
        f"{directory / s.FILE}: inspection_id: {s.inspection_id!r} is not an inspection of the ratings file"
        for s in files.scores
        if s.inspection_id not in rated
    ]
    problems += [
        f"{directory / k.FILE}: inspection_id: {k.inspection_id!r} is rated in the ratings file"
        " (accepted: an inspection whose rating no source states)"
        for k in files.known_inspections
        if k.inspection_id in rated
    ]
    if problems:
        raise DataError(problems)
