"""The sourced files beside ratings.csv: HMIP's published scores, inspections known but not
rated here, and when each provider type operated. Each row is validated as a Pydantic model."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from hmip_cli.schemas.frameworks import Sector, parse_sector
from hmip_cli.schemas.records import (
    OptionalText,
    PartialDate,
    ProgrammeYear,
    ProviderTypeField,
    RequiredText,
    _blank_to_none,
    _framework_slug,
)

SectorField = Annotated[Sector, BeforeValidator(parse_sector)]
OptionalFramework = Annotated[
    str | None, BeforeValidator(lambda v: None if _blank_to_none(v) is None else _framework_slug(v))
]


class RecordFile(BaseModel):
    """One row of a sourced file; FILE names the file, COLUMNS its header in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    FILE: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]]


class PublishedScore(RecordFile):
    """HMIP's own score for an inspection, as a source prints it: never computed here."""

    FILE: ClassVar[str] = "scores.csv"
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "inspection_id",
        "score",
        "out_of",
        "source_title",
        "source_published",
        "source_url",
    )
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
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "inspection_id",
        "service_id",
        "service",
        "provider_type",
        "region",
        "framework",
        "inspection_year",
        "published",
        "source_url",
        "source_title",
        "note",
    )
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
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "provider_type",
        "sector",
        "name",
        "operating_from",
        "operating_to",
        "source_url",
        "note",
    )
    provider_type: ProviderTypeField
    sector: SectorField
    name: RequiredText
    operating_from: PartialDate = None
    operating_to: PartialDate = None
    source_url: OptionalText = None
    note: OptionalText = None


RECORD_FILES: tuple[type[RecordFile], ...] = (PublishedScore, KnownInspection, ProviderTypePeriod)
