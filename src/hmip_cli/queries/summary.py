"""`hmip summary`: rating counts by a dimension; by standard, the weakest stands out."""

from __future__ import annotations

import sqlite3

from hmip_cli.errors import UsageError
from hmip_cli.queries.distribution import APPLICABLE, COUNT_COLUMNS, COUNT_SQL, INSPECTION_RATING_FROM
from hmip_cli.queries.filters import Filters
from hmip_cli.tabular import Column, Result, View

DIMENSIONS: dict[str, tuple[str, str]] = {
    "year": ("i.inspection_year", "Year"),
    "type": ("i.provider_type", "Type"),
    "region": ("i.region", "Region"),
    "framework": ("i.framework", "Framework"),
    "standard": ("s.slug", "Standard"),
}
_WEAK_SHARE = (
    "round(100.0 * (sum(r.rating = 'Requires improvement') + sum(r.rating = 'Inadequate'))"
    " / nullif(count(r.rating), 0), 1)"
)


def summarise(conn: sqlite3.Connection, filters: Filters, by: str, standard: str) -> Result:
    if by not in DIMENSIONS:
        raise UsageError(f"--by {by!r}: unknown dimension (accepted: {', '.join(DIMENSIONS)})")
    expression, label = DIMENSIONS[by]
    where, params = filters.where(inspections_only=True)
    if by == "standard":
        # every standard each inspection's framework has, rated or not; the overall rating is not a standard
        source = (
            "inspections i JOIN standards s ON s.framework = i.framework AND s.provider_type = i.provider_type"
            " LEFT JOIN ratings r ON r.inspection_id = i.inspection_id AND r.standard = s.slug"
        )
        order = "share_weak IS NULL, share_weak DESC, rated DESC, 1"
        applicable = "1"
        title = "Standard ratings by standard (weakest first)"
    else:
        source, applicable = INSPECTION_RATING_FROM, APPLICABLE
        order = "1 IS NULL, 1"
        title = f"{'Overall' if standard == 'overall' else standard} ratings by {by}"
    sql = (
        f"SELECT {expression}, count(r.rating) AS rated, {COUNT_SQL}, {_WEAK_SHARE} AS share_weak"
        f" FROM {source} WHERE {where} AND {applicable} GROUP BY 1 ORDER BY {order}"
    )
    rows = conn.execute(sql, {**params, "standard": standard}).fetchall()
    columns = (
        Column(by, label),
        Column("rated", "Rated", "int"),
        *COUNT_COLUMNS,
        Column("share_ri_or_inadequate", "% RI or Inadequate", "float"),
    )
    return Result([View(f"by_{by}", title, columns, rows)])
