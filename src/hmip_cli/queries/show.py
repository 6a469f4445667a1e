"""`hmip show SERVICE`: every inspection of one service, standard by standard, with sources."""

from __future__ import annotations

import sqlite3

from hmip_cli.errors import UsageError
from hmip_cli.queries.profiles import profiles
from hmip_cli.tabular import Column, Result, View


def find_service(conn: sqlite3.Connection, text: str) -> str:
    """A service id from its id, or any name it has had (case-insensitive; a unique part is enough)."""
    wanted = text.strip().lower()
    rows: list[tuple[str, str, str]] = conn.execute(
        "SELECT DISTINCT s.service_id, s.name, i.service FROM services s"
        " JOIN inspections i ON i.service_id = s.service_id"
    ).fetchall()
    exact = {sid for sid, name, then in rows if wanted in (sid.lower(), name.lower(), then.lower())}
    if len(exact) == 1:
        return exact.pop()
    partial = sorted(
        {(name, sid) for sid, name, then in rows if wanted in name.lower() or wanted in then.lower() or wanted in sid}
    )
    if len(partial) == 1:
        return partial[0][1]
    if not partial:
        from hmip_cli.queries.suggestions import closest

        near = closest(text, {name for _, name, _ in rows} | {then for _, _, then in rows})
        hint = f"closest: {'; '.join(near)}" if near else "see `hmip list` for the names"
        raise UsageError(f"no service matches {text!r} ({hint})")
    shown = "; ".join(name for name, _ in partial[:12]) + (f"; … {len(partial) - 12} more" if len(partial) > 12 else "")
    raise UsageError(f"{text!r} matches {len(partial)} services: {shown}")


def _label(year: str | None, published: str | None, inspection_id: str) -> str:
    return year or published or inspection_id


def show_service(conn: sqlite3.Connection, text: str) -> Result:
    service_id = find_service(conn, text)
    inspections = conn.execute(
        "SELECT i.inspection_id, i.service, i.provider_type, i.region, i.framework, i.inspection_year,"
        " i.fieldwork_start, i.published, r.rating FROM inspections i"
        " LEFT JOIN ratings r ON r.inspection_id = i.inspection_id AND r.standard = 'overall'"
        " WHERE i.service_id = ? ORDER BY i.published IS NULL, i.published, i.inspection_year, i.inspection_id",
        [service_id],
    ).fetchall()
    found = profiles(conn, [row[0] for row in inspections])
    name = inspections[-1][1]
    summary = View(
        "inspections",
        f"{name} ({service_id}): inspections",
        (
            Column("inspection_id", "Inspection"),
            Column("service", "Name then"),
            Column("provider_type", "Type", "short"),
            Column("region", "Region"),
            Column("framework", "Framework", "short"),
            Column("year", "Year", "short"),
            Column("fieldwork_start", "Fieldwork", "short"),
            Column("published", "Published", "short"),
            Column("overall", "Overall", "rating"),
            Column("points", "Points", "int"),
            Column("standards_known", "Known", "int"),
            Column("standards_total", "Of", "int"),
        ),
        [(*row, found[row[0]].points, found[row[0]].known, len(found[row[0]].standards)) for row in inspections],
    )
    standards: list[str] = []
    for row in inspections:
        standards.extend(s for s in found[row[0]].standards if s not in standards)
    grid = View(
        "grid",
        f"{name}: ratings by standard (n/a: not in that inspection's framework)",
        (
            Column("inspection", "Standard"),
            Column("overall", "overall", "rating"),
            *(Column(s.replace("-", "_"), s, "rating") for s in standards),
        ),
        [
            (
                _label(row[5], row[7], row[0]),
                row[8],
                *(found[row[0]].ratings.get(s) if s in found[row[0]].standards else "n/a" for s in standards),
            )
            for row in inspections
        ],
        transpose_table=True,
    )
    sources = View(
        "sources",
        f"{name}: where each rating is stated",
        (
            Column("inspection_id", "Inspection"),
            Column("standard", "Standard"),
            Column("rating", "Rating", "rating"),
            Column("source_url", "Source", "url"),
            Column("note", "Note"),
        ),
        conn.execute(
            "SELECT r.inspection_id, r.standard, r.rating, r.source_url, r.note FROM ratings r"
            " JOIN inspections i ON i.inspection_id = r.inspection_id WHERE i.service_id = ?"
            " ORDER BY i.published IS NULL, i.published, i.inspection_id, r.standard != 'overall', r.standard",
            [service_id],
        ).fetchall(),
    )
    return Result([summary, grid, sources], tag_views=True)
