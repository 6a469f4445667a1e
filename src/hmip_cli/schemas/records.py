"""Validated inspection records: one rating row, and an inspection with its known ratings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from hmip_cli.schemas.dates import parse_partial_date
from hmip_cli.schemas.frameworks import (
    OVERALL,
    ProviderType,
    check_standard,
    get_framework,
    parse_provider_type,
    resolve_standard_name,
)
from hmip_cli.schemas.ratings import Rating, parse_rating
from hmip_cli.schemas.text import plain
from hmip_cli.schemas.years import parse_programme_year, year_slug

INSPECTION_FIELDS: tuple[str, ...] = (
    "inspection_id",
    "service_id",
    "service",
    "provider_type",
    "region",
    "framework",
    "inspection_year",
    "fieldwork_start",
    "published",
)
RATING_FIELDS: tuple[str, ...] = ("standard", "standard_code", "rating", "source_url", "note")
MULTILINE_FIELDS = frozenset({"note"})
"""The one field that keeps line breaks and tabs (`schemas.text`); CSV lets it span lines."""
LONG_COLUMNS: tuple[str, ...] = (*INSPECTION_FIELDS, *RATING_FIELDS)
REQUIRED_LONG_COLUMNS: tuple[str, ...] = ("service", "provider_type", "framework", "standard", "rating")


# Every text field is checked and normalised (`plain`: NFC, no control or format characters)
# before anything else reads it, so a parser's message never quotes an invisible character.


def _blank_to_none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        value = plain(value).strip()
        return value or None
    return value


def _required_text(value: Any) -> Any:
    if isinstance(value, str):
        value = plain(value).strip()
        if not value:
            raise ValueError("must not be empty")
    return value


def _framework_slug(value: Any) -> str:
    return get_framework(str(plain(value))).slug


OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]
ProgrammeYear = Annotated[
    str | None,
    BeforeValidator(lambda v: None if _blank_to_none(v) is None else parse_programme_year(str(v))),
]
PartialDate = Annotated[
    str | None,
    BeforeValidator(lambda v: None if _blank_to_none(v) is None else parse_partial_date(str(v))),
]
ProviderTypeField = Annotated[ProviderType, BeforeValidator(lambda v: parse_provider_type(plain(v)))]
FrameworkSlug = Annotated[str, BeforeValidator(_framework_slug)]
RatingField = Annotated[Rating, BeforeValidator(lambda v: parse_rating(plain(v)))]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`Leicester City Children and Young People's Justice Service` -> `leicester-city-...-peoples-...`."""
    return _NON_ALNUM.sub("-", text.lower().replace("'", "").replace("\u2019", "")).strip("-")


def derive_inspection_id(service_id: str, inspection_year: str | None, published: str | None, framework: str) -> str:
    """The shared data's rule: year, else publication month (or year), else framework."""
    if inspection_year:
        return f"{service_id}-{year_slug(inspection_year)}"
    if published:
        return f"{service_id}-{published[:7]}"
    return f"{service_id}-{framework}"


class InspectionFields(BaseModel):
    """What identifies and describes one inspection, whichever file layout it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    inspection_id: OptionalText = None
    service_id: OptionalText = None
    service: RequiredText
    provider_type: ProviderTypeField
    region: OptionalText = None
    framework: FrameworkSlug
    inspection_year: ProgrammeYear = None
    fieldwork_start: PartialDate = None
    published: PartialDate = None

    @model_validator(mode="after")
    def _derive_ids(self) -> InspectionFields:
        try:
            check_standard(get_framework(self.framework), self.provider_type, OVERALL)
        except ValueError as exc:
            raise ValueError(f"provider_type: {exc}") from None
        service_id = self.service_id or slugify(self.service)
        if not service_id:
            # a name of punctuation alone would give every such service the id ""
            raise ValueError(
                f"service_id: cannot be derived from the name {self.service!r} "
                f"(accepted: a service_id column, or a name with letters or digits)"
            )
        inspection_id = self.inspection_id or derive_inspection_id(
            service_id, self.inspection_year, self.published, self.framework
        )
        # frozen model: set the derived keys once, here, so every later reader sees them
        object.__setattr__(self, "service_id", service_id)
        object.__setattr__(self, "inspection_id", inspection_id)
        return self


class StandardFields(BaseModel):
    """A standard of the framework of the inspection it belongs to: what a row names whether or
    not it gives a rating (a row whose rating is left empty is checked this far, then skipped)."""

    model_config = ConfigDict(frozen=True)

    framework: FrameworkSlug
    provider_type: ProviderTypeField
    standard: RequiredText
    standard_code: OptionalText = None

    @model_validator(mode="after")
    def _standard_in_framework(self) -> StandardFields:
        framework = get_framework(self.framework)
        own = framework.find(self.standard, self.provider_type)
        if own is not None:
            slug = own.slug
        else:
            try:
                slug = resolve_standard_name(self.standard)
            except ValueError:
                # unknown everywhere: check_standard names what this framework accepts, which is
                # more use here than the query-side message (it offers `all`, which imports refuse)
                slug = self.standard
        try:
            standard = check_standard(framework, self.provider_type, slug)
        except ValueError as exc:
            raise ValueError(f"standard: {exc}") from None
        object.__setattr__(self, "standard", slug)
        if standard is not None and standard.code:
            if self.standard_code and standard.code != self.standard_code:
                raise ValueError(
                    f"standard_code: {self.standard_code!r} is not the code of {self.standard} "
                    f"in {self.framework} (accepted: {standard.code})"
                )
            object.__setattr__(self, "standard_code", standard.code)
        return self


class RatingFields(StandardFields):
    """One standard's rating, checked against the framework of the inspection it belongs to."""

    rating: RatingField


def is_left_empty(value: object) -> bool:
    """A rating cell left empty (or JSON null): not recorded, so no rating and no error."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True, slots=True)
class RecordedRating:
    """A rating assembled from parts RatingFields already validated.

    A slotted dataclass, not a model: an import holds one per row, and a model's footprint
    (about 1 KB against about 100 bytes) would decide the memory a million-row import needs.
    """

    standard: str
    rating: Rating
    standard_code: str | None = None
    source_url: str | None = None
    note: str | None = None


class Inspection(BaseModel):
    """An inspection with the ratings known for it; a missing standard means not recorded."""

    fields: InspectionFields
    ratings: dict[str, RecordedRating] = Field(default_factory=dict)

    @property
    def inspection_id(self) -> str:
        assert self.fields.inspection_id is not None
        return self.fields.inspection_id


def describe_validation_error(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs, without pydantic's `Value error,` prefixes."""
    problems = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"])
        message = item["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            if message.startswith(prefix):
                message = message[len(prefix) :]
        if not field:
            # model-level checks name their field as "field: message"
            field, _, message = message.partition(": ")
        if item["type"] == "missing":
            message = "required, but missing or empty"
        elif item["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append((field, message))
    return problems
