"""What a citation says, as plain values: the titles and licence, the data's date, the citation
itself. queries/citation.py fills them from the database; render/citation.py writes them out,
importing nothing of queries."""

from __future__ import annotations

from dataclasses import dataclass

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
