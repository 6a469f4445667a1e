"""What a citation of hmip and its data says: the software's version, and the data's date — the
latest publication the database holds and when its shipped sources were compiled."""

from __future__ import annotations

import sqlite3

from hmip_cli import __version__
from hmip_cli.citing import (
    AUTHOR,
    DATA_TITLE,
    HMIP_URL,
    LICENCE,
    LICENCE_LINE,
    LICENCE_URL,
    PUBLISHER,
    SOFTWARE_TITLE,
    Citation,
    DataDate,
)
from hmip_cli.store.release import holdings, read_release

__all__ = [
    "AUTHOR",
    "DATA_TITLE",
    "HMIP_URL",
    "LICENCE",
    "LICENCE_LINE",
    "LICENCE_URL",
    "PUBLISHER",
    "SOFTWARE_TITLE",
    "Citation",
    "DataDate",
    "citation",
    "data_date",
]


def data_date(conn: sqlite3.Connection) -> DataDate:
    inspections, ratings, latest = holdings(conn)
    release = read_release(conn)
    return DataDate(
        inspections,
        ratings,
        latest,
        release.compiled if release is not None else None,
        release.identity if release is not None else None,
    )


def citation(conn: sqlite3.Connection) -> Citation:
    return Citation(__version__, data_date(conn))
