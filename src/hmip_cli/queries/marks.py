"""A rating whose source is not HMIP's own site, marked for tables (`Good†`, with a key)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from hmip_cli.schemas.sources import SECONDARY_KEY, SECONDARY_MARK, SourceKind
from hmip_cli.tabular import Marked


def marked_rating(rating: str | None, kind: str | None) -> str | None:
    """The rating, marked when its source is secondary (machine formats still write it plain)."""
    if rating is None or kind != SourceKind.SECONDARY:
        return rating
    return Marked(rating, SECONDARY_MARK, SECONDARY_KEY)


def mark_secondary(rows: Iterable[Sequence[Any]], rating_at: int) -> Iterator[Sequence[Any]]:
    """Rows whose last cell is their rating's source kind: that cell dropped, the rating marked."""
    for row in rows:
        *cells, kind = row
        if kind == SourceKind.SECONDARY:
            cells[rating_at] = marked_rating(cells[rating_at], kind)
        yield cells


def secondary_note(secondary: int, rated: int, what: str, *, marked: bool = False) -> list[str]:
    """`12 of the 54 overall ratings ranked rest on sources outside HMIP's site (†)`, or nothing;
    the mark only where the view's cells carry it."""
    if not secondary:
        return []
    mark = f" ({SECONDARY_MARK})" if marked else "; --source-kind hmip leaves them out"
    return [f"{secondary} of the {rated} {what} rest on sources outside HMIP's site{mark}"]
