"""User filters, resolved against the database (years by ordinal, standards by name or code)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from hmip_cli.errors import UsageError
from hmip_cli.queries.choosing import choose_each
from hmip_cli.schemas.frameworks import (
    OVERALL,
    SECTOR_OF,
    Sector,
    frameworks,
    parse_provider_type,
    parse_sector,
    standards_named,
)
from hmip_cli.schemas.name_matching import FOLD_FUNCTION, fold_name
from hmip_cli.schemas.periods import Period, parse_period
from hmip_cli.schemas.ratings import normalise_words, parse_rating
from hmip_cli.schemas.sources import parse_source_kind
from hmip_cli.schemas.years import ACCEPTED_YEARS, parse_programme_year
from hmip_cli.store.views import partial_date_bounds_sql

ALL_STANDARDS = "all"


def latest_order(alias: str) -> str:
    """ORDER BY for "most recent first" among one service's inspections.

    A later round is a later inspection (frameworks replace each other in time, and
    frameworks.toml lists each sector's in order), which places inspections whose report date
    is not known; within a round, the publication date, then the programme year, decide.
    """
    rounds = " ".join(f"WHEN '{slug}' THEN {position}" for position, slug in enumerate(frameworks()))
    a = alias
    return (
        f"(CASE {a}.framework {rounds} ELSE -1 END) DESC, {a}.published IS NULL, {a}.published DESC,"
        f" {a}.inspection_year IS NULL, {a}.inspection_year DESC, {a}.inspection_id DESC"
    )


@dataclass(frozen=True)
class Filters:
    """Each tuple is OR within itself; the fields combine with AND. Empty means no filter."""

    ratings: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    standards: tuple[str, ...] = (OVERALL,)
    domains: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    published: tuple[Period, ...] = ()
    source_kinds: tuple[str, ...] = ()
    """hmip, secondary: a rating by its own source; an inspection (in counts) by its overall rating's."""
    latest: bool = False
    """Of each service's inspections that pass the other inspection filters, only the most recent,
    and only of services operating today (provider_types) unless `include_ceased`."""
    include_ceased: bool = False

    def where(self, *, inspections_only: bool = False, alias: str = "i") -> tuple[str, dict[str, Any]]:
        """SQL over `inspections i` joined to the ratings `r` of a view that gives each its
        `source_kind` (`rating_details r`, with alias "r", is both); every value is a named parameter.

        `inspections_only` leaves out the rating, standard and domain tests, for queries that
        choose the standard themselves and count the inspections where it is not recorded.
        """
        params: dict[str, Any] = {}
        clauses = self._inspection_clauses(alias, params)
        if self.latest:
            inner = self._inspection_clauses("x", params)
            clauses.append(
                f"{alias}.inspection_id IN (SELECT inspection_id FROM (SELECT x.inspection_id, row_number()"
                f" OVER (PARTITION BY x.service_id ORDER BY {latest_order('x')}) AS newest"
                f" FROM inspections x WHERE {' AND '.join(inner) or '1'}) WHERE newest = 1)"
            )
            if not self.include_ceased:
                clauses.append(f"NOT {ceased_test(alias, params)}")
        if inspections_only:
            if self.source_kinds:
                kinds = ", ".join(_bind(params, self.source_kinds))
                clauses.append(
                    f"EXISTS (SELECT 1 FROM sourced_ratings k WHERE k.inspection_id = {alias}.inspection_id"
                    f" AND k.standard = '{OVERALL}' AND k.source_kind IN ({kinds}))"
                )
            return (" AND ".join(clauses) or "1"), params
        _any_of(clauses, params, "r.source_kind", self.source_kinds)
        _any_of(clauses, params, "r.rating", self.ratings)
        _any_of(clauses, params, "r.standard", self.standards)
        if self.domains:
            clauses.append(
                f"EXISTS (SELECT 1 FROM standards s WHERE s.framework = {alias}.framework"
                f" AND s.provider_type = {alias}.provider_type AND s.slug = r.standard"
                f" AND s.domain IN ({', '.join(_bind(params, self.domains))}))"
            )
        return (" AND ".join(clauses) or "1"), params

    def _inspection_clauses(self, a: str, params: dict[str, Any]) -> list[str]:
        clauses: list[str] = []
        _any_of(clauses, params, f"{a}.inspection_year", self.years)
        _any_of(clauses, params, f"{a}.provider_type", self.types)
        _any_of(clauses, params, f"{a}.framework", self.frameworks)
        # a sector is its provider types (SECTOR_OF): the provider-type index serves it
        sector_types = [p.value for s in self.sectors for p in Sector(s).provider_types]
        _any_of(clauses, params, f"{a}.provider_type", sector_types)
        for column, values in ((f"{a}.region", self.regions), (f"{a}.service", self.services)):
            if values:
                # names compare as fold_name has them (Ynys Môn ~ ynys mon, & ~ and): see resolve_filters
                folded = [fold_name(v) or "" for v in values]
                tests = [f"instr({FOLD_FUNCTION}({column}), {name}) > 0" for name in _bind(params, folded)]
                clauses.append("(" + " OR ".join(tests) + ")")
        if self.published:
            clauses.append("(" + " OR ".join(self._published_tests(a, params, "in")) + ")")
        return clauses

    def _published_tests(self, a: str, params: dict[str, Any], placement: str) -> list[str]:
        first, last = partial_date_bounds_sql(f"{a}.published")
        tests = []
        for period in self.published:
            start, end = _bind(params, (period.first, period.last))
            if placement == "in":
                tests.append(f"({first} >= {start} AND {last} <= {end})")
            else:  # straddles the period's edge: neither inside nor outside
                tests.append(
                    f"({last} >= {start} AND {first} <= {end} AND NOT ({first} >= {start} AND {last} <= {end}))"
                )
        return tests

    def unknown_on_axis(self, axis: str, alias: str = "i") -> tuple[str, dict[str, Any]]:
        """Inspections that pass every other inspection filter but whose value on `axis` is unknown."""
        cleared: dict[str, Any] = {_AXIS_FIELD[axis]: ()}
        rest = replace(self, latest=False, **cleared)
        where, params = rest.where(inspections_only=True, alias=alias)
        if axis == "year":
            return f"{where} AND {alias}.inspection_year IS NULL", params
        if axis == "published":
            coarse = " OR ".join(self._published_tests(alias, params, "straddles"))
            inside = " OR ".join(self._published_tests(alias, params, "in"))
            return f"{where} AND ({alias}.published IS NULL OR (({coarse}) AND NOT ({inside})))", params
        return "0", params

    @property
    def axes(self) -> tuple[str, ...]:
        """The time axes this selection is cut on: year, published, round."""
        return tuple(axis for axis, name in _AXIS_FIELD.items() if getattr(self, name))


_AXIS_FIELD = {"year": "years", "published": "published", "round": "frameworks"}


def ceased_test(alias: str, params: dict[str, Any]) -> str:
    """SQL: the inspection's provider type had ceased by today (its operating_to, a partial date, is past)."""
    (today,) = _bind(params, (dt.date.today().isoformat(),))
    return (
        f"{alias}.provider_type IN (SELECT t.provider_type FROM provider_types t WHERE t.operating_to IS NOT NULL"
        f" AND substr({today}, 1, length(t.operating_to)) > t.operating_to)"
    )


def _bind(params: dict[str, Any], values: Sequence[str]) -> list[str]:
    names = []
    for value in values:
        name = f"f{len(params)}"
        params[name] = value
        names.append(f":{name}")
    return names


def _any_of(clauses: list[str], params: dict[str, Any], sql_column: str, values: Sequence[str]) -> None:
    if values:
        clauses.append(f"{sql_column} IN ({', '.join(_bind(params, values))})")


def years_present(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT inspection_year FROM inspections WHERE inspection_year IS NOT NULL ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


_YOUTH_NAMES = frozenset({"YOS", "YJS", "YJ", "YJT", "YOUTH"})
"""What people call youth services: hmip has one provider type for all of them (SECTOR_OF)."""


def resolve_year(text: str, present: Sequence[str]) -> str:
    """`1` is the earliest programme year in the database; `2018-19` is 2018/19."""
    listing = ", ".join(f"{n} = {y}" for n, y in enumerate(present, start=1)) or "none"
    value = text.strip()
    if value.isdigit() and len(value) < 4:
        index = int(value)
        if 1 <= index <= len(present):
            return present[index - 1]
        raise UsageError(f"--year {text}: there is no year {index} (years present: {listing})")
    try:
        year = parse_programme_year(value)
    except ValueError:
        hint = ""
        if value.isdigit() and len(value) == 4:
            # a calendar year: the programme year it starts, or the reports published in it
            start = int(value)
            hint = (
                f"; a programme year runs April to March: --year {start}/{(start + 1) % 100:02d},"
                f" or reports published in {value}: --published {value}"
            )
        raise UsageError(
            f"--year {text!r}: not a programme year (accepted: {ACCEPTED_YEARS}, or 1, 2 … for: {listing}){hint}"
        ) from None
    if year not in present:
        raise UsageError(
            f"--year {text}: no source places an inspection in programme year {year} (years present: {listing});"
            f" reports by publication date: --published {year}"
        )
    return year


def resolve_years(conn: sqlite3.Connection, texts: Sequence[str]) -> tuple[str, ...]:
    present = years_present(conn)
    resolved: list[str] = []
    for text in texts:
        year = resolve_year(text, present)
        if year not in resolved:
            resolved.append(year)
    return tuple(resolved)


def _usage(option: str, exc: ValueError) -> UsageError:
    return UsageError(f"{option}: {exc}")


def resolve_standards(
    texts: Sequence[str], default: tuple[str, ...] = (OVERALL,), sectors: Sequence[str] = ()
) -> tuple[str, ...]:
    """Slugs for --standard values; `all` (or no value with default ()) means every standard. A
    code names a standard in each sector that has it (2.1: assessment, court-assessment), unless
    `sectors` choose one of them."""
    if not texts:
        return default
    if any(t.strip().lower() == ALL_STANDARDS for t in texts):
        return ()
    try:
        return tuple(dict.fromkeys(slug for t in texts for slug in _named_in(t, sectors)))
    except ValueError as exc:
        raise _usage("--standard", exc) from None


def resolve_one_standard(text: str, filters: Filters | None = None) -> str:
    """The one standard a command counts (default overall); a code naming a standard in each
    sector is a usage error unless --sector or --type chooses one: counts never mix them."""
    chosen = () if filters is None else _sectors_chosen(filters.sectors, filters.types)
    slugs = resolve_standards([text], sectors=chosen)
    if len(slugs) > 1:
        named = standards_named(text)
        each = ", ".join(f"{slug} ({sector})" for slug, sector in named)
        raise UsageError(f"--standard {text!r} names {len(slugs)} standards: {each}; give its slug, or --sector")
    return slugs[0]


def _sectors_chosen(sectors: Sequence[str], types: Sequence[str]) -> tuple[str, ...]:
    """The sectors --sector names, else those of the --type values."""
    return tuple(sectors) or tuple(dict.fromkeys(SECTOR_OF[parse_provider_type(t)].value for t in types))


def _named_in(text: str, sectors: Sequence[str]) -> list[str]:
    named = standards_named(text)
    if not sectors:
        return list(dict.fromkeys(slug for slug, _ in named))
    chosen = [slug for slug, sector in named if sector.value in sectors]
    if not chosen:
        own = ", ".join(dict.fromkeys(sector.value for _, sector in named))
        raise ValueError(f"{text!r} is a {own} standard, outside the sector chosen ({', '.join(sectors)})")
    return list(dict.fromkeys(chosen))


def resolve_domains(texts: Sequence[str]) -> tuple[str, ...]:
    """A domain by number (`2`), full name, or words of it (`case supervision`)."""
    known = sorted({s.domain for f in frameworks().values() for s in f.standards})

    def matches(wanted: str) -> list[str]:
        return [
            d for d in known if normalise_words(d) == wanted or d.split()[0] == wanted or wanted in normalise_words(d)
        ]

    return choose_each(texts, matches, lambda text: f"--domain {text!r}: unknown domain (accepted: {', '.join(known)})")


def resolve_filters(
    conn: sqlite3.Connection,
    *,
    ratings: Sequence[str] | None = None,
    years: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    services: Sequence[str] | None = None,
    standards: Sequence[str] | None = None,
    domains: Sequence[str] | None = None,
    framework_names: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    published: Sequence[str] | None = None,
    source_kinds: Sequence[str] | None = None,
    latest: bool = False,
    include_ceased: bool = False,
    default_standards: tuple[str, ...] = (OVERALL,),
) -> Filters:
    """Option values (None when an option was not given) checked and resolved into Filters."""
    ratings, years, types, regions = ratings or (), years or (), types or (), regions or ()
    services, standards, domains, framework_names = (
        services or (),
        standards or (),
        domains or (),
        framework_names or (),
    )
    try:
        rating_values = tuple(dict.fromkeys(parse_rating(r).value for r in ratings))
    except ValueError as exc:
        raise _usage("--rating", exc) from None
    try:
        type_values = tuple(dict.fromkeys(parse_provider_type(t).value for t in types))
    except ValueError as exc:
        youth = [t for t in types if str(t).strip().upper() in _YOUTH_NAMES]
        if youth:
            (youth_type,) = Sector.YOUTH.provider_types
            raise UsageError(
                f"--type {youth[0]!r}: youth offending and youth justice services (YOS, YJS) are all type"
                f" {youth_type}; use --type {youth_type} or --sector {Sector.YOUTH}"
            ) from None
        raise _usage("--type", exc) from None
    sector_values = _resolve_sectors(sectors or (), type_values)
    try:
        periods = tuple(dict.fromkeys(parse_period(p) for p in published or ()))
    except ValueError as exc:
        raise _usage("--published", exc) from None
    # frameworks.toml is read (and validated) only for the options that need it: start-up
    known_frameworks = frameworks() if framework_names else {}
    for name in framework_names:
        if name.strip().lower() not in known_frameworks:
            raise UsageError(f"--round {name!r}: unknown round (accepted: {', '.join(known_frameworks)})")
    domain_values = resolve_domains(domains) if domains else ()
    try:
        kind_values = tuple(dict.fromkeys(parse_source_kind(k).value for k in source_kinds or ()))
    except ValueError as exc:
        raise _usage("--source-kind", exc) from None
    if regions or services:
        use_name_folding(conn)
    return Filters(
        ratings=rating_values,
        years=resolve_years(conn, years),
        types=type_values,
        regions=tuple(regions),
        services=tuple(services),
        standards=resolve_standards(
            standards, () if domain_values else default_standards, _sectors_chosen(sector_values, type_values)
        ),
        domains=domain_values,
        frameworks=tuple(dict.fromkeys(n.strip().lower() for n in framework_names)),
        sectors=sector_values,
        published=periods,
        source_kinds=kind_values,
        latest=latest,
        include_ceased=include_ceased,
    )


def use_name_folding(conn: sqlite3.Connection) -> None:
    """Give `conn` the SQL function the --service and --region tests call (fold_name)."""
    conn.create_function(FOLD_FUNCTION, 1, fold_name, deterministic=True)


def _resolve_sectors(texts: Sequence[str], type_values: Sequence[str]) -> tuple[str, ...]:
    """Sector names checked, and checked against --type: `--sector youth --type CRC` can match nothing."""
    try:
        chosen = tuple(dict.fromkeys(parse_sector(t).value for t in texts))
    except ValueError as exc:
        raise _usage("--sector", exc) from None
    for type_value in type_values:
        own = SECTOR_OF[parse_provider_type(type_value)].value
        if chosen and own not in chosen:
            raise UsageError(f"--type {type_value} is a {own} type, outside --sector {', '.join(chosen)}")
    return chosen
