"""What a citation of hmip and its data says: the software's version, and the data's date — the
latest publication the database holds and when its shipped sources were compiled."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from hmip_cli import __version__
from hmip_cli.store.release import read_release

SOFTWARE_TITLE = "hmip: HM Inspectorate of Probation inspection findings from the terminal"
DATA_TITLE = "HM Inspectorate of Probation inspection findings"
AUTHOR = "The hmip developers"
PUBLISHER = "HM Inspectorate of Probation"
HMIP_URL = "https://www.justiceinspectorates.gov.uk/hmiprobation/"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE_LINE = (
    f"Ratings data: Crown copyright, {PUBLISHER}; contains public sector information licensed under the "
    f"{LICENCE} ({LICENCE_URL})."
)


@dataclass(frozen=True)
class DataDate:
    """The database in use, dated: what it holds now and the shipped release it came from."""

    inspections: int
    ratings: int
    latest_published: str | None
    compiled: str | None
    """When the shipped sources it holds were compiled; None for a database made empty."""
    release: str | None
    """The shipped release's identity (its digest, shortened)."""

    def describe(self) -> str:
        """`233 inspections to 2026-01, compiled 2026-12-01`."""
        text = f"{self.inspections} inspections"
        if self.latest_published:
            text += f" to {self.latest_published}"
        return text + (f", compiled {self.compiled}" if self.compiled else ", compile date not recorded")


def data_date(conn: sqlite3.Connection) -> DataDate:
    inspections, ratings, latest = conn.execute(
        "SELECT (SELECT count(*) FROM inspections), (SELECT count(*) FROM ratings),"
        " (SELECT max(published) FROM inspections)"
    ).fetchone()
    release = read_release(conn)
    return DataDate(
        inspections,
        ratings,
        latest,
        release.compiled if release is not None else None,
        release.identity if release is not None else None,
    )


@dataclass(frozen=True)
class Citation:
    """The software and the data it ships, each citable on its own."""

    version: str
    data: DataDate

    @property
    def year(self) -> str:
        """The data's year: of its compilation, else of its latest publication."""
        return (self.data.compiled or self.data.latest_published or "")[:4]

    @property
    def data_version(self) -> str:
        return self.data.compiled or self.data.latest_published or "undated"


def citation(conn: sqlite3.Connection) -> Citation:
    return Citation(__version__, data_date(conn))
