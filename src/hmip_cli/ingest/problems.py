"""Located problems, kept in line order and bounded: the first few shown, the rest counted."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from hmip_cli.errors import DataError
from hmip_cli.schemas.text import escape_invisible

MAX_REPORTED_PROBLEMS = 50
MAX_MESSAGE = 400


def shorten(text: str, limit: int) -> str:
    """Messages quote the bad value; a 50 MB cell must not become a 50 MB error line.

    The head and the tail survive, so the `(accepted: …)` at the end is still shown.
    """
    if len(text) <= limit:
        return text
    keep = limit // 2
    return f"{text[:keep]}…[{len(text) - 2 * keep} characters]…{text[-keep:]}"


@dataclass
class ProblemLog:
    """The `limit` problems with the lowest line numbers, and a count of all of them.

    Problems arrive out of line order (the reader's first, then the checks SQL makes over the
    whole file), so the shown ones are kept in a bounded heap, not a list in arrival order.
    """

    label: str
    limit: int = MAX_REPORTED_PROBLEMS
    total: int = 0
    _heap: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, line: int, name: str, message: str) -> None:
        self.total += 1
        # a message may quote the file's bad value or key: it is shown, never acted on
        name, message = shorten(escape_invisible(name), 80), shorten(escape_invisible(message), MAX_MESSAGE)
        text = f"{self.label}:{line}: {name}: {message}"
        # a max-heap on (line, arrival) by negation: the largest is dropped when over the limit
        entry = (-line, -self.total, text)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, entry)
        elif entry > self._heap[0]:
            heapq.heapreplace(self._heap, entry)

    @property
    def shown(self) -> list[str]:
        return [text for _, _, text in sorted(self._heap, reverse=True)]

    def raise_if_any(self) -> None:
        if self.total:
            raise DataError(self.shown, self.total)

    def fail(self, line: int, name: str, message: str) -> DataError:
        """A problem that stops reading: the error to raise, with everything found so far."""
        self.add(line, name, message)
        return DataError(self.shown, self.total)
