"""What a view covers, in words, and the blocks an aggregate is cut into so sectors never mix.

No distribution, ranking or share ever counts probation and youth services together, nor one
framework's standards with another's: aggregates are computed per sector (overall ratings) or
per framework (standards), and each block's title says exactly what it holds.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from hmip_cli.queries.filters import Filters
from hmip_cli.schemas.frameworks import OVERALL, SECTOR_OF, ProviderType, Sector, frameworks
from hmip_cli.tabular import Column


@dataclass(frozen=True)
class Block:
    """One sector, or one framework, of a selection: the filters narrowed to it, and its name."""

    sector: Sector
    framework: str | None
    filters: Filters

    @property
    def scope(self) -> str:
        return describe(self.filters, self.sector, self.framework)

    @property
    def key(self) -> tuple[str, ...]:
        """The block's sector (and framework), which every machine row of it carries."""
        return (self.sector.value,) if self.framework is None else (self.sector.value, self.framework)

    @property
    def key_columns(self) -> tuple[Column, ...]:
        """The columns of `key`; tables leave them out, since the block's title says them."""
        return KEY_COLUMNS[: len(self.key)]


KEY_COLUMNS = (
    Column("sector", "Sector", "short", in_table=False),
    Column("framework", "Framework", "short", in_table=False),
)


def _sectors_in_scope(filters: Filters) -> list[Sector]:
    if filters.sectors:
        return [Sector(s) for s in filters.sectors]
    if filters.types:
        wanted = {SECTOR_OF[ProviderType(t)] for t in filters.types}
        return [s for s in Sector if s in wanted]
    return list(Sector)


def _has_inspections(conn: sqlite3.Connection, filters: Filters) -> bool:
    where, params = filters.where(inspections_only=True)
    return conn.execute(f"SELECT 1 FROM inspections i WHERE {where} LIMIT 1", params).fetchone() is not None


def sector_blocks(conn: sqlite3.Connection, filters: Filters, *, keep_empty: bool = False) -> list[Block]:
    """One block per sector the filters allow that has an inspection in scope (or every one)."""
    blocks = [Block(s, None, replace(filters, sectors=(s.value,))) for s in _sectors_in_scope(filters)]
    kept = [b for b in blocks if keep_empty or _has_inspections(conn, b.filters)]
    return kept or blocks[:1]


def framework_blocks(conn: sqlite3.Connection, filters: Filters, standard: str | None = None) -> list[Block]:
    """One block per framework in scope with an inspection (and the standard), in the frameworks' order."""
    blocks = []
    for sector_block in sector_blocks(conn, filters, keep_empty=True):
        for slug, framework in frameworks().items():
            if filters.frameworks and slug not in filters.frameworks:
                continue
            if not any(SECTOR_OF[p] is sector_block.sector for p in framework.provider_types):
                continue
            if standard not in (None, OVERALL) and all(s.slug != standard for s in framework.standards):
                continue
            narrowed = replace(sector_block.filters, frameworks=(slug,))
            if _has_inspections(conn, narrowed):
                blocks.append(Block(sector_block.sector, slug, narrowed))
    return blocks


def describe(filters: Filters, sector: Sector | None = None, framework: str | None = None) -> str:
    """`Probation services (CRC, NPS) in regions matching 'London'` — the exact scope, in words."""
    if sector is not None:
        text = sector.label
    elif len(filters.sectors) == 1:
        text = Sector(filters.sectors[0]).label
    elif filters.types and len({SECTOR_OF[ProviderType(t)] for t in filters.types}) == 1:
        text = SECTOR_OF[ProviderType(filters.types[0])].label
    else:
        text = "Probation and youth justice services"
    if filters.types:
        text += f" ({', '.join(filters.types)})"
    if framework:
        text += f", {framework} framework"
    if filters.regions:
        text += f", region matching {' or '.join(repr(r) for r in filters.regions)}"
    if filters.services:
        text += f", service matching {' or '.join(repr(s) for s in filters.services)}"
    if filters.source_kinds:
        text += ", " + " or ".join(SOURCED[k] for k in filters.source_kinds)
    if filters.latest:
        text += ", each service's latest inspection"
    return text


SOURCED = {"hmip": "sourced from HMIP's own site", "secondary": "sourced outside HMIP's site"}


def standard_label(standard: str) -> str:
    return "overall rating" if standard == OVERALL else f"{standard} rating"


def axis_text(filters: Filters) -> str:
    """The time window in words: `2018/19`, `published 2022`, `round pdu-2021`; empty for none."""
    parts = []
    if filters.years:
        parts.append("programme year " + " or ".join(filters.years))
    if filters.published:
        parts.append("published " + " or ".join(p.label for p in filters.published))
    if filters.frameworks:
        parts.append("round " + " or ".join(filters.frameworks))
    return ", ".join(parts)
