"""A report's ratings table, found in its text and mapped to a framework's standards, never guessed.

Two layouts, as real sources print them:
(a) one line per standard, `CODE NAME RATING` (`2.1 Assessment Requires improvement`), as HMIP's
    ratings page prints it and as text taken from its PDF gives it, sometimes with a stray
    marker letter before the code;
(b) numbered section headings (`2. Court disposals`), each followed by a block of standard
    names and then a block of ratings in the same order, as councils reproduce the table.
`Overall rating Good (25/36)` (any case, score optional; in (b) the label and its value may sit on
lines of their own, like the rest of that table) gives the overall rating and HMIP's score.

A line counts as part of the table only when its name is the framework's name for its code (a)
or for a standard of its section (b): numbered paragraphs, headings and page furniture around
the table are passed over. Inside the table nothing is guessed: a rating line that maps to no
standard, a word outside the rating scale, a standard named twice, a block whose names and
ratings differ in number, or a section that is not the framework's is a located problem.
Layout (b) is read in ratings_blocks.py, on the parts defined here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.schemas.frameworks import Framework, ProviderType, Standard
from hmip_cli.schemas.ratings import ACCEPTED_RATINGS, Rating, parse_rating

LAYOUT_A = "a"
LAYOUT_B = "b"
LAYOUT_NAMES = {
    LAYOUT_A: "layout a, one line per standard",
    LAYOUT_B: "layout b, section headings with blocks of names and ratings",
}

# a stray marker before the code: one letter (`P 2.1`, `R2.1`) or a bullet
_CODE_LINE = re.compile(
    r"^(?:[A-Za-z]\s+|[A-Za-z](?=\d)|[^\w\s]\s*)?(?P<section>\d{1,2})\.(?P<number>\d{1,2})\.?\s+(?P<rest>\S.*?)\s*$"
)
OVERALL_LINE = re.compile(r"^overall\s+rating\b\s*:?\s*(?P<value>.*?)\s*$", re.IGNORECASE)
_VALUE = re.compile(r"^(?P<rating>.+?)\s*(?:\(\s*(?P<score>\d{1,3})\s*/\s*(?P<out_of>\d{1,3})\s*\))?\s*\.?$")
_TRAILING_RATING = re.compile(
    r"^(?P<name>.*?)\s+(?P<rating>outstanding|good|requires\s+improvements?|inadequate)$", re.IGNORECASE
)
_SENTENCE = re.compile(r"[.;,!?()\"“”]")
_MAX_NAME_WORDS = 6
_MAX_RATING_WORDS = 3


def compact(text: str) -> str:
    """Letters and digits only, lower case, `disposals` as `disposal`: text taken from a PDF
    splits and joins words at random (`Partners hips and services`, `Outofcourt disposal`)."""
    return re.sub(r"[^a-z0-9]", "", text.lower()).replace("disposals", "disposal")


def _names_of(standard: Standard) -> frozenset[str]:
    """The names a source may print for a standard: its full name, the part after a `:`
    (`Assessment` for `Court disposals: assessment`, whose section says which) and its slug."""
    tail = standard.name.split(":", 1)[-1]
    return frozenset({compact(standard.name), compact(tail), compact(standard.slug)})


def plain_title(domain: str) -> str:
    return re.sub(r"^\d+\s+", "", domain)


@dataclass(frozen=True)
class Section:
    number: int | None
    """HMIP's section number, the first part of its standards' codes; None where no codes are known."""
    title: str
    standards: tuple[Standard, ...]

    def named(self, text: str) -> Standard | None:
        wanted = compact(text)
        return next((s for s in self.standards if wanted in _names_of(s)), None)

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number is not None else self.title


def sections_of(framework: Framework, provider_type: ProviderType) -> tuple[Section, ...]:
    """The framework's sections (its domains) for a provider type, with their standards."""
    grouped: dict[str, list[Standard]] = {}
    for standard in framework.standards_for(provider_type):
        grouped.setdefault(standard.domain, []).append(standard)
    return tuple(
        Section(int(members[0].code.split(".")[0]) if members[0].code else None, plain_title(domain), tuple(members))
        for domain, members in grouped.items()
    )


@dataclass(frozen=True)
class Found:
    standard: Standard | None
    """None: the overall rating."""
    rating: Rating
    line: int


@dataclass(frozen=True)
class RatingsTable:
    layout: str
    ratings: tuple[Found, ...]
    """The overall rating first when stated, then the standards in the framework's order."""
    score: tuple[int, int] | None
    """HMIP's published score beside the overall rating, (score, out of), when printed."""
    missing: tuple[Standard, ...]
    """The framework's standards the table does not state: not recorded."""


@dataclass
class Collected:
    """What one reading of the text found; a standard found twice is a problem at its second line."""

    framework: Framework
    log: ProblemLog
    ratings: dict[str | None, Found] = field(default_factory=dict)
    score: tuple[int, int] | None = None

    def add(self, standard: Standard | None, rating: Rating, line: int) -> None:
        key = None if standard is None else standard.slug
        earlier = self.ratings.get(key)
        if earlier is None:
            self.ratings[key] = Found(standard, rating, line)
        elif standard is not None:
            self.log.add(
                line,
                "standard",
                f"{describe(standard)} is named twice (first at line {earlier.line}) (accepted: each standard once)",
            )
        elif earlier.rating is not rating:
            self.log.add(
                line,
                "rating",
                f"a second overall rating, {rating.value!r}; line {earlier.line} has {earlier.rating.value!r} "
                "(accepted: one overall rating)",
            )

    def problem(self, line: int, name: str, message: str) -> None:
        self.log.add(line, name, message)


def describe(standard: Standard) -> str:
    return f"{standard.code} {standard.name}" if standard.code else standard.name


def _rating_or_none(text: str) -> Rating | None:
    try:
        return parse_rating(text)
    except ValueError:
        return None


def _could_be_a_name(text: str) -> bool:
    """Short, with no sentence punctuation and no verb a sentence states a rating with: a line
    `2.2 The service is Good` is a paragraph of the text, not a row of the table."""
    words = text.lower().split()
    return len(words) <= _MAX_NAME_WORDS and not _SENTENCE.search(text) and not _VERBS & set(words)


_VERBS = frozenset({"is", "was", "are", "were", "be", "been", "rated", "remains", "remained"})


def _looks_like_a_rating(words: Sequence[str]) -> bool:
    """Short and without sentence punctuation: where a rating belongs, not a sentence."""
    return 0 < len(words) <= _MAX_RATING_WORDS and not _SENTENCE.search(" ".join(words))


def _overall_lines(lines: Sequence[str], found: Collected) -> set[int]:
    """`Overall rating VALUE [(S/N)]` on one line, or the label alone with its value on the next
    line with text; the line numbers used. A label alone with no rating after it is left (in
    layout (b) it heads a block of names whose ratings follow)."""
    used: set[int] = set()
    for index, line in enumerate(lines):
        match = OVERALL_LINE.match(line.strip())
        if match is None:
            continue
        number, value = index + 1, match["value"]
        if not value:
            following = next(((j, t) for j, t in enumerate(lines[index + 1 :], index + 2) if t.strip()), None)
            if following is None or rating_value(following[1].strip()) is None:
                continue
            used.add(following[0])
            number, value = following
        parsed = rating_value(value.strip())
        if parsed is None:
            if _looks_like_a_rating(value.split()):
                found.problem(number, "rating", f"unknown overall rating {value!r} (accepted: {ACCEPTED_RATINGS})")
                used.add(index + 1)
            continue
        used.add(index + 1)
        add_overall(found, number, *parsed)
    return used


def rating_value(text: str) -> tuple[Rating, tuple[int, int] | None] | None:
    match = _VALUE.match(text)
    if match is None:
        return None
    rating = _rating_or_none(match["rating"])
    if rating is None:
        return None
    score = (int(match["score"]), int(match["out_of"])) if match["score"] else None
    return rating, score


def add_overall(found: Collected, line: int, rating: Rating, score: tuple[int, int] | None) -> None:
    if score is not None:
        if not 0 <= score[0] <= score[1] or score[1] == 0:
            found.problem(line, "score", f"{score[0]}/{score[1]} is not a score (accepted: S/N with S at most N)")
            return
        if found.score is not None and found.score != score:
            found.problem(line, "score", f"a second score, {score[0]}/{score[1]} (accepted: one score)")
            return
        found.score = score
    found.add(None, rating, line)


def _layout_a(lines: Sequence[str], skip: set[int], found: Collected, by_code: dict[str, Standard]) -> None:
    framework = found.framework
    codes = ", ".join(by_code)
    for number, line in enumerate(lines, start=1):
        match = _CODE_LINE.match(line.strip()) if number not in skip else None
        if match is None:
            continue
        code = f"{int(match['section'])}.{int(match['number'])}"
        words = match["rest"].split()
        standard = by_code.get(code)
        if standard is not None:
            names = _names_of(standard)
            # the longest run of words that is its name, ending on a word with letters in it
            size = max(
                (
                    k
                    for k in range(1, len(words) + 1)
                    if compact(words[k - 1]) and compact(" ".join(words[:k])) in names
                ),
                default=0,
            )
            if size:
                remainder = words[size:]
                rating = _rating_or_none(" ".join(remainder)) if remainder else None
                if rating is not None:
                    found.add(standard, rating, number)
                elif _looks_like_a_rating(remainder):
                    found.problem(
                        number,
                        "rating",
                        f"unknown rating {' '.join(remainder)!r} for {describe(standard)} "
                        f"(accepted: {ACCEPTED_RATINGS})",
                    )
                continue
        trailing = _TRAILING_RATING.match(match["rest"])
        if trailing and _could_be_a_name(trailing["name"]):
            what = f"{code} {trailing['name']!r}"
            expected = f"{code} is {describe(standard)}" if standard else f"codes {codes}"
            found.problem(
                number, "standard", f"{what} maps to no standard of {framework.slug} ({expected}; see hmip standards)"
            )


def read_ratings_table(
    lines: Sequence[str], framework: Framework, provider_type: ProviderType, label: str
) -> RatingsTable:
    """The ratings table in `lines` (layout (a) if any line has its shape, else (b)), or a
    DataError listing every located problem."""
    standards = framework.standards_for(provider_type)
    by_code = {s.code: s for s in standards if s.code}
    chosen = LAYOUT_A
    found = Collected(framework, ProblemLog(label))
    skip = _overall_lines(lines, found)
    before = found.log.total
    _layout_a(lines, skip, found, by_code)
    if not (set(found.ratings) - {None}) and found.log.total == before:
        chosen = LAYOUT_B
        from hmip_cli.ingest.ratings_blocks import layout_b  # here: that module builds on this one

        layout_b(lines, skip, found, sections_of(framework, provider_type))
    if not found.ratings and not found.log.total:
        found.log.add(
            1,
            "file",
            f"no ratings table for {framework.slug} ({provider_type.value}) found (accepted: lines such as "
            "`2.1 Assessment Good`, or numbered section headings each followed by standard names and then "
            "their ratings, and an `Overall rating Good` line)",
        )
    found.log.raise_if_any()
    ordered = [found.ratings[None]] if None in found.ratings else []
    ordered += [found.ratings[s.slug] for s in standards if s.slug in found.ratings]
    missing = tuple(s for s in standards if s.slug not in found.ratings)
    return RatingsTable(chosen, tuple(ordered), found.score, missing)
