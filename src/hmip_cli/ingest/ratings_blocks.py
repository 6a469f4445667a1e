"""Layout (b) of a report's ratings table: numbered section headings, each followed by a block of
standard names and then a block of their ratings in the same order (the names of several sections
may come first and all their ratings after), as councils reproduce HMIP's table."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from hmip_cli.ingest.ratings_table import (
    OVERALL_LINE,
    Collected,
    Section,
    add_overall,
    compact,
    describe,
    plain_title,
    rating_value,
)
from hmip_cli.schemas.frameworks import Standard, frameworks
from hmip_cli.schemas.ratings import Rating

_HEADING = re.compile(r"^(?P<section>\d{1,2})\.?\s+(?P<title>[^\W\d][\w\s'’:,&–-]*?)\s*$")
_NAME_PREFIX = re.compile(r"^(?P<section>\d{1,2})\.(?P<number>\d{1,2})\.?\s+(?P<name>\S.*)$")


def _every_section_title() -> frozenset[str]:
    return frozenset(compact(plain_title(s.domain)) for f in frameworks().values() for s in f.standards)


@dataclass
class _NamesThenRatings:
    """Layout (b): names (a standard, or None for the overall rating) and then their ratings."""

    names: list[tuple[int, Standard | None]] = field(default_factory=list)
    ratings: list[tuple[int, Rating, tuple[int, int] | None]] = field(default_factory=list)

    def close(self, found: Collected) -> None:
        if len(self.names) != len(self.ratings):
            where = self.ratings[0][0] if self.ratings else self.names[-1][0]
            found.problem(
                where,
                "rating",
                f"a block of {len(self.names)} standard names (from line {self.names[0][0]}) has "
                f"{len(self.ratings)} ratings (accepted: one rating per name, in the same order)",
            )
        else:
            for (line, standard), (rating_line, rating, score) in zip(self.names, self.ratings, strict=True):
                if standard is None:
                    add_overall(found, rating_line, rating, score)
                elif score is not None:
                    found.problem(
                        rating_line,
                        "score",
                        f"a score beside {describe(standard)} (accepted: a score beside the overall rating only)",
                    )
                else:
                    found.add(standard, rating, line)
        self.names.clear()
        self.ratings.clear()


def layout_b(lines: Sequence[str], skip: set[int], found: Collected, sections: Sequence[Section]) -> None:
    own = {compact(s.title): s for s in sections}
    foreign = _every_section_title() - set(own)
    accepted = ", ".join(s.label for s in sections)
    where = f"{found.framework.slug}"
    current: Section | None = None
    named: set[str] = set()  # sections whose names have been read: a repeat ends the table
    block = _NamesThenRatings()
    for number, text in _texts(lines, skip):
        heading = _HEADING.match(text)
        title = compact(heading["title"]) if heading else ""
        if heading and title in own:
            section = own[title]
            if section.title in named and not block.names:
                break  # the same section again: a chapter heading after the table
            if section.number is not None and int(heading["section"]) != section.number:
                found.problem(
                    number,
                    "section",
                    f"{section.title!r} is section {section.number} of {where} (accepted: {accepted})",
                )
            if block.ratings:
                block.close(found)
            current = section
            continue
        if heading and title in foreign:
            if current is not None:
                found.problem(
                    number, "section", f"{heading['title']!r} is not a section of {where} (accepted: {accepted})"
                )
            continue
        label = OVERALL_LINE.match(text)
        if label is not None and not label["value"]:  # the label alone: its rating comes with the block's
            if block.ratings:
                block.close(found)
            block.names.append((number, None))
            continue
        if current is None:
            continue
        standard = _section_name(current, text, found, number)
        if standard is not None:
            if block.ratings:
                block.close(found)
            block.names.append((number, standard))
            named.add(current.title)
            continue
        value = rating_value(text)
        if value is not None:
            if not block.names:
                found.problem(
                    number,
                    "rating",
                    "a rating with no standard name before it (accepted: a block of "
                    "names, then their ratings in the same order)",
                )
            else:
                block.ratings.append((number, *value))
            continue
        if block.ratings:
            break  # past the table's last block
        if not block.names and not named:
            current = None  # the heading was a heading of the text, not of the table
            continue
        found.problem(
            number,
            "standard",
            f"{text!r} maps to no standard of section {current.label} of {where} "
            f"(accepted: {', '.join(s.name for s in current.standards)})",
        )
    if block.names or block.ratings:
        block.close(found)


def _section_name(section: Section, text: str, found: Collected, line: int) -> Standard | None:
    """The standard of `section` a block line names (with or without its code)."""
    match = _NAME_PREFIX.match(text)
    name = match["name"] if match else text
    standard = section.named(name)
    if standard is not None and match:
        code = f"{int(match['section'])}.{int(match['number'])}"
        if standard.code and code != standard.code:
            found.problem(
                line, "standard_code", f"{code} is not the code of {standard.name} (accepted: {standard.code})"
            )
    return standard


def _texts(lines: Sequence[str], skip: set[int]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text and number not in skip:
            yield number, text
