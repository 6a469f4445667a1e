"""Which kinds of service operate today, from provider_types (data/source/provider_types.csv):
CRCs and NPS divisions ceased in June 2021, when probation was unified. A ceased service is
history, never presented as current."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace

from hmip_cli.queries.filters import Filters, ceased_test


@dataclass(frozen=True)
class Ceased:
    provider_type: str
    name: str
    operating_to: str
    source_url: str | None


def today() -> str:
    return dt.date.today().isoformat()


def ceased_types(conn: sqlite3.Connection, on: str | None = None) -> dict[str, Ceased]:
    """The provider types whose operating period ended before `on` (default: today)."""
    day = on or today()
    rows = conn.execute(
        "SELECT provider_type, name, operating_to, source_url FROM provider_types"
        " WHERE operating_to IS NOT NULL ORDER BY provider_type"
    ).fetchall()
    # `2021-06` ends with June 2021: ceased on any later day (a partial date's last day is its own)
    return {row[0]: Ceased(*row) for row in rows if _after(day, row[2])}


def _after(day: str, end: str) -> bool:
    return day[: len(end)] > end


def ceased_sql(column: str, conn: sqlite3.Connection, on: str | None = None) -> str:
    """An SQL test that a provider-type column names a ceased type ('0' when none has ceased)."""
    names = sorted(ceased_types(conn, on))
    if not names:
        return "0"
    return f"{column} IN ({', '.join(repr(n) for n in names)})"


def ceased_summary(ceased: dict[str, Ceased]) -> str:
    """`CRCs and NPS divisions, ceased June 2021`: the ceased types and when, in words."""
    by_end: dict[str, list[str]] = {}
    for entry in ceased.values():
        by_end.setdefault(entry.operating_to, []).append(_plural(entry.name))
    return "; ".join(f"{' and '.join(names)}, ceased {_month(end)}" for end, names in sorted(by_end.items()))


def _plural(name: str) -> str:
    short = {"Community Rehabilitation Company": "CRCs", "National Probation Service division": "NPS divisions"}
    return short.get(name, name + "s")


def _month(end: str) -> str:
    if len(end) >= 7:
        return dt.date(int(end[:4]), int(end[5:7]), 1).strftime("%B %Y")
    return end


def service_status(conn: sqlite3.Connection, service_id: str, name: str, provider_type: str) -> list[str]:
    """A line for `show` when the service's kind has ceased: it is history, not a current service."""
    entry = ceased_types(conn).get(provider_type)
    if entry is None:
        return []
    return [
        f"{name} ({service_id}) no longer operates: {_plural(entry.name)} ceased in {_month(entry.operating_to)};"
        " its ratings are history, not how it stands now"
    ]


def ceased_note(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    """`29 ceased services left out (CRCs and NPS divisions, ceased June 2021); --include-ceased
    shows them`: what --latest drops from a listing, counted and named."""
    if not filters.latest or filters.include_ceased:
        return []
    where, params = replace(filters, include_ceased=True).where(alias="r")
    (count,) = conn.execute(
        f"SELECT count(DISTINCT r.service_id) FROM rating_details r WHERE {where} AND {ceased_test('r', params)}",
        params,
    ).fetchone()
    if not count:
        return []
    services = "service" if count == 1 else "services"
    return [f"{count} ceased {services} left out ({ceased_summary(ceased_types(conn))}); --include-ceased shows them"]
