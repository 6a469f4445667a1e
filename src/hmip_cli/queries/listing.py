"""`hmip list`: one row per matching rating, streamed from SQLite."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from hmip_cli.errors import UsageError
from hmip_cli.queries.axis import left_out
from hmip_cli.queries.filters import Filters
from hmip_cli.queries.gaps import gaps_note
from hmip_cli.queries.marks import mark_secondary
from hmip_cli.queries.scope import axis_text, describe
from hmip_cli.queries.service_status import ceased_note
from hmip_cli.schemas.frameworks import OVERALL, SECTOR_OF, ProviderType
from hmip_cli.tabular import Column, CsvLines, Deferred, JsonLines, Result, View, project, shared

DEFAULT_LIST_FIELDS: tuple[str, ...] = (
    "service",
    "provider_type",
    "region",
    "year",
    "published",
    "standard",
    "rating",
    "source_url",
    "note",
)
LIST_COLUMNS: tuple[Column, ...] = (
    *shared(*DEFAULT_LIST_FIELDS, "source_kind", "score", "score_out_of", "framework", "service_id"),
    Column("inspection_id", "Inspection id", "id"),
)

# Read from `rating_details r` (store/views.py): each rating with its inspection and source kind.
_SELECT = {
    **{key: f"r.{key}" for key in DEFAULT_LIST_FIELDS if key != "year"},
    "year": "r.inspection_year",
    "source_kind": "r.source_kind",
    # HMIP's own published score for the inspection, where a source states it: never computed
    "score": "(SELECT s.score FROM scores s WHERE s.inspection_id = r.inspection_id)",
    "score_out_of": "(SELECT s.out_of FROM scores s WHERE s.inspection_id = r.inspection_id)",
    **{key: f"r.{key}" for key in ("framework", "service_id", "inspection_id")},
}

# Sort keys: what users type -> (SQL, descending by default). Unknown values sort last.
SORT_KEYS: dict[str, tuple[str, bool]] = {
    "service": ("r.service COLLATE NOCASE", False),
    "type": ("r.provider_type", False),
    "provider_type": ("r.provider_type", False),
    "region": ("r.region", False),
    "year": ("r.inspection_year", False),
    "published": ("r.published", False),
    "standard": ("r.standard", False),
    "rating": ("r.points", True),
}
DEFAULT_SORT = ("year", "published", "service")
_TIEBREAK = "r.inspection_id, (r.standard != 'overall'), r.standard"


def order_by(sort: Sequence[str]) -> str:
    """ORDER BY for --sort keys (prefix `-` to reverse); a stable tiebreak always follows."""
    parts = []
    for key in sort or DEFAULT_SORT:
        name = key.lstrip("-").strip().lower()
        if name not in SORT_KEYS:
            raise UsageError(
                f"--sort {key!r}: unknown sort key (accepted: {', '.join(SORT_KEYS)}; prefix - to reverse)"
            )
        expression, descending = SORT_KEYS[name]
        if key.startswith("-"):
            descending = not descending
        parts.append(f"{expression} IS NULL, {expression}{' DESC' if descending else ''}")
    return ", ".join([*parts, _TIEBREAK])


def list_ratings(
    conn: sqlite3.Connection,
    filters: Filters,
    *,
    sort: Sequence[str] = (),
    limit: int | None = None,
    fields: Sequence[str] | None = None,
) -> Result:
    """One view of the DEFAULT_LIST_FIELDS; --fields (tabular.project) may name any of
    LIST_COLUMNS, and the store then selects just those. `fields`: that projection, for a caller
    that wants some columns itself."""
    where, params = filters.where(alias="r")
    rest = f"FROM rating_details r WHERE {where} ORDER BY {order_by(sort)}"
    if limit is not None:  # never negative: the option's range says so
        rest += " LIMIT :limit"
        params["limit"] = limit
    notes = [*(e.note for e in left_out(conn, filters)), *_coverage(conn, filters)]
    notes += ceased_note(conn, filters)
    # a listing of a period or of "now" names the inspections it is known to lack
    timed = filters.axes or filters.latest
    if timed and filters.standards == (OVERALL,) and not any("not recorded here:" in n for n in notes):
        notes += gaps_note(conn, filters)

    def counted() -> str:
        return _counted(conn, filters, where, params)

    def view_of(columns: Sequence[Column]) -> View:
        # cursors stream rows to the writer; nothing holds them all in memory. Only the form the
        # writer asks for runs: plain rows, or (json, ndjson) each row as JSON text built by SQLite.
        selected = [_SELECT[c.key] for c in columns]
        rating_at = next((i for i, c in enumerate(columns) if c.key == "rating"), None)
        if rating_at is None:
            plain = f"SELECT {', '.join(selected)} {rest}"
            rows = Deferred(lambda: conn.execute(plain, params))
        else:  # the rating's source kind rides along, to mark a secondary-sourced rating in a table
            plain = f"SELECT {', '.join([*selected, _SELECT['source_kind']])} {rest}"
            rows = Deferred(lambda: mark_secondary(conn.execute(plain, params), rating_at))
        encoded = f"SELECT {json_object_sql([(c.key, _SELECT[c.key]) for c in columns])} {rest}"
        json_lines = (
            JsonLines(tuple(c.key for c in columns), lambda: _first_cells(conn.execute(encoded, params)))
            if sqlite3.sqlite_version_info >= JSON_BUILT_IN
            else None  # an older SQLite may lack json_quote: the Python writer encodes the rows
        )
        as_csv = f"SELECT {csv_record_sql([(_SELECT[c.key], c.key in FREE_TEXT) for c in columns])} {rest}"
        csv_lines = (
            # one column: csv writes a lone empty cell as "" (a blank line would read as no record)
            CsvLines(tuple(c.key for c in columns), lambda: _first_cells(conn.execute(as_csv, params)))
            if len(columns) > 1
            else None
        )
        return View(
            "ratings",
            _title(filters),
            list(columns),
            rows,
            notes=notes,
            summary=counted,
            json_lines=json_lines,
            csv_lines=csv_lines,
            fields=LIST_COLUMNS,
            narrow=view_of,
        )

    default = view_of([c for c in LIST_COLUMNS if c.key in DEFAULT_LIST_FIELDS])
    return project(Result([default]), fields)


JSON_BUILT_IN = (3, 38, 0)
"""The SQLite that always has the JSON functions (earlier builds may leave them out)."""


def json_object_sql(fields: Sequence[tuple[str, str]]) -> str:
    """SQL for one JSON object per row, the same text Python's json module writes for the same
    values (`{"key": value, ...}`, ", " and ": " between, non-ASCII kept): json_quote escapes
    text as Python does and spells NULL `null` and integers as digits. Floats it would spell
    differently (15 significant digits), so only TEXT and INTEGER columns belong here."""
    parts = []
    for position, (key, expression) in enumerate(fields):
        before = ("{" if position == 0 else ", ") + json.dumps(key, ensure_ascii=False) + ": "
        parts.append("'" + before.replace("'", "''") + "'")
        parts.append(f"json_quote({expression})")
    return " || ".join([*parts, "'}'"]) if parts else "'{}'"


FREE_TEXT = frozenset({"service", "region", "source_url", "note", "service_id", "inspection_id"})
"""Listing columns whose values are any text an import gave (names, notes, URLs, ids). The others
hold only what an import validated into a fixed spelling (a rating, a provider type, a
framework or standard slug, a programme year, a partial date, a source kind), none of which can
hold a comma, a quote or a line break: their CSV cells never need quoting."""


def csv_record_sql(cells: Sequence[tuple[str, bool]]) -> str:
    """SQL for one CSV record per row, the text Python's csv writer makes of the same values
    (RFC 4180, minimal quoting: a value holding a comma, a quote, LF or CR is quoted, its quotes
    doubled; NULL is empty). `cells`: (expression, whether it can need quoting at all).

    One printf() per record, whose %s spells NULL as empty, and GLOB '*,*' to find a character
    (strcspn, where instr compares byte by byte): a chain of `||` copied the growing record once
    per cell, and the two cost about as much again as the sqlite3 CLI's whole -csv output
    (bench/listing_csv.py). Both stop at a NUL, which no import stores (every reader refuses
    it); a free-text value holding one anyway takes the exact form, `||` and instr."""
    if not cells:
        return "''"
    found = [_quoted(e, _GLOB) if free else e for e, free in cells]
    fast = f"printf('{','.join('%s' for _ in cells)}', {', '.join(found)})"
    nul = " OR ".join(f"instr({e}, char(0))" for e, free in cells if free)
    if not nul:
        return fast
    exact = " || ',' || ".join(f"coalesce({_quoted(e, _INSTR) if free else e}, '')" for e, free in cells)
    return f"CASE WHEN {nul} THEN {exact} ELSE {fast} END"


_GLOB = "{e} GLOB '*,*' OR {e} GLOB '*\"*' OR {e} GLOB '*' || char(10) || '*' OR {e} GLOB '*' || char(13) || '*'"
_INSTR = "instr({e}, ',') OR instr({e}, '\"') OR instr({e}, char(10)) OR instr({e}, char(13))"


def _quoted(expression: str, needs_quotes: str) -> str:
    e = expression
    return f"CASE WHEN {needs_quotes.format(e=e)} THEN '\"' || replace({e}, '\"', '\"\"') || '\"' ELSE {e} END"


def _first_cells(cursor: sqlite3.Cursor) -> Iterable[str]:
    return (line for (line,) in cursor)


def _title(filters: Filters) -> str:
    what = "Overall ratings" if filters.standards == (OVERALL,) else "Ratings"
    if filters.ratings:
        what += " " + " or ".join(filters.ratings)
    window = axis_text(filters)
    return f"{what}: {describe(filters)}" + (f", {window}" if window else "")


def _counted(conn: sqlite3.Connection, filters: Filters, where: str, params: dict[str, Any]) -> str:
    # one row per sector: a listing of both says how many of each, never only a sum of the two
    by_sector = conn.execute(
        "SELECT r.sector, count(*), count(DISTINCT r.inspection_id), count(DISTINCT r.service_id)"
        f" FROM rating_details r WHERE {where} GROUP BY r.sector ORDER BY r.sector",
        {k: v for k, v in params.items() if k != "limit"},
    ).fetchall()
    shown = "" if "limit" not in params else f" (at most {params['limit']} shown)"
    total = _count_words(*(sum(row[i] for row in by_sector) for i in (1, 2, 3))) + shown
    if len(by_sector) < 2:
        return total
    return f"{total}: " + "; ".join(f"{sector} {_count_words(*counts)}" for sector, *counts in by_sector)


def _count_words(ratings: int, inspections: int, services: int) -> str:
    return (
        f"{ratings} rating{'s' if ratings != 1 else ''} from {inspections} inspection{'s' if inspections != 1 else ''}"
        f" of {services} service{'s' if services != 1 else ''}"
    )


def _coverage(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    """HMIP's total for the listing's exact scope (one sector, one period), beside ours."""
    if filters.standards != (OVERALL,) or len(filters.axes) != 1:
        return []
    # imported here: a listing of no one period (most of them) never needs it (start-up)
    from hmip_cli.queries.axis import points
    from hmip_cli.queries.coverage import notes_for, published_totals

    (axis,) = filters.axes
    sectors = filters.sectors or tuple(sorted({SECTOR_OF[ProviderType(t)].value for t in filters.types}))
    chosen = points(filters, axis)
    if len(sectors) != 1 or len(chosen) != 1:
        return []
    totals, _ = published_totals(conn)
    return notes_for(conn, totals, replace(filters, ratings=()), sectors[0], chosen[0], label="")
