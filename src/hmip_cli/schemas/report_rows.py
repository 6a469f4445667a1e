"""One published report as rows of the long import layout: what `hmip template` writes with the
ratings empty, and what `hmip extract` writes with the ratings a report's table states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hmip_cli.schemas.dates import parse_partial_date
from hmip_cli.schemas.frameworks import OVERALL, Framework, ProviderType, Standard, parse_provider_type
from hmip_cli.schemas.ratings import Rating
from hmip_cli.schemas.records import LONG_COLUMNS

LongRow = tuple[str | None, ...]
"""Values in LONG_COLUMNS order; None is an empty cell."""


def choose_provider_type(framework: Framework, text: str | None) -> ProviderType:
    """The provider type a report of `framework` is about: `text` (--type), or the framework's
    only one. ValueError naming the accepted types when it is missing where there are several,
    or is not the framework's."""
    accepted = ", ".join(p.value for p in framework.provider_types)
    if text is None:
        if len(framework.provider_types) == 1:
            return framework.provider_types[0]
        raise ValueError(f"{framework.slug} inspects several provider types: give --type (accepted: {accepted})")
    provider = parse_provider_type(text)
    if provider not in framework.provider_types:
        raise ValueError(f"{framework.slug} does not inspect {provider.value} services (accepted: {accepted})")
    return provider


def check_source_url(text: str) -> str:
    """A source is a web address, so every rating can be looked up where it is stated."""
    url = text.strip()
    if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url) or len(url) < 12:
        raise ValueError(f"not a web address: {text!r} (accepted: a URL starting https:// or http://)")
    return url


@dataclass(frozen=True)
class ReportDetails:
    """What the command line says about one report: whose, under which framework, when, and where
    it is published. Any of service, service_id, published and source_url may be left empty."""

    framework: Framework
    provider_type: ProviderType
    service: str | None = None
    service_id: str | None = None
    published: str | None = None
    source_url: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None:
            object.__setattr__(self, "published", parse_partial_date(self.published))
        if self.source_url is not None:
            object.__setattr__(self, "source_url", check_source_url(self.source_url))

    @property
    def standards(self) -> tuple[Standard, ...]:
        return self.framework.standards_for(self.provider_type)

    def row(self, standard: Standard | None, rating: Rating | None, note: str | None = None) -> LongRow:
        """The row for `standard` (None: the overall rating); `rating` None leaves the cell empty."""
        values: dict[str, Any] = {
            "service_id": self.service_id,
            "service": self.service,
            "provider_type": self.provider_type.value,
            "framework": self.framework.slug,
            "published": self.published,
            "standard": OVERALL if standard is None else standard.slug,
            "standard_code": None if standard is None else standard.code,
            "rating": None if rating is None else rating.value,
            "source_url": self.source_url,
            "note": note,
        }
        return tuple(values.get(column) for column in LONG_COLUMNS)

    def template(self) -> list[LongRow]:
        """The overall rating, then every standard of the framework for this provider type, in
        the framework's order, each rating left empty (an empty cell imports as not recorded)."""
        return [self.row(None, None), *(self.row(s, None) for s in self.standards)]
