"""Per-inspection standard profiles: known points, how many standards are known, a strip."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hmip_cli.queries.marks import marked_rating
from hmip_cli.schemas.ratings import Rating

STRIP_LETTER = {
    Rating.OUTSTANDING.value: "O",
    Rating.GOOD.value: "G",
    Rating.REQUIRES_IMPROVEMENT.value: "R",
    Rating.INADEQUATE.value: "I",
}
NOT_RECORDED_MARK = "·"


@dataclass(frozen=True)
class Profile:
    """Standards of the inspection's framework, in framework order, with the ratings known."""

    standards: tuple[str, ...]
    ratings: dict[str, str]

    @property
    def known(self) -> int:
        return sum(1 for s in self.standards if s in self.ratings)

    @property
    def points(self) -> int:
        """Sum of known standard points only: never a guess at the missing ones."""
        return sum(Rating(self.ratings[s]).points for s in self.standards if s in self.ratings)

    def count(self, rating: Rating) -> int:
        return sum(1 for s in self.standards if self.ratings.get(s) == rating.value)

    @property
    def points_text(self) -> str:
        """`7 pts, 6/10 known`; no points where no standard is known (0 would read as a score)."""
        known = f"{self.known}/{len(self.standards)} known"
        return f"{self.points} pts, {known}" if self.known else known


def profiles(conn: sqlite3.Connection, where: str, params: Sequence[Any] | Mapping[str, Any]) -> dict[str, Profile]:
    """The profile of every inspection `i` that `where` chooses (a condition on `inspections i`
    with its own few parameters: never one per inspection)."""
    standards: dict[str, list[str]] = {}
    for inspection_id, slug in conn.execute(
        "SELECT i.inspection_id, s.slug FROM inspections i LEFT JOIN standards s"
        " ON s.framework = i.framework AND s.provider_type = i.provider_type"
        f" WHERE {where} ORDER BY i.inspection_id, s.position",
        params,
    ):
        found = standards.setdefault(inspection_id, [])
        if slug is not None:
            found.append(slug)
    ratings: dict[str, dict[str, str]] = {i: {} for i in standards}
    for inspection_id, standard, rating, kind in conn.execute(
        "SELECT r.inspection_id, r.standard, r.rating, r.source_kind FROM sourced_ratings r JOIN inspections i"
        f" ON i.inspection_id = r.inspection_id WHERE ({where}) AND r.standard != 'overall'",
        params,
    ):
        # a rating stated outside HMIP's site is marked wherever it is shown (Good†)
        ratings[inspection_id][standard] = marked_rating(rating, kind) or rating
    return {i: Profile(tuple(standards[i]), ratings[i]) for i in standards}
