"""From a file name (or `-` for stdin) to validated rows, as they are read, or one DataError."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from hmip_cli.errors import DataError
from hmip_cli.ingest.fast_csv import Progress
from hmip_cli.ingest.figures import FIGURES_FORMAT, is_figures_csv, validate_figures
from hmip_cli.ingest.formats import ImportFormat, LocatedRow, detect_format, read_rows
from hmip_cli.ingest.problems import ProblemLog
from hmip_cli.ingest.sources import STDIN_LABEL, Source, open_source
from hmip_cli.ingest.validate import ValidRow, validate, validated_rows
from hmip_cli.schemas.figures import Figure
from hmip_cli.schemas.records import Inspection

__all__ = ["STDIN_LABEL", "ImportFile", "ImportFormat", "Progress", "load_figures", "load_inspections", "opened_import"]


IMPORT_FORMATS = tuple(f.value for f in ImportFormat)
PROGRESS_EVERY = 20_000


@dataclass
class ImportFile:
    """An open import file and its layout: ratings in one of RATINGS_LAYOUTS, or figures."""

    source: Source
    fmt: str

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def is_figures(self) -> bool:
        return self.fmt == FIGURES_FORMAT

    def figures(self) -> list[Figure]:
        return validate_figures(self.source.whole_text(), self.label)

    def rows(self, log: ProblemLog, progress: Progress | None = None) -> Iterator[ValidRow]:
        """Each valid rating row as it is read; problems go to `log`."""
        try:
            located = read_rows(self.source, self.fmt, log)
            yield from validated_rows(self._reporting(located, progress), log)
        except (RecursionError, MemoryError):
            raise log.fail(1, "file", "too deeply nested or too large to read") from None

    def _reporting(self, rows: Iterable[LocatedRow], progress: Progress | None) -> Iterator[LocatedRow]:
        """Pass rows through, telling `progress` how many bytes are read every so often."""
        if progress is None:
            yield from rows
            return
        for count, row in enumerate(rows, start=1):
            if count % PROGRESS_EVERY == 0:
                progress("validating", self.source.bytes_read, self.source.size)
            yield row


@contextmanager
def opened_import(name: str, fmt: str | None = None, stdin: BinaryIO | None = None) -> Iterator[ImportFile]:
    """Ratings in any layout (ImportFormat), or a figures CSV (its header starts figure_id,topic,measure,…)."""
    source = open_source(name, stdin)
    try:
        head = source.head_text
        if fmt is None:
            fmt = FIGURES_FORMAT if is_figures_csv(head) else detect_format(head, None if name == "-" else name)
        yield ImportFile(source, fmt)
    finally:
        source.close()


def load_inspections(name: str, fmt: str | None = None) -> list[Inspection]:
    """Every inspection of a ratings file (a layout of RATINGS_LAYOUTS), in memory: for `db build`'s sourced file."""
    with opened_import(name, fmt) as opened:
        if opened.is_figures:
            raise DataError([f"{opened.label}:1: header: a figures file, not ratings"])
        log = ProblemLog(opened.label)
        try:
            return validate(read_rows(opened.source, opened.fmt, log), log)
        except (RecursionError, MemoryError):
            raise log.fail(1, "file", "too deeply nested or too large to read") from None


def load_figures(name: str) -> list[Figure]:
    with opened_import(name, FIGURES_FORMAT) as opened:
        return opened.figures()
