"""User filters, resolved against the database (years by ordinal, standards by name or code)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hmip_cli.errors import UsageError
from hmip_cli.schemas.frameworks import OVERALL, frameworks, parse_provider_type, resolve_standard_name
from hmip_cli.schemas.ratings import normalise_words, parse_rating
from hmip_cli.schemas.years import ACCEPTED_YEARS, parse_programme_year

ALL_STANDARDS = "all"


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

    def where(self, *, inspections_only: bool = False) -> tuple[str, dict[str, Any]]:
        """SQL over `inspections i` joined to `ratings r`; every value is a named parameter.

        `inspections_only` leaves out the rating, standard and domain tests, for queries that
        choose the standard themselves and count the inspections where it is not recorded.
        """
        clauses: list[str] = []
        params: dict[str, Any] = {}

        def bind(values: Sequence[str]) -> list[str]:
            names = []
            for value in values:
                name = f"f{len(params)}"
                params[name] = value
                names.append(f":{name}")
            return names

        def any_of(sql_column: str, values: Sequence[str]) -> None:
            if values:
                clauses.append(f"{sql_column} IN ({', '.join(bind(values))})")

        def any_substring(sql_column: str, values: Sequence[str]) -> None:
            if values:
                tests = [f"instr(lower({sql_column}), lower({name})) > 0" for name in bind(values)]
                clauses.append("(" + " OR ".join(tests) + ")")

        any_of("i.inspection_year", self.years)
        any_of("i.provider_type", self.types)
        any_of("i.framework", self.frameworks)
        any_substring("i.region", self.regions)
        any_substring("i.service", self.services)
        if inspections_only:
            return (" AND ".join(clauses) or "1"), params
        any_of("r.rating", self.ratings)
        any_of("r.standard", self.standards)
        if self.domains:
            clauses.append(
                "EXISTS (SELECT 1 FROM standards s WHERE s.framework = i.framework"
                " AND s.provider_type = i.provider_type AND s.slug = r.standard"
                f" AND s.domain IN ({', '.join(bind(self.domains))}))"
            )
        return (" AND ".join(clauses) or "1"), params


def years_present(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT inspection_year FROM inspections WHERE inspection_year IS NOT NULL ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


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
        raise UsageError(
            f"--year {text!r}: not a year (accepted: {ACCEPTED_YEARS}, or 1, 2 … for: {listing})"
        ) from None
    if year not in present:
        raise UsageError(f"--year {text}: no inspections counted in {year} (years present: {listing})")
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


def resolve_standards(texts: Sequence[str], default: tuple[str, ...] = (OVERALL,)) -> tuple[str, ...]:
    """Slugs for --standard values; `all` (or no value with default ()) means every standard."""
    if not texts:
        return default
    if any(t.strip().lower() == ALL_STANDARDS for t in texts):
        return ()
    try:
        return tuple(dict.fromkeys(resolve_standard_name(t) for t in texts))
    except ValueError as exc:
        raise _usage("--standard", exc) from None


def resolve_domains(texts: Sequence[str]) -> tuple[str, ...]:
    """A domain by number (`2`), full name, or words of it (`case supervision`)."""
    known = sorted({s.domain for f in frameworks().values() for s in f.standards})
    chosen: list[str] = []
    for text in texts:
        wanted = normalise_words(text)
        matches = [
            d for d in known if normalise_words(d) == wanted or d.split()[0] == wanted or wanted in normalise_words(d)
        ]
        if not matches:
            raise UsageError(f"--domain {text!r}: unknown domain (accepted: {', '.join(known)})")
        chosen.extend(m for m in matches if m not in chosen)
    return tuple(chosen)


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
        raise _usage("--type", exc) from None
    known_frameworks = frameworks()
    for name in framework_names:
        if name.strip().lower() not in known_frameworks:
            raise UsageError(f"--framework {name!r}: unknown framework (accepted: {', '.join(known_frameworks)})")
    domain_values = resolve_domains(domains)
    return Filters(
        ratings=rating_values,
        years=resolve_years(conn, years),
        types=type_values,
        regions=tuple(regions),
        services=tuple(services),
        standards=resolve_standards(standards, () if domain_values else default_standards),
        domains=domain_values,
        frameworks=tuple(n.strip().lower() for n in framework_names),
    )
