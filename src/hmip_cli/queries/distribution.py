"""Counting ratings: one standard per inspection, with Not recorded counted, never filled in."""

from __future__ import annotations

from hmip_cli.schemas.ratings import NOT_RECORDED, RATINGS_BEST_FIRST
from hmip_cli.tabular import Column

COUNT_COLUMNS: tuple[Column, ...] = (
    *(Column(r.key, r.value, "int") for r in RATINGS_BEST_FIRST),
    Column("not_recorded", NOT_RECORDED, "int"),
)

COUNT_SQL = ", ".join([*(f"sum(r.rating = '{r.value}')" for r in RATINGS_BEST_FIRST), "sum(r.rating IS NULL)"])

# Inspections joined to their rating for one standard (bound twice as :standard), through the
# views that give each its sector and the rating its source's kind; an inspection whose
# framework has no such standard is left out rather than counted as not recorded.
INSPECTION_RATING_FROM = (
    "inspection_details i LEFT JOIN sourced_ratings r ON r.inspection_id = i.inspection_id AND r.standard = :standard"
)
APPLICABLE = (
    "(:standard = 'overall' OR EXISTS (SELECT 1 FROM standards s WHERE s.framework = i.framework"
    " AND s.provider_type = i.provider_type AND s.slug = :standard))"
)
