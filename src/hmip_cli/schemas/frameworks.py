"""Standards frameworks, loaded from frameworks.toml: which standards apply to whom, when."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from hmip_cli.errors import DatabaseError
from hmip_cli.schemas.ratings import normalise_words

OVERALL = "overall"


class ProviderType(StrEnum):
    CRC = "CRC"
    NPS = "NPS"
    PDU = "PDU"
    REGION = "region"
    YOT = "YOT"

    def __str__(self) -> str:
        return self.value


ACCEPTED_PROVIDER_TYPES = ", ".join(p.value for p in ProviderType)


class Sector(StrEnum):
    """Probation (adult) and youth justice services are inspected apart and never counted together."""

    PROBATION = "probation"
    YOUTH = "youth"

    def __str__(self) -> str:
        return self.value

    @property
    def provider_types(self) -> tuple[ProviderType, ...]:
        return tuple(p for p in ProviderType if SECTOR_OF[p] is self)

    @property
    def label(self) -> str:
        return "Probation services" if self is Sector.PROBATION else "Youth justice services"


SECTOR_OF: dict[ProviderType, Sector] = {
    ProviderType.CRC: Sector.PROBATION,
    ProviderType.NPS: Sector.PROBATION,
    ProviderType.PDU: Sector.PROBATION,
    ProviderType.REGION: Sector.PROBATION,
    ProviderType.YOT: Sector.YOUTH,
}
ACCEPTED_SECTORS = ", ".join(s.value for s in Sector)


def parse_sector(text: object) -> Sector:
    wanted = str(text).strip().lower()
    for sector in Sector:
        if sector.value == wanted:
            return sector
    raise ValueError(f"unknown sector {text!r} (accepted: {ACCEPTED_SECTORS})")


_PROVIDER_BY_NAME = {p.value.lower(): p for p in ProviderType}  # an import parses one per inspection


def parse_provider_type(text: object) -> ProviderType:
    """Provider type in any case (`crc`, `Region`, `yot`)."""
    if isinstance(text, ProviderType):
        return text
    provider = _PROVIDER_BY_NAME.get(str(text).strip().lower())
    if provider is not None:
        return provider
    raise ValueError(f"unknown provider type {text!r} (accepted: {ACCEPTED_PROVIDER_TYPES})")


@dataclass(frozen=True)
class Standard:
    slug: str
    name: str
    domain: str
    code: str | None = None
    provider_types: tuple[ProviderType, ...] = ()


@dataclass(frozen=True)
class Framework:
    """A framework as frameworks.toml declares it: plain data, so a command that reads one
    imports no validation library (checked as it is read: _framework)."""

    slug: str
    name: str
    period: str
    provider_types: tuple[ProviderType, ...]
    standards: tuple[Standard, ...]
    extends: str | None = None

    def standards_for(self, provider_type: ProviderType) -> tuple[Standard, ...]:
        return tuple(s for s in self.standards if provider_type in s.provider_types)

    def standard(self, slug: str, provider_type: ProviderType) -> Standard | None:
        return next((s for s in self.standards_for(provider_type) if s.slug == slug), None)

    def find(self, text: str, provider_type: ProviderType) -> Standard | None:
        """This framework's standard named by code (`2.1`), slug or name, any case: a code
        means a different standard in each framework (2.1 is court assessment in youth-2021)."""
        wanted, code = normalise_words(text), text.strip()
        for standard in self.standards_for(provider_type):
            if standard.code == code or wanted in {normalise_words(standard.slug), normalise_words(standard.name)}:
                return standard
        return None


FRAMEWORKS_ENV = "HMIP_FRAMEWORKS"
"""Names a frameworks file to use instead of the packaged one: for tests and for a maintainer
trying a new framework before it ships."""


def frameworks_path() -> str | None:
    """The frameworks file named by $HMIP_FRAMEWORKS; None for the packaged frameworks.toml."""
    return os.environ.get(FRAMEWORKS_ENV) or None


@cache
def frameworks_data(path: str | None = None) -> bytes:
    """The frameworks file's bytes (the packaged one when `path` is None): what a database's
    reference tables are checked against."""
    if path is None:
        return resources.files("hmip_cli.schemas").joinpath("frameworks.toml").read_bytes()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DatabaseError(
            f"{path}: cannot read the frameworks file named by ${FRAMEWORKS_ENV} ({exc.strerror})"
        ) from None


def frameworks() -> dict[str, Framework]:
    """Every framework by slug, with `extends` resolved (the child's standards follow the parent's)."""
    return _parse_frameworks(frameworks_path())


@cache
def _parse_frameworks(path: str | None) -> dict[str, Framework]:
    import tomllib  # here, not at the top: a command that needs no framework never loads it

    text = frameworks_data(path).decode("utf-8")
    raw_by_slug: dict[str, dict[str, Any]] = {}
    for raw in tomllib.loads(text)["framework"]:
        parent = raw_by_slug.get(raw.get("extends", ""))
        if parent is not None:
            raw = {**raw, "standards": [*parent["standards"], *raw["standards"]]}
        raw_by_slug[raw["slug"]] = raw
    return {slug: _framework(raw, path) for slug, raw in raw_by_slug.items()}


def _framework(raw: dict[str, Any], path: str | None) -> Framework:
    """One [[framework]] table, its fields checked; a standard's provider types default to its
    framework's."""
    where = f"{path or 'frameworks.toml'}: framework {raw.get('slug')!r}"
    providers = _provider_types(raw.get("provider_types"), where)
    standards = []
    for number, standard in enumerate(_field(raw, "standards", list, where), 1):
        if not isinstance(standard, dict):
            raise DatabaseError(f"{where}: standard {number} is not a table")
        place = f"{where}, standard {standard.get('slug', number)!r}"
        standards.append(
            Standard(
                slug=_field(standard, "slug", str, place),
                name=_field(standard, "name", str, place),
                domain=_field(standard, "domain", str, place),
                code=_field(standard, "code", str, place, optional=True),
                provider_types=_provider_types(standard.get("provider_types", providers), place),
            )
        )
    return Framework(
        slug=_field(raw, "slug", str, where),
        name=_field(raw, "name", str, where),
        period=_field(raw, "period", str, where),
        provider_types=providers,
        standards=tuple(standards),
        extends=_field(raw, "extends", str, where, optional=True),
    )


def _field(raw: dict[str, Any], name: str, kind: type[Any], where: str, *, optional: bool = False) -> Any:
    value = raw.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, kind):
        raise DatabaseError(f"{where}: {name} must be a {kind.__name__}, not {value!r}")
    return value


def _provider_types(values: object, where: str) -> tuple[ProviderType, ...]:
    if not isinstance(values, (list, tuple)) or not all(v in _PROVIDER_VALUES for v in values):
        raise DatabaseError(f"{where}: provider_types must list some of {ACCEPTED_PROVIDER_TYPES}, not {values!r}")
    return tuple(ProviderType(v) for v in values)


_PROVIDER_VALUES = frozenset(p.value for p in ProviderType)


def get_framework(slug: str) -> Framework:
    framework = frameworks().get(slug.strip().lower())
    if framework is None:
        accepted = ", ".join(frameworks())
        raise ValueError(f"unknown framework {slug!r} (accepted: {accepted})")
    return framework


def check_standard(framework: Framework, provider_type: ProviderType, slug: str) -> Standard | None:
    """The standard, or None for the overall rating; ValueError if the framework lacks it."""
    if provider_type not in framework.provider_types:
        accepted = ", ".join(p.value for p in framework.provider_types)
        raise ValueError(
            f"framework {framework.slug} does not inspect {provider_type.value} services (accepted: {accepted})"
        )
    if slug == OVERALL:
        return None
    standard = framework.standard(slug, provider_type)
    if standard is None:
        known = [s.slug for s in framework.standards_for(provider_type)]
        accepted = ", ".join([OVERALL, *known])
        raise ValueError(
            f"standard {slug!r} is not in {framework.slug} for {provider_type.value} services (accepted: {accepted})"
        )
    return standard


def all_standard_slugs() -> set[str]:
    return {s.slug for f in frameworks().values() for s in f.standards}


def resolve_standard_name(text: str) -> str:
    """A standard given by slug, code (`2.1`) or name (`Through the Gate`) -> its slug (the first
    framework's, where a code names a standard in each sector: see standards_named)."""
    return standards_named(text)[0][0]


def standards_named(text: str) -> list[tuple[str, Sector]]:
    """Every (slug, sector) a slug, code or name names, in framework order: one code may name a
    standard in probation's frameworks and another in youth's (2.1: assessment, court-assessment)."""
    wanted = normalise_words(text)
    found: dict[tuple[str, Sector], None] = {}
    for framework in frameworks().values():
        for standard in framework.standards:
            if standard.code == text.strip() or wanted in {
                normalise_words(standard.slug),
                normalise_words(standard.name),
            }:
                for provider_type in standard.provider_types:
                    found[(standard.slug, SECTOR_OF[provider_type])] = None
    if found:
        return list(found)
    if wanted == OVERALL:
        return [(OVERALL, sector) for sector in Sector]
    slugs = sorted({s.slug for f in frameworks().values() for s in f.standards})
    near = difflib.get_close_matches(wanted.replace(" ", "-"), slugs, n=3, cutoff=0.6)
    hint = f"closest: {', '.join(near)}; " if near else ""
    raise ValueError(
        f"unknown standard {text!r} ({hint}accepted: overall, all, a slug such as assessment, "
        f"a code such as 2.1, or a name; see `hmip standards`)"
    )
