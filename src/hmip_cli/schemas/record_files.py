"""The sourced files beside ratings.csv: HMIP's published scores, inspections known but not
rated here, and when each provider type operated. Each row is validated as a Pydantic model.

They are shipped reference data, read here (as frameworks.toml is, in frameworks.py) so that the
store can refresh its reference tables from them without importing the import's readers."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from hmip_cli.errors import DataError
from hmip_cli.problems import ProblemLog
from hmip_cli.schemas.frameworks import SECTOR_OF, Sector, parse_sector
from hmip_cli.schemas.records import (
    OptionalText,
    PartialDate,
    ProgrammeYear,
    ProviderTypeField,
    RequiredText,
    _blank_to_none,
    _framework_slug,
    describe_validation_error,
)

SectorField = Annotated[Sector, BeforeValidator(parse_sector)]
OptionalFramework = Annotated[
    str | None, BeforeValidator(lambda v: None if _blank_to_none(v) is None else _framework_slug(v))
]


class RecordFile(BaseModel):
    """One row of a sourced file; FILE names the file, COLUMNS its header in order: the fields',
    as declared (one list, so the header and the model cannot drift apart)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    FILE: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.COLUMNS = tuple(cls.model_fields)


class PublishedScore(RecordFile):
    """HMIP's own score for an inspection, as a source prints it: never computed here."""

    FILE: ClassVar[str] = "scores.csv"
    inspection_id: RequiredText
    score: int = Field(ge=0)
    out_of: int = Field(gt=0)
    source_title: OptionalText = None
    source_published: PartialDate = None
    source_url: RequiredText

    @model_validator(mode="after")
    def _score_within_out_of(self) -> PublishedScore:
        if self.score > self.out_of:
            raise ValueError(f"score: {self.score} is more than out_of {self.out_of} (accepted: 0 to out_of)")
        return self


class KnownInspection(RecordFile):
    """An inspection a source shows took place, whose rating no source we hold states."""

    FILE: ClassVar[str] = "known_inspections.csv"
    inspection_id: RequiredText
    service_id: RequiredText
    service: RequiredText
    provider_type: ProviderTypeField
    region: OptionalText = None
    framework: OptionalFramework = None
    inspection_year: ProgrammeYear = None
    published: PartialDate = None
    source_url: OptionalText = None
    source_title: RequiredText
    note: OptionalText = None


class ProviderTypePeriod(RecordFile):
    """When a kind of service operated; an empty end means it still does."""

    FILE: ClassVar[str] = "provider_types.csv"
    provider_type: ProviderTypeField
    sector: SectorField
    name: RequiredText
    operating_from: PartialDate = None
    operating_to: PartialDate = None
    source_url: OptionalText = None
    note: OptionalText = None

    @model_validator(mode="after")
    def _sector_as_hmip_has_it(self) -> ProviderTypePeriod:
        # SECTOR_OF is the one rule (the views' sector column is made from it): the file restates it
        own = SECTOR_OF[self.provider_type]
        if self.sector is not own:
            raise ValueError(f"sector: {self.sector} is not the sector of {self.provider_type} (accepted: {own})")
        return self


RECORD_FILES: tuple[type[RecordFile], ...] = (PublishedScore, KnownInspection, ProviderTypePeriod)


# ---- reading the files ----------------------------------------------------------------------

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
