"""Fitting a table to a width without cropping a value: plain text arithmetic, no Rich here.

Each column has a minimum (the widest number, date or label, the longest word of text) and a
natural width (its widest cell). Columns are dropped, lowest priority first, until the minimums
fit; the width left over goes to the columns that want more: what the cells want before what the
headings want, the most important columns' wishes and then the smallest satisfied whole first,
then the rest shared.
Text wraps at spaces; only a single word wider than its column is shortened, with `…`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

GAP = 2
"""Blank cells between two columns."""
WORD_CAP = 20
"""A word of wrapping text longer than this may be shortened with … rather than widen its column."""


@dataclass(frozen=True)
class Cell:
    text: str
    wraps: bool
    """True for words (text, ratings): wrap at spaces. False for numbers, dates, codes: whole or hidden."""
    middle: bool = False
    """An id: one word, elided in the middle (its start and its distinguishing end stay), and never
    to the same text as another id of its column."""


@dataclass(frozen=True)
class Plan:
    shown: list[int]
    """Indexes of the columns drawn, in their original order."""
    widths: list[int]
    """Width of each drawn column."""
    hidden: list[int]
    """Indexes of the columns left out, in their original order."""


def words(text: str) -> list[str]:
    return text.split()


def cell_minimum(cell: Cell, *, cap: int | None = WORD_CAP) -> int:
    """The narrowest the cell can be drawn without splitting a word or a number."""
    if not cell.wraps:
        return cell_len(cell.text)
    longest = max((cell_len(w) for w in words(cell.text)), default=0)
    return min(longest, cap) if cap is not None else longest


def distinct_width(texts: Sequence[str], floor: int) -> int:
    """The narrowest width, from `floor`, at which `texts`, elided by `elide_ids`, stay as
    distinct as they are."""
    widest = max((cell_len(t) for t in texts), default=0)
    width = min(floor, widest)
    while width < widest and _split(texts, width) is None:
        width += 1
    return width


def _split(texts: Sequence[str], width: int) -> int | None:
    """How many leading characters to keep (the rest of `width` from the end, `…` between) so
    that the elided texts are as distinct as the texts; the most balanced such split, or None."""
    wanted = len(set(texts))
    long = [t for t in texts if cell_len(t) > width]
    if not long or width <= 2:
        return (width - 1) - (width - 1) // 2
    keep = width - 1
    splits = sorted(range(keep + 1), key=lambda head: (abs(head - (keep - head)), -head))
    for head in splits:
        if len({_cut(t, width, head) for t in texts}) == wanted:
            return head
    return None


def _cut(text: str, width: int, head: int) -> str:
    if cell_len(text) <= width:
        return text
    tail = width - 1 - head
    return text[:head] + "…" + (text[len(text) - tail :] if tail else "")


def elide_ids(texts: Sequence[str], width: int) -> list[str]:
    """Ids cut to `width` with `…` where it tells them apart best: in the middle when that keeps
    them distinct, else nearer the end they differ by (`…youth-2021-total`)."""
    head = _split(texts, width)
    if head is None:
        return [elide_middle(t, width) for t in texts]
    return [_cut(t, width, head) for t in texts]


def column_needs(header: str, cells: Sequence[Cell], *, cap: int | None = WORD_CAP) -> tuple[int, int]:
    """(minimum, natural) width of a column; headings wrap at spaces like text."""
    head_word = max((cell_len(w) for w in words(header)), default=0)
    head = min(head_word, cap) if cap is not None else head_word
    ids = [c.text for c in cells if c.middle]
    id_minimum = distinct_width(ids, cap if cap is not None else 10**6) if ids else 0
    minimum = max([head, 1, id_minimum, *(cell_minimum(c, cap=cap) for c in cells if not c.middle)])
    natural = max([cell_len(header), minimum, *(cell_len(c.text) for c in cells)])
    return minimum, natural


def plan(
    needs: Sequence[tuple[int, int]],
    priorities: Sequence[int],
    width: int,
    *,
    leave_out: Sequence[int] = (),
    body: Sequence[int] = (),
    claims: Sequence[int] = (),
) -> Plan:
    """Which columns to draw and how wide, for a table that may use `width` cells (never those in
    `leave_out`). `body` is what each column's cells want (its heading may wrap); `claims` orders
    the columns' wishes for the width left over (default: their priorities)."""
    shown = [i for i in range(len(needs)) if i not in leave_out]

    def total(indexes: Sequence[int]) -> int:
        return sum(needs[i][0] for i in indexes) + GAP * max(len(indexes) - 1, 0)

    while len(shown) > 1 and total(shown) > width:
        # the lowest priority goes first; of equals, the rightmost
        shown.remove(max(shown, key=lambda i: (priorities[i], i)))
    widths = {i: needs[i][0] for i in shown}
    spare = width - total(shown)
    if len(shown) == 1 and spare < 0:
        widths[shown[0]] = max(width, 1)
        spare = 0
    # first what the cells want (a heading may wrap at no cost to the rows), then the headings
    order = claims or priorities
    if body:
        spare = _share(shown, widths, [max(n[0], b) for n, b in zip(needs, body, strict=True)], spare, order)
    _share(shown, widths, [n[1] for n in needs], spare, order)
    return Plan(shown, [widths[i] for i in shown], [i for i in range(len(needs)) if i not in shown])


def _share(
    shown: Sequence[int], widths: dict[int, int], wants: Sequence[int], spare: int, priorities: Sequence[int]
) -> int:
    """Give `spare` cells to the shown columns narrower than they want; returns what is left."""
    # the most important, then the cheapest wishes first, whole: each column satisfied is one
    # that neither wraps nor elides
    for i in sorted(shown, key=lambda i: (priorities[i], wants[i] - widths[i], i)):
        if 0 < wants[i] - widths[i] <= spare:
            spare -= wants[i] - widths[i]
            widths[i] = wants[i]
    wanting = [i for i in shown if wants[i] > widths[i]]
    while spare > 0 and wanting:
        share = spare // len(wanting)
        satisfied = [i for i in wanting if wants[i] - widths[i] <= share]
        if satisfied:
            for i in satisfied:
                spare -= wants[i] - widths[i]
                widths[i] = wants[i]
        elif share:
            for i in wanting:
                widths[i] += share
                spare -= share
        else:
            for i in wanting[:spare]:
                widths[i] += 1
            spare = 0
        wanting = [i for i in wanting if wants[i] > widths[i]]
    return spare


def elide(word: str, width: int) -> str:
    """A word cut to `width` cells, its last one `…` when anything was cut."""
    if cell_len(word) <= width:
        return word
    kept = ""
    for char in word:
        if cell_len(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


def elide_middle(word: str, width: int) -> str:
    """A word cut to `width` cells with `…` in its middle, keeping its start and its end (where
    ids differ: `durham-tees…-2019-20`)."""
    if cell_len(word) <= width:
        return word
    if width <= 2:
        return elide(word, width)
    tail = (width - 1) // 2
    head = width - 1 - tail
    return word[:head] + "…" + word[len(word) - tail :]


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces; a word longer than a line is elided."""
    lines: list[str] = []
    line = ""
    for word in words(text):
        word = elide(word, width)
        if not line:
            line = word
        elif cell_len(line) + 1 + cell_len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines
