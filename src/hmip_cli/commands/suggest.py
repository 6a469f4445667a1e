"""Telling a typo from an empty answer: unknown names are named on stderr, with the closest."""

from __future__ import annotations

import sqlite3

from hmip_cli.errors import UsageError
from hmip_cli.queries.filters import Filters


def warn_unmatched(conn: sqlite3.Connection, filters: Filters, *, strict: bool) -> None:
    """A filter value that matches no known name: a note on stderr (the command goes on and
    exits 0 with zero rows), or with --strict a usage error (exit 2) before any output."""
    from hmip_cli.queries.suggestions import unmatched_names
    from hmip_cli.render.output import Streams, note

    problems = unmatched_names(conn, filters)
    if not problems:
        return
    if strict:
        raise UsageError(problems[0].message())
    for problem in problems:
        note(f"hmip: note: {problem.message()}", Streams())
