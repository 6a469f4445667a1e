"""Published figures (counts, percentages, money) with their breakdowns and periods. No I/O."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from hmip_cli.schemas.dates import parse_partial_date
from hmip_cli.schemas.periods import ACCEPTED_PERIODS, Period, parse_period
from hmip_cli.schemas.records import OptionalText, RequiredText
from hmip_cli.schemas.text import plain_mapping

FIGURE_COLUMNS: tuple[str, ...] = (
    "figure_id",
    "topic",
    "measure",
    "breakdown",
    "period",
    "value",
    "unit",
    "source_title",
    "source_published",
    "source_url",
)
REQUIRED_FIGURE_COLUMNS: tuple[str, ...] = ("figure_id", "topic", "measure", "period", "value", "unit")

# A breakdown value that marks a published total of the other values of its key.
TOTAL_MARKERS = frozenset({"total", "all"})
# `period` names the period in pivots, so no breakdown may use it as a key.
RESERVED_KEYS = frozenset({"period"})


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    GBP = "GBP"
    GBP_THOUSAND = "GBP thousand"
    GBP_MILLION = "GBP million"
    GBP_BILLION = "GBP billion"

    @property
    def additive(self) -> bool:
        """Parts of a count or a sum of money add up to their total; percentages need not."""
        return self is not Unit.PERCENT


ACCEPTED_UNITS = ", ".join(u.value for u in Unit)
_UNIT_ALIASES: dict[str, Unit] = {
    **{u.value.lower(): u for u in Unit},
    "%": Unit.PERCENT,
    "per cent": Unit.PERCENT,
    "number": Unit.COUNT,
    "£": Unit.GBP,
    "£k": Unit.GBP_THOUSAND,
    "£m": Unit.GBP_MILLION,
    "£bn": Unit.GBP_BILLION,
}


def parse_unit(value: Any) -> Unit:
    if isinstance(value, Unit):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a unit must be text (accepted: {ACCEPTED_UNITS})")
    unit = _UNIT_ALIASES.get(" ".join(value.split()).lower())
    if unit is None:
        raise ValueError(f"unknown unit {value!r} (accepted: {ACCEPTED_UNITS})")
    return unit


# ---- breakdowns ---------------------------------------------------------------------------

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
ACCEPTED_BREAKDOWN = "key=value pairs joined by ; (e.g. provider=NPS;offence=Murder), or empty"


def parse_breakdown(value: Any) -> dict[str, str]:
    """`provider=NPS;offence=Murder` -> {"provider": "NPS", "offence": "Murder"}, in order."""
    if value is None:
        return {}
    if isinstance(value, dict):
        pairs = [(str(k), str(v)) for k, v in value.items()]
    elif isinstance(value, str):
        pairs = []
        for part in value.split(";"):
            if not part.strip():
                continue
            key, sep, val = part.partition("=")
            if not sep:
                raise ValueError(f"{part.strip()!r} has no '=' (accepted: {ACCEPTED_BREAKDOWN})")
            pairs.append((key, val))
    else:
        raise ValueError(f"expected text (accepted: {ACCEPTED_BREAKDOWN})")
    dimensions: dict[str, str] = {}
    for raw_key, raw_value in pairs:
        key, val = raw_key.strip().lower(), " ".join(raw_value.split())
        if not _KEY.match(key):
            raise ValueError(f"{raw_key.strip()!r} is not a key (accepted: lower-case letters, digits and _)")
        if key in RESERVED_KEYS:
            raise ValueError(f"{key!r} is reserved (it names the figure's own period)")
        if not val:
            raise ValueError(f"{key} has no value (accepted: {ACCEPTED_BREAKDOWN})")
        if key in dimensions:
            raise ValueError(f"{key} appears twice")
        dimensions[key] = val
    return dimensions


def format_breakdown(dimensions: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in dimensions.items())


def is_total(value: str) -> bool:
    return value.strip().lower() in TOTAL_MARKERS


# ---- periods: the one grammar, in periods.py ---------------------------------------------------

__all__ = ["ACCEPTED_PERIODS", "Period", "parse_period"]


# ---- the figure ------------------------------------------------------------------------------

_FIGURE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _figure_id(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        if not _FIGURE_ID.match(value):
            raise ValueError(f"{value!r} is not an id (accepted: lower-case letters, digits, '.', '_' and '-')")
    return value


def _url(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip() or None
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not a web address (accepted: http:// or https:// URLs, or empty)")
    return value


def _number(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        try:
            return float(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a number (accepted: digits with an optional decimal point, e.g. 90.8)"
            ) from None
    if isinstance(value, bool):
        raise ValueError("expected a number")
    return value


FigureId = Annotated[str, BeforeValidator(_figure_id)]
Breakdown = Annotated[dict[str, str], BeforeValidator(parse_breakdown)]
PeriodField = Annotated[str, BeforeValidator(lambda v: parse_period(v).label)]
UnitField = Annotated[Unit, BeforeValidator(parse_unit)]
Value = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False)]


def _source_date(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_partial_date(str(value))


SourceDate = Annotated[str | None, BeforeValidator(_source_date)]
Url = Annotated[str | None, BeforeValidator(_url)]


class Figure(BaseModel):
    """One published figure; `breakdown` holds its dimensions in the order they were written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    figure_id: FigureId
    topic: RequiredText
    measure: RequiredText
    breakdown: Breakdown = Field(default_factory=dict)
    period: PeriodField
    value: Value
    unit: UnitField
    source_title: OptionalText = None
    source_published: SourceDate = None
    source_url: Url = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        # every cell, not only the text fields: a URL or breakdown holds no control character either
        return plain_mapping(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _value_fits_unit(self) -> Figure:
        if self.unit is Unit.PERCENT and not 0 <= self.value <= 100:
            raise ValueError(
                f"value: {format_value(self.value)} is not a percentage (accepted: 0 to 100 for unit percent)"
            )
        if self.unit is Unit.COUNT and (self.value < 0 or not float(self.value).is_integer()):
            raise ValueError(f"value: {format_value(self.value)} is not a count (accepted: a whole number, 0 or more)")
        object.__setattr__(self, "topic", " ".join(self.topic.split()))
        object.__setattr__(self, "measure", " ".join(self.measure.split()))
        return self

    @property
    def breakdown_text(self) -> str:
        return format_breakdown(self.breakdown)

    @property
    def period_span(self) -> Period:
        return parse_period(self.period)


def format_value(value: float) -> int | float:
    """28.0 -> 28 (counts read as counts); 90.8 stays 90.8."""
    return int(value) if float(value).is_integer() else value
