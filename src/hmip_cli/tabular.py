"""Plain result shapes shared by queries and renderers: named views of typed columns and rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Kind = Literal["text", "short", "int", "float", "rating", "url", "strip"]
"""`short` is text that never wraps in a table (years, dates, types); `text` and `url` may."""


@dataclass(frozen=True)
class Column:
    key: str
    """Stable snake_case name used by csv/tsv/json/ndjson."""
    label: str
    """Heading in tables."""
    kind: Kind = "text"
    priority: int | None = None
    """Tables drop the highest number first when narrow; None: from the kind (render/tables.py)."""


@dataclass
class View:
    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    """Values in column order; None means unknown (null in JSON, empty in CSV)."""
    transpose_table: bool = False
    """Tables show columns as rows (one column per year), machine formats keep one row per record."""
    empty_note: str = "no matching rows"
    caption: str = ""
    """A note printed under the table (scope, coverage); machine formats leave it out."""


@dataclass
class Result:
    views: list[View] = field(default_factory=list)
    tag_views: bool = False
    """Machine formats prefix each row with the `view` it belongs to (results of several views)."""


def project(result: Result, fields: Sequence[str] | None) -> Result:
    """Only the --fields asked for, in that order, from a one-view result; rows stay lazy."""
    if not fields:
        return result
    from hmip_cli.errors import UsageError

    (view,) = result.views
    positions = {c.key: i for i, c in enumerate(view.columns)}
    unknown = [f for f in fields if f not in positions]
    if unknown:
        raise UsageError(f"--fields: unknown field {unknown[0]!r} (accepted: {', '.join(positions)})")
    chosen = [positions[f] for f in fields]
    rows = (tuple(row[i] for i in chosen) for row in view.rows)
    columns = [view.columns[i] for i in chosen]
    return Result([replace(view, columns=columns, rows=rows)], result.tag_views)


def select_view(result: Result, name: str | None) -> Result:
    """Only the view called `name` (--view), with its own columns and no `view` field."""
    if name is None:
        return result
    from hmip_cli.errors import UsageError

    wanted = name.strip().lower().replace("-", "_")
    for view in result.views:
        if view.name == wanted:
            return Result([view], tag_views=False)
    accepted = ", ".join(v.name for v in result.views)
    raise UsageError(f"--view {name!r}: not a view of this output (accepted: {accepted})")


def one_view_fields(result: Result, fields: Sequence[str] | None) -> Result:
    """--fields on a command that may show several views: it needs --view to choose one first."""
    if fields and len(result.views) > 1:
        from hmip_cli.errors import UsageError

        names = ", ".join(v.name for v in result.views)
        raise UsageError(f"--fields applies to one view: add --view NAME (views: {names})")
    return project(result, fields)
