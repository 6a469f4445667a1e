"""Reading the sourced files beside ratings.csv (scores, known inspections, provider types)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from hmip_cli.errors import DataError
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.schemas.record_files import KnownInspection, ProviderTypePeriod, PublishedScore, RecordFile
from hmip_cli.schemas.records import describe_validation_error

RowT = TypeVar("RowT", bound=RecordFile)


@dataclass(frozen=True)
class RecordFiles:
    """What the files beside ratings.csv hold; a file that is not there holds nothing."""

    scores: tuple[PublishedScore, ...] = ()
    known_inspections: tuple[KnownInspection, ...] = ()
    provider_types: tuple[ProviderTypePeriod, ...] = ()
    missing: tuple[str, ...] = field(default=())


def read_record_file(path: Path, model: type[RowT]) -> list[RowT]:
    """Every row of one file, or one DataError naming each problem as FILE:LINE: field: message."""
    log = ProblemLog(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([f"{path}: cannot read: {exc}"]) from None
    reader = csv.DictReader(text.splitlines(keepends=True), restkey="(extra cells)")
    header = list(reader.fieldnames or [])
    if header != list(model.COLUMNS):
        log.add(1, "header", f"columns {', '.join(header) or '(none)'} (accepted: {', '.join(model.COLUMNS)})")
        log.raise_if_any()
    rows: list[RowT] = []
    seen: dict[object, int] = {}
    for record in reader:
        line = reader.line_num
        if "(extra cells)" in record or None in record.values():
            log.add(line, "row", f"not {len(header)} cells (accepted: one cell per column)")
            continue
        try:
            row = model.model_validate(record)
        except ValidationError as exc:
            for name, message in describe_validation_error(exc):
                log.add(line, name, message)
            continue
        key = getattr(row, model.COLUMNS[0])
        if key in seen:
            log.add(line, model.COLUMNS[0], f"{key!s} is also at line {seen[key]} (accepted: one row each)")
            continue
        seen[key] = line
        rows.append(row)
    log.raise_if_any()
    return rows


def read_record_files(directory: Path) -> RecordFiles:
    """The three files of `directory`; one that is not there is named in `missing` and holds nothing."""
    found: dict[str, tuple[RecordFile, ...]] = {}
    missing: list[str] = []
    for name, model in (
        ("scores", PublishedScore),
        ("known_inspections", KnownInspection),
        ("provider_types", ProviderTypePeriod),
    ):
        path = directory / model.FILE
        if path.is_file():
            found[name] = tuple(read_record_file(path, model))
        else:
            missing.append(model.FILE)
    return RecordFiles(**found, missing=tuple(missing))  # type: ignore[arg-type]


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
