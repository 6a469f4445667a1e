"""`hmip league`: one table per framework, ranked by overall rating, in SQL.

The rule, stated in `--help` and docs/analysis.md: services are ranked by their overall rating
alone, and every service with the same overall rating shares one rank (`=5`). Within a rank they
are listed by the mean points of the standards whose ratings are recorded here (Outstanding 3,
Good 2, Requires improvement 1, Inadequate 0), then those with no standard recorded, then by
name: an order for reading, never a different rank number, since what happens to be recorded is
not a measure. A service with no overall rating recorded has no rank and comes last. Frameworks'
standards differ, so one framework's services are never ranked against another's.

Each framework's table is one statement (queries/league_sql.py): each service's chosen
inspection by a window (`row_number`), its standards' counts, points and packed strip by
`GROUP BY`, its overall rating's source kind; rows stream from SQLite in league order, and no
statement binds a value per inspection. As they stream, each row gets its rank (the position of
the first row with its overall rating: SQLite's `rank()` window cost more than the whole sort),
its strip (spelled once per distinct packed code) and its count towards the note on secondary
sources (no second statement). For TSV and CSV, SQLite joins the numbers of a record into text
and Python puts the rest in, escaping only a record whose text shows it needs it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import SupportsIndex, overload

from hmip_cli.queries.filters import Filters
from hmip_cli.queries.league_sql import (
    MADE_AS_STREAMED,
    NOT_APPLICABLE_MARK,
    LeagueSql,
    Strips,
    count_sources,
    league_sql,
    whole_league_ranks,
)
from hmip_cli.queries.marks import marked_rating, secondary_note
from hmip_cli.queries.scope import Block, axis_text, framework_blocks
from hmip_cli.schemas.frameworks import frameworks
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST
from hmip_cli.schemas.sources import SourceKind
from hmip_cli.tabular import Column, CsvLines, Deferred, Result, TsvLines, View, blocks, pick_columns, project, shared

__all__ = ["DEFAULT_LEAGUE_FIELDS", "LEAGUE_COLUMNS", "NOT_APPLICABLE_MARK", "league_table", "strip_key"]

LEAGUE_COLUMNS: tuple[Column, ...] = (
    Column("rank", "#", "rank"),
    *shared("service", "provider_type", "year", "published", "overall"),
    Column("mean_points", "Mean pts", "float"),
    *shared("standards_known", "standards_total", "points"),
    # a count of each rating among the standards known, headed by its letter
    *(Column(r.key, letter, "int") for r, letter in zip(RATINGS_BEST_FIRST, ("O", "G", "RI", "I"), strict=True)),
    Column("strip", "Standards", "strip"),
    Column("framework", "Framework", "short", in_table=False),
    Column("sector", "Sector", "short", in_table=False),
    *shared("service_id"),
    Column("inspection_id", "Inspection id", "id"),
    *shared("source_kind", "score", "score_out_of"),
)
DEFAULT_LEAGUE_FIELDS: tuple[str, ...] = (
    "rank",
    "service",
    "provider_type",
    "year",
    "published",
    "overall",
    "mean_points",
    "standards_known",
    "standards_total",
    "outstanding",
    "good",
    "requires_improvement",
    "inadequate",
    "strip",
    "framework",
    "score",
    "score_out_of",
)


@dataclass
class _Tally:
    """How many overall ratings one league's rows ranked, and how many rest on secondary sources:
    counted as the rows stream, set once a pass over them has ended."""

    counts: tuple[int, int] | None = None


class _SourcesNote(list[str]):
    """The note under a league on its secondary sources, made when first read. A writer reads
    notes after the rows (render/output.py emit), and then the rows have counted them; a reader
    of the notes first pays one aggregate statement of its own (league_sql.count_sources)."""

    def __init__(self, conn: sqlite3.Connection, filters: Filters, tally: _Tally, first: Sequence[str] = ()) -> None:
        super().__init__(first)
        self._made: Callable[[], tuple[int, int]] | None = lambda: tally.counts or count_sources(conn, filters)

    def _make(self) -> None:
        if self._made is not None:
            rated, secondary = self._made()
            self._made = None
            super().extend(secondary_note(secondary, rated, "overall ratings ranked", marked=True))

    def __iter__(self) -> Iterator[str]:
        self._make()
        return super().__iter__()

    def __len__(self) -> int:
        self._make()
        return super().__len__()

    def __contains__(self, item: object) -> bool:
        self._make()
        return super().__contains__(item)

    @overload
    def __getitem__(self, index: SupportsIndex) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> str | list[str]:
        self._make()
        return super().__getitem__(index)

    def __eq__(self, other: object) -> bool:
        self._make()
        return list(self) == other

    __hash__ = None

    def __repr__(self) -> str:
        self._make()
        return super().__repr__()


def strip_key(framework: str) -> str:
    """What each strip position stands for: `1 1.1 Leadership, 2 1.2 Staff, …`."""
    names = [
        f"{position} {s.code + ' ' if s.code else ''}{s.name}"
        for position, s in enumerate(frameworks()[framework].standards, start=1)
    ]
    return "Standards, in strip order: " + ", ".join(names)


def _rows(
    conn: sqlite3.Connection, block: Block, sql: LeagueSql, strips: Strips, tally: _Tally, ranks: Ranks
) -> Iterator[tuple[object, ...]]:
    """The block's rows, every LEAGUE_COLUMNS cell as a value (for tables, JSON, charts)."""
    framework, sector = block.framework or "", block.sector.value
    found = frameworks()[framework]
    totals = {p.value: len(found.standards_for(p)) for p in found.provider_types}
    spelled: dict[tuple[str, int], str] = {}
    rated = secondary = 0
    last: object = _NOTHING
    rank: int | None = None
    for position, row in enumerate(conn.execute(sql.plain(), sql.params), start=1):
        overall_points, service, provider_type, year, published, overall, points, known, *rest = row
        *counts, packed, service_id, inspection_id, kind, score, out_of = rest
        if overall_points != last:  # ties share the rank of the first (rows come in league order)
            last, rank = overall_points, None if overall_points is None else ranks.get(overall_points, position)
        strip = spelled.get((provider_type, packed))
        if strip is None:
            strip = spelled[(provider_type, packed)] = strips.spelled(provider_type, packed)
        if kind is not None:
            rated += 1
            secondary += kind == SourceKind.SECONDARY
        yield (
            rank,
            service,
            provider_type,
            year,
            published,
            marked_rating(overall, kind),
            round(points / known, 2) if known else None,
            known,
            totals.get(provider_type, 0),
            points if known else None,
            *counts,
            strip,
            framework,
            sector,
            service_id,
            inspection_id,
            kind,
            score,
            out_of,
        )  # fmt: skip  (points: empty, not 0, when no standard is known)
    tally.counts = (rated, secondary)


_NOTHING = object()
"""No overall points seen yet (None is a value: no overall rating)."""

Ranks = dict[int, int]
"""Overall points -> rank, where ranks come from a wider league than the rows (--service);
empty: each rating's rank is the position of its first row."""


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
"""TSV's escapes, as the writer makes them (render/safe.py tsv_cell): test_league_sql.py compares."""


def _tsv_cell(text: str) -> str:
    return text.translate(_TSV_ESCAPES)


def _csv_cell(text: str) -> str:
    """A CSV cell as Python's csv writer quotes it (render/machine.py): only when it must."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


_FORMS = {"\t": (_tsv_cell, "\\"), ",": (_csv_cell, '"')}
"""Per delimiter: how a cell of any text is written, and the character (besides the delimiter, LF
and CR) that means some cell of a record needs it."""


def _records(
    conn: sqlite3.Connection,
    block: Block,
    sql: LeagueSql,
    strips: Strips,
    tally: _Tally,
    ranks: Ranks,
    keys: Sequence[str],
    sep: str,
) -> Iterator[str]:
    """Records (TSV or CSV) of these cells: the fixed-form cells joined by SQLite, the rank and
    strip put in as they stream, the database's text as it is unless a record's text shows that a
    cell needs escaping or quoting (then that record is made again, cell by cell), and each
    overall's source kind counted for the tally."""
    statement, pieces = sql.records(keys, sep)
    cell, special = _FORMS[sep]
    made = ["rank", "strip", *(k for k in MADE_AS_STREAMED if k not in ("rank", "strip"))]
    constants = (block.framework or "", block.sector.value)
    selected = sum(not piece.made for piece in pieces)
    # each record's parts, in order, from the row's selected texts followed by the cells made here
    places, texts = [], 0
    for piece in pieces:
        places.append(selected + made.index(piece.key) if piece.made else texts)
        texts += not piece.made
    ordered = itemgetter(*places) if len(places) > 1 else lambda values: (values[places[0]],)
    held = [piece.held or piece.key in ("framework", "sector") for piece in pieces]
    separators = len(keys) - 1
    spelled: dict[tuple[str, int], str] = {}
    rated = secondary = 0
    last: object = _NOTHING
    rank = ""
    for position, (overall_points, kind, provider_type, packed, *cells) in enumerate(
        conn.execute(statement, sql.params), start=1
    ):
        if kind is not None:
            rated += 1
            secondary += kind == SourceKind.SECONDARY
        if overall_points != last:  # ties share the rank of the first (rows come in league order)
            last, rank = overall_points, "" if overall_points is None else str(ranks.get(overall_points, position))
        strip = spelled.get((provider_type, packed))
        if strip is None:
            strip = spelled[(provider_type, packed)] = strips.spelled(provider_type, packed)
        cells += (rank, strip, *constants)
        parts = ordered(cells)
        try:
            record = sep.join(parts)
        except TypeError:  # a value that is not text (a REAL score): made cell by cell below
            record = sep
        if record.count(sep) != separators or special in record or "\n" in record or "\r" in record:
            record = sep.join(cell(str(v)) if careful else v for v, careful in zip(parts, held, strict=True))
        yield record
    tally.counts = (rated, secondary)


def _view(conn: sqlite3.Connection, block: Block, title: str, key: str) -> Callable[[Sequence[Column]], View]:
    """The block's league view of any of LEAGUE_COLUMNS (--fields): each form the writer may ask
    for (plain rows, TSV or CSV records) one statement, run only if asked."""
    strips = Strips.read(conn, block.framework or "")
    sql = league_sql(block.filters, block.framework or "", strips)
    tally = _Tally()
    ranks: Ranks = {}
    placed = []
    if block.filters.services:  # a service's place in the whole league, not among those named
        ranks, ranked = whole_league_ranks(conn, block.filters)
        placed = [f"# is each service's rank among all {ranked} services this league ranks without --service"]
    notes = _SourcesNote(conn, block.filters, tally, placed)
    positions = {c.key: i for i, c in enumerate(LEAGUE_COLUMNS)}

    def view_of(columns: Sequence[Column]) -> View:
        keys = tuple(c.key for c in columns)
        picks = [positions[k] for k in keys]
        rows = Deferred(lambda: (tuple(row[i] for i in picks) for row in _rows(conn, block, sql, strips, tally, ranks)))
        return View(
            "league",
            title,
            [replace(c, legend=key) if c.kind == "strip" else c for c in columns],
            rows,
            notes=notes,
            tsv_lines=TsvLines(keys, lambda: _records(conn, block, sql, strips, tally, ranks, keys, "\t")),
            # one column: csv writes a lone empty cell as "" (a blank line would read as no record)
            csv_lines=(
                CsvLines(keys, lambda: _records(conn, block, sql, strips, tally, ranks, keys, ","))
                if len(keys) > 1
                else None
            ),
            fields=LEAGUE_COLUMNS,
            narrow=view_of,
        )

    return view_of


def league_table(conn: sqlite3.Connection, filters: Filters, fields: Sequence[str] | None = None) -> Result:
    """One ranked view per framework in scope; each service's latest inspection there counts."""
    views = []
    window = axis_text(replace(filters, frameworks=()))
    for block in framework_blocks(conn, filters):
        latest = "" if filters.latest else ", latest inspection of each service"  # --latest: the scope says so
        title = f"League table: {block.scope}" + (f", {window}" if window else latest)
        view_of = _view(conn, block, title, strip_key(block.framework or ""))
        views.append(view_of(pick_columns(DEFAULT_LEAGUE_FIELDS, LEAGUE_COLUMNS)))
    return project(blocks(views), fields)
