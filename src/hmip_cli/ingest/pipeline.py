"""From a file name (or `-` for stdin) to validated inspections, or one DataError."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from hmip_cli.errors import DataError, UsageError
from hmip_cli.ingest.figures import FIGURES_FORMAT, is_figures_csv, validate_figures
from hmip_cli.ingest.formats import FORMATS, LocatedRow, detect_format, read_rows
from hmip_cli.ingest.sources import decode
from hmip_cli.ingest.validate import validate
from hmip_cli.schemas.figures import Figure
from hmip_cli.schemas.records import Inspection

STDIN_LABEL = "<stdin>"


def read_bytes(name: str, stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read(), STDIN_LABEL
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{name}: is a directory, not a file to import")
    try:
        return path.read_bytes(), name
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None


def load_inspections(name: str, fmt: str | None = None, stdin: BinaryIO | None = None) -> list[Inspection]:
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: unknown import format (accepted: {', '.join(FORMATS)})")
    data, label = read_bytes(name, stdin)
    text = decode(data, label)
    del data  # the text is all that is needed from here; a large file should not be held twice
    return _inspections(text, label, fmt, name)


Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 20_000


def _reporting(rows: Iterable[LocatedRow], total: int, progress: Progress | None) -> Iterator[LocatedRow]:
    """Pass rows through, telling `progress` how far validation has got every so often."""
    if progress is None:
        yield from rows
        return
    for count, row in enumerate(rows, start=1):
        if count % PROGRESS_EVERY == 0:
            progress("validating", row[0], total)
        yield row


def _inspections(
    text: str, label: str, fmt: str | None, name: str, progress: Progress | None = None
) -> list[Inspection]:
    chosen = fmt or detect_format(text, None if name == "-" else name)
    try:
        total = text.count("\n") + 1 if progress is not None else 0
        return validate(_reporting(read_rows(text, chosen, label), total, progress), label)
    except DataError:
        raise
    except (RecursionError, MemoryError):
        raise DataError([f"{label}:1: file: too deeply nested or too large to read"]) from None


def load_figures(name: str, stdin: BinaryIO | None = None) -> list[Figure]:
    data, label = read_bytes(name, stdin)
    return validate_figures(decode(data, label), label)


IMPORT_FORMATS = (*FORMATS, FIGURES_FORMAT)


@dataclass
class Loaded:
    """What one import file held: ratings (as inspections) or figures, never both."""

    inspections: list[Inspection] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def load_import(
    name: str, fmt: str | None = None, stdin: BinaryIO | None = None, progress: Progress | None = None
) -> Loaded:
    """Ratings in any layout, or a figures CSV (its header starts figure_id,topic,measure,…)."""
    if fmt is not None and fmt not in IMPORT_FORMATS:
        raise UsageError(f"--format {fmt!r}: unknown import format (accepted: {', '.join(IMPORT_FORMATS)})")
    data, label = read_bytes(name, stdin)
    text = decode(data, label)
    del data  # the text is all that is needed from here; a large file should not be held twice
    if fmt == FIGURES_FORMAT or (fmt is None and is_figures_csv(text)):
        return Loaded(figures=validate_figures(text, label))
    return Loaded(inspections=_inspections(text, label, fmt, name, progress))
