"""Per-inspection standard profiles: known points, how many standards are known, a strip."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

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
        return f"{self.points} pts, {self.known}/{len(self.standards)} known"


def profiles(conn: sqlite3.Connection, inspection_ids: Sequence[str]) -> dict[str, Profile]:
    if not inspection_ids:
        return {}
    marks = ",".join("?" * len(inspection_ids))
    standards: dict[str, list[str]] = {i: [] for i in inspection_ids}
    for inspection_id, slug in conn.execute(
        "SELECT i.inspection_id, s.slug FROM inspections i JOIN standards s"
        " ON s.framework = i.framework AND s.provider_type = i.provider_type"
        f" WHERE i.inspection_id IN ({marks}) ORDER BY i.inspection_id, s.position",
        list(inspection_ids),
    ):
        standards[inspection_id].append(slug)
    ratings: dict[str, dict[str, str]] = {i: {} for i in inspection_ids}
    for inspection_id, standard, rating in conn.execute(
        f"SELECT inspection_id, standard, rating FROM ratings WHERE inspection_id IN ({marks})"
        " AND standard != 'overall'",
        list(inspection_ids),
    ):
        ratings[inspection_id][standard] = rating
    return {i: Profile(tuple(standards[i]), ratings[i]) for i in inspection_ids}
