"""The four-point rating scale HMI Probation uses, and a forgiving parser for it."""

from __future__ import annotations

import re
from enum import StrEnum

NOT_RECORDED = "Not recorded"


class Rating(StrEnum):
    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"

    @property
    def points(self) -> int:
        return _POINTS[self]

    @property
    def key(self) -> str:
        """snake_case name used as a column in machine output."""
        return self.value.lower().replace(" ", "_")

    # All four, by points. functools.total_ordering would not fill in >, <= and >= here: str
    # already defines them, so `Good > Requires improvement` would compare the words.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Rating):
            return NotImplemented
        return self.points < other.points

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Rating):
            return NotImplemented
        return self.points <= other.points

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Rating):
            return NotImplemented
        return self.points > other.points

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Rating):
            return NotImplemented
        return self.points >= other.points

    def __str__(self) -> str:
        return self.value


_POINTS = {
    Rating.OUTSTANDING: 3,
    Rating.GOOD: 2,
    Rating.REQUIRES_IMPROVEMENT: 1,
    Rating.INADEQUATE: 0,
}

# Best first: the order tables and distributions use.
RATINGS_BEST_FIRST: tuple[Rating, ...] = tuple(sorted(Rating, reverse=True))

ACCEPTED_RATINGS = "Outstanding, Good, Requires improvement (RI), Inadequate"

_ALIASES: dict[str, Rating] = {
    "outstanding": Rating.OUTSTANDING,
    "good": Rating.GOOD,
    "requires improvement": Rating.REQUIRES_IMPROVEMENT,
    "requires improvements": Rating.REQUIRES_IMPROVEMENT,
    "ri": Rating.REQUIRES_IMPROVEMENT,
    "r i": Rating.REQUIRES_IMPROVEMENT,
    "inadequate": Rating.INADEQUATE,
}

_SEPARATORS = re.compile(r"[\s_\-.]+")


def normalise_words(text: str) -> str:
    """Lower case, with runs of spaces, hyphens, underscores and dots folded to one space."""
    return _SEPARATORS.sub(" ", text).strip().lower()


def parse_rating(text: object) -> Rating:
    """Read a rating in any case and the usual spellings; raise ValueError naming the accepted values."""
    if isinstance(text, Rating):
        return text
    if not isinstance(text, str):
        raise ValueError(f"a rating must be text, not {type(text).__name__} (accepted: {ACCEPTED_RATINGS})")
    rating = _ALIASES.get(normalise_words(text))
    if rating is None:
        raise ValueError(f"unknown rating {text!r} (accepted: {ACCEPTED_RATINGS})")
    return rating
