"""`hmip db build`: the sourced CSVs read, checked against each other and written as one database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hmip_cli.errors import DataError, UsageError
from hmip_cli.store.release import Release, check_compiled, read_compiled
from hmip_cli.store.writer import ImportCounts


@dataclass(frozen=True)
class Built:
    out: Path
    ratings_file: Path
    counts: ImportCounts
    figures: int
    known_inspections: int
    scores: int
    provider_types: int
    missing: tuple[str, ...]
    """Record files not beside the ratings file: their tables are empty."""
    release: Release

    def messages(self) -> list[str]:
        built = (
            f"{self.counts.inspections_added} inspections, {self.counts.added} ratings, {self.figures} figures,"
            f" {self.known_inspections} known inspections not rated here, {self.scores} published scores,"
            f" {self.provider_types} provider types"
        )
        return [
            f"built {self.out}: {built}",
            *(f"no {name} beside {self.ratings_file}: its table is empty" for name in self.missing),
            f"data: {self.release.describe()}",
        ]


def build_from_sources(out: Path, ratings_file: Path, figures_file: Path, compiled: str | None) -> Built:
    """Every source validated first (a problem: DataError, nothing written), then `out` replaced
    in one rename. `compiled`: the --compiled date, else release.toml's beside the ratings."""
    from hmip_cli.ingest.pipeline import load_figures, load_inspections
    from hmip_cli.ingest.record_files import check_against_ratings
    from hmip_cli.schemas.record_files import read_record_files
    from hmip_cli.store.build import build_database

    date = _compiled_date(compiled, ratings_file.parent)
    inspections = load_inspections(str(ratings_file))
    figure_rows = load_figures(str(figures_file))
    record = read_record_files(ratings_file.parent)
    check_against_ratings(record, ratings_file.parent, {i.inspection_id for i in inspections})
    counts, release = build_database(inspections, out, figure_rows, record, compiled=date)
    return Built(
        out,
        ratings_file,
        counts,
        len(figure_rows),
        len(record.known_inspections),
        len(record.scores),
        len(record.provider_types),
        tuple(record.missing),
        release,
    )


def _compiled_date(option: str | None, source_dir: Path) -> str | None:
    if option is not None:
        try:
            return check_compiled(option)
        except ValueError as exc:
            raise UsageError(f"--compiled: {exc}") from None
    try:
        return read_compiled(source_dir)
    except ValueError as exc:
        raise DataError([str(exc)]) from None
