"""The SQL of `hmip league` (queries/league.py): one statement per framework that chooses each
service's latest inspection (`row_number`), counts its standards by `GROUP BY` (a tally and a
packed strip: two sums, not one aggregate per count) and returns the rows in league order, each
cell as a value (for tables, JSON, charts) or, for TSV and CSV, its numbers joined into text.

Nothing here binds a value per row: the few values bound are the framework's (its slug, the
means' spellings).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from hmip_cli.queries.filters import Filters, latest_order
from hmip_cli.queries.profiles import NOT_RECORDED_MARK, STRIP_LETTER
from hmip_cli.schemas.frameworks import ProviderType, frameworks
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST
from hmip_cli.store.views import source_kind_sql

NOT_APPLICABLE_MARK = "-"
"""A strip position whose standard the service's provider type is not inspected on."""
STRIP_LETTERS = NOT_RECORDED_MARK + "".join(STRIP_LETTER[r.value] for r in RATINGS_BEST_FIRST)
"""A strip position's 3-bit code as a letter: 0 not recorded, then 1 Outstanding … 4 Inadequate."""
_BEST = RATINGS_BEST_FIRST[0].points
COUNT_KEYS = ("outstanding", "good", "requires_improvement", "inadequate")


def chosen_sql(filters: Filters) -> tuple[str, dict[str, Any]]:
    """`chosen`: the inspections the filters allow, `newest` = 1 on each service's most recent."""
    where, params = filters.where(inspections_only=True)
    sql = (
        "chosen AS (SELECT i.inspection_id, i.service_id, i.service, i.provider_type, i.inspection_year,"
        f" i.published, row_number() OVER (PARTITION BY i.service_id ORDER BY {latest_order('i')}) AS newest"
        f" FROM inspections i WHERE {where})"
    )
    return sql, params


@dataclass(frozen=True)
class Strips:
    """Where each standard of a framework sits in a profile's packed code (3 bits a standard, at
    the standard's position for its provider type in the database's `standards`), and how the
    strip spells it: one letter per standard of the framework, in its order."""

    framework: str
    positions: Mapping[tuple[str, str], int]
    """(provider type, slug) → position (1-based) in the database's standards of the framework."""

    @classmethod
    def read(cls, conn: sqlite3.Connection, framework: str) -> Strips:
        found = conn.execute(
            "SELECT provider_type, slug, position FROM standards WHERE framework = ?", (framework,)
        ).fetchall()
        return cls(framework, {(str(p), str(s)): int(n) for p, s, n in found})

    def _shift(self, provider_type: ProviderType, slug: str) -> int | None:
        """The packed code's bit offset of a standard for a provider type; None when it has none."""
        standard = next((s for s in frameworks()[self.framework].standards if s.slug == slug), None)
        if standard is None or provider_type not in standard.provider_types:
            return None
        position = self.positions.get((provider_type.value, slug))
        return -1 if position is None else 3 * (position - 1)

    def spelled(self, provider_type: str, packed: int) -> str:
        """The strip of one profile (few distinct ones occur: callers cache it)."""
        letters = []
        try:
            kind: ProviderType | None = ProviderType(provider_type)
        except ValueError:
            kind = None
        for standard in frameworks()[self.framework].standards:
            shift = None if kind is None else self._shift(kind, standard.slug)
            if shift is None:
                letters.append(NOT_APPLICABLE_MARK)
            else:
                letters.append(STRIP_LETTERS[(packed >> shift) & 7] if shift >= 0 else NOT_RECORDED_MARK)
        return "".join(letters)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mean_text(points: int, known: int) -> str:
    """The mean points as the writers spell it (two places kept, one shown: render/machine.py)."""
    return f"{round(points / known, 2):.1f}"


def _means_sql(most: int, params: dict[str, Any]) -> str:
    """Mean points as text, read from the spellings of every (known, points) a framework allows,
    bound once (each three characters, 0.0 to 3.0); out of that range, printed by SQLite."""
    width = _BEST * most + 1
    params["lg_means"] = "".join(
        mean_text(points, known) if points <= _BEST * known else "   "
        for known in range(1, most + 1)
        for points in range(width)
    )
    inside = f"p.known BETWEEN 1 AND {most} AND p.points BETWEEN 0 AND {_BEST} * p.known"
    return (
        f"(CASE WHEN {inside} THEN substr(:lg_means, ((p.known - 1) * {width} + p.points) * 3 + 1, 3)"
        " WHEN p.known > 0 THEN printf('%.1f', round(CAST(p.points AS REAL) / p.known, 2)) END)"
    )


def _totals_sql(framework: str) -> str:
    found = frameworks()[framework]
    cases = " ".join(f"WHEN {_literal(p.value)} THEN {len(found.standards_for(p))}" for p in found.provider_types)
    return f"(CASE p.provider_type {cases} ELSE 0 END)"


def _count(n: int) -> str:
    """How many of the standards known are rated the n-th best, read from the packed tally."""
    return f"(p.tally >> {8 * RATINGS_BEST_FIRST[n].points}) & 255"


VALUE_COLUMNS = (
    "p.overall_points, p.service, p.provider_type, p.inspection_year, p.published, p.overall, p.points, p.known,"
    f" {', '.join(f'({_count(n)})' for n in range(len(COUNT_KEYS)))}, p.packed, p.service_id, p.inspection_id,"
    " p.kind, sc.score, sc.out_of"
)
"""The plain select list: what queries/league.py makes each row of (the rank from the first)."""


@dataclass(frozen=True)
class Piece:
    """A part of a league record: one cell Python makes (`made`), one cell of text the database
    holds (`held`: any text an import accepted, so it may need escaping or quoting), or `cells`
    fixed-form cells (numbers, the mean, a source kind) SQLite joined into one text."""

    key: str
    made: bool = False
    held: bool = False
    cells: int = 1


MADE_AS_STREAMED = ("rank", "strip", "framework", "sector")
"""Cells Python makes as the rows stream, cheaper there than in SQL: the rank, from the order the
rows come in (ties share the first's); the strip, from its packed code (few distinct ones); the
framework and sector, the same on every row of a league."""


@dataclass(frozen=True)
class LeagueSql:
    """One framework's league statement, whatever it selects: rows in league order, each row's
    overall points first (the rank is counted from them as the rows stream)."""

    profiled: str
    """`WITH …` up to the `profiled` rows (alias `p` in `select`), joined to HMIP's `scores` (`sc`)."""
    params: dict[str, Any]
    cells: dict[str, tuple[str, bool]]
    """Each LEAGUE_COLUMNS key's cell but those MADE_AS_STREAMED as an SQL expression, and
    whether it is text the database holds (any text an import accepted, so it may need escaping
    or quoting), not a number or a fixed form."""

    def select(self, columns: str) -> str:
        return (
            f"{self.profiled} SELECT p.overall_points, {columns}"
            " FROM profiled p LEFT JOIN scores sc ON sc.inspection_id = p.inspection_id"
            " ORDER BY p.overall_points IS NULL, p.overall_points DESC, p.known = 0,"
            " CAST(p.points AS REAL) / p.known DESC, lower(p.service), p.inspection_id"
        )

    def plain(self) -> str:
        return self.select(VALUE_COLUMNS.removeprefix("p.overall_points, "))

    def records(self, keys: Sequence[str], sep: str) -> tuple[str, list[Piece]]:
        """The statement for records of these cells, `sep` between them: each row's overall
        points, source kind, provider type and packed strip, then one text per Piece that is not
        made (NULL as empty); and the record's pieces, in order."""
        pieces: list[Piece] = []
        selected: list[str] = []
        for key in keys:
            if key in MADE_AS_STREAMED:
                pieces.append(Piece(key, made=True))
                continue
            expression, held = self.cells[key]
            # every text a str: a number as its digits, but a REAL (in a column that lets one in)
            # a float, for Python to spell as its writer does
            text = (
                f"coalesce(CASE typeof({expression}) WHEN 'real' THEN {expression} ELSE {expression} || '' END, '')"
                if held
                else f"coalesce({expression} || '', '')"
            )
            if held or not pieces or pieces[-1].held or pieces[-1].made:
                pieces.append(Piece(key, held=held))
                selected.append(text)
            else:  # a fixed-form cell after another: one text, joined by SQLite
                pieces[-1] = Piece(pieces[-1].key, cells=pieces[-1].cells + 1)
                selected[-1] += f" || {_literal(sep)} || {text}"
        return self.select(", ".join(["p.kind", "p.provider_type", "p.packed", *selected])), pieces


def league_sql(filters: Filters, framework: str, strips: Strips) -> LeagueSql:
    """The league of one framework: each service's most recent inspection among those the filters
    allow, with its standards known (only those of its framework and provider type), their
    points, counts (a tally: 8 bits a rating) and packed strip, the overall rating's source kind
    and HMIP's score, in league order."""
    chosen, params = chosen_sql(filters)
    params.update(lg_framework=framework)
    known = "s.position"  # a rating of a standard of this framework and provider type (else NULL)
    profiled = (
        f"WITH {chosen},"
        " profiled AS (SELECT c.inspection_id, c.service_id, c.service, c.provider_type,"
        " c.inspection_year, c.published, o.rating AS overall, o.points AS overall_points,"
        f" CASE WHEN o.rating IS NOT NULL THEN {source_kind_sql('o.source_url')} END AS kind,"
        f" count({known}) AS known, coalesce(sum(CASE WHEN {known} THEN r.points END), 0) AS points,"
        f" coalesce(sum(CASE WHEN {known} THEN 1 << (8 * r.points) END), 0) AS tally,"
        # a rating's 3-bit code, at its standard's position: 1 Outstanding (3 points) … 4 Inadequate
        f" coalesce(sum(({_BEST + 1} - r.points) << (3 * {known} - 3)), 0) AS packed"
        " FROM chosen c"
        " LEFT JOIN ratings o ON o.inspection_id = c.inspection_id AND o.standard = 'overall'"
        " LEFT JOIN ratings r ON r.inspection_id = c.inspection_id AND r.standard != 'overall'"
        " LEFT JOIN standards s ON s.framework = :lg_framework AND s.provider_type = c.provider_type"
        " AND s.slug = r.standard"
        " WHERE c.newest = 1 GROUP BY c.inspection_id)"
    )
    found = frameworks()[framework]
    held = [sum(1 for p, _ in strips.positions if p == kind.value) for kind in found.provider_types]
    most = max([len(found.standards), *held])  # the most standards a row can know
    cells = {
        "service": ("p.service", True),
        "provider_type": ("p.provider_type", True),
        "year": ("p.inspection_year", True),
        "published": ("p.published", True),
        "overall": ("p.overall", True),
        "mean_points": (_means_sql(most, params), False),
        "standards_known": ("p.known", False),
        "standards_total": (_totals_sql(framework), False),
        "points": ("CASE WHEN p.known THEN p.points END", False),
        **{key: (_count(n), False) for n, key in enumerate(COUNT_KEYS)},
        "service_id": ("p.service_id", True),
        "inspection_id": ("p.inspection_id", True),
        "source_kind": ("p.kind", False),
        "score": ("sc.score", True),  # INTEGER, but a column SQLite lets hold text
        "score_out_of": ("sc.out_of", True),
    }
    return LeagueSql(profiled, params, cells)


def count_sources(conn: sqlite3.Connection, filters: Filters) -> tuple[int, int]:
    """How many overall ratings a league ranks, and how many of them rest on secondary sources:
    one aggregate statement, for a reader of the notes before the rows (which count them)."""
    chosen, params = chosen_sql(filters)
    rated, secondary = conn.execute(
        f"WITH {chosen}, kinds AS (SELECT {source_kind_sql('o.source_url')} AS kind FROM chosen c"
        " JOIN ratings o ON o.inspection_id = c.inspection_id AND o.standard = 'overall' WHERE c.newest = 1)"
        " SELECT count(*), coalesce(sum(kind = 'secondary'), 0) FROM kinds",
        params,
    ).fetchone()
    return int(rated), int(secondary)


def whole_league_ranks(conn: sqlite3.Connection, filters: Filters) -> tuple[dict[int, int], int]:
    """Each overall rating's rank (by its points) in the league the filters make without
    --service, and how many services that league ranks: a service named is placed among every
    service of the scope, never ranked first among the few named."""
    chosen, params = chosen_sql(replace(filters, services=()))
    counted = conn.execute(
        f"WITH {chosen} SELECT o.points, count(*) FROM chosen c JOIN ratings o"
        " ON o.inspection_id = c.inspection_id AND o.standard = 'overall' WHERE c.newest = 1"
        " GROUP BY o.points ORDER BY o.points DESC",
        params,
    ).fetchall()
    ranks, place = {}, 1
    for points, services in counted:
        ranks[points], place = place, place + services
    return ranks, place - 1
