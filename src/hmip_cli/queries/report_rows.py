"""A report's rows (`hmip template`, `hmip extract`) as a result to write, and the one thing
they read from the database: the name of a service given by its id."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from hmip_cli.queries.suggestions import closest
from hmip_cli.schemas.records import LONG_COLUMNS
from hmip_cli.schemas.report_rows import LongRow
from hmip_cli.tabular import Column, Result, View


def long_result(rows: Sequence[LongRow], title: str) -> Result:
    """Rows of the long import layout, with exactly the columns `hmip export` writes."""
    return Result([View("ratings", title, [Column(c, c) for c in LONG_COLUMNS], rows)])


def service_name(conn: sqlite3.Connection, service_id: str) -> str:
    """The name a service had at its latest inspection; ValueError naming the closest ids."""
    found = conn.execute("SELECT name FROM services WHERE service_id = ?", [service_id.strip()]).fetchone()
    if found is not None:
        return str(found[0])
    ids = [str(r[0]) for r in conn.execute("SELECT service_id FROM services")]
    near = closest(service_id, ids)
    hint = f"closest: {', '.join(near)}; " if near else ""
    raise ValueError(
        f"--service-id {service_id!r}: no such service in the database ({hint}accepted: an id from "
        "`hmip list --fields service_id,service`, or --service NAME for a service new to it)"
    )
