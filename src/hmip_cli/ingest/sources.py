"""Import files as bytes and as lines of text, with errors that name the file and line.

CSV and NDJSON are read a line at a time, so a file of any size is read in bounded memory; a
JSON list and a figures CSV are read whole, so they are limited to MAX_BYTES.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from hmip_cli.errors import DataError, UsageError
from hmip_cli.ingest.problems import ProblemLog

MAX_BYTES = 512 * 1024 * 1024
"""The most read whole: a JSON list or a figures CSV (CSV and NDJSON stream, with no limit)."""
MAX_LINE = 64 * 1024 * 1024
"""The longest line any layout may have (the CSV module's field limit is the same)."""
STDIN_LABEL = "<stdin>"
_BINARY_PROBE = 8192
_MAX_BLANK_LEAD = 1000
_NOT_UTF8 = "is not UTF-8 (accepted: UTF-8 text; re-save the file as UTF-8)"
_NUL = "a NUL byte (accepted: text without NUL characters)"
_BINARY = "binary data, not a text file (accepted: UTF-8 CSV, JSON or NDJSON)"
_EMPTY = "the file is empty (accepted: a CSV header and rows, or JSON records)"


def decode(data: bytes, label: str) -> str:
    """UTF-8 with or without a BOM; anything else is a located data error."""
    if b"\x00" in data[:_BINARY_PROBE]:
        raise DataError([f"{label}:1: file: {_BINARY}"])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise DataError([f"{label}:{line}: file: {_NUL}"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError([f"{label}:{line}: file: byte 0x{data[exc.start]:02x} {_NOT_UTF8}"]) from None
    if not text or text.isspace():
        raise DataError([f"{label}:1: file: {_EMPTY}"])
    return text


@dataclass
class Source:
    """An open import file: its first lines already read (to detect the layout), the rest to come."""

    label: str
    name: str
    stream: BinaryIO
    size: int
    head: list[bytes] = field(default_factory=list)
    bytes_read: int = 0

    @property
    def head_text(self) -> str:
        """The leading blank lines and the first line with text, for detecting the layout."""
        return b"".join(self.head).decode("utf-8", errors="replace").removeprefix("\ufeff")

    def whole_text(self) -> str:
        """The whole file as text, for the layouts that are read whole (at most MAX_BYTES)."""
        data = b"".join(self.head)
        if len(data) <= MAX_BYTES:
            data += self.stream.read(MAX_BYTES + 1 - len(data))
        if len(data) > MAX_BYTES:
            raise DataError(
                [
                    f"{self.label}:1: file: larger than {MAX_BYTES:,} bytes, the most hmip reads whole "
                    "(accepted: a smaller JSON file; CSV or NDJSON, which are read line by line, of any size)"
                ]
            )
        self.bytes_read = len(data)
        return decode(data, self.label)

    def lines(self, log: ProblemLog) -> Iterator[str]:
        """Lines of text with their endings (split at "\\n" only); a NUL byte is a located
        problem, and a line that is not UTF-8 (or longer than MAX_LINE) stops the reading."""
        raw_lines = chain(self.head, iter(partial(self.stream.readline, MAX_LINE), b""))
        for number, raw in enumerate(raw_lines, start=1):
            self.bytes_read += len(raw)
            if len(raw) >= MAX_LINE and not raw.endswith(b"\n"):
                raise log.fail(number, "file", f"a line longer than {MAX_LINE // (1024 * 1024)} MiB")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise log.fail(number, "file", f"byte 0x{raw[exc.start]:02x} {_NOT_UTF8}") from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            if "\x00" in text:
                log.add(number, "file", _NUL)
            yield text

    def rewind(self) -> None:
        """Back to the start of a regular file, as `open_source` left it but with no line read."""
        self.stream.seek(0)
        self.head.clear()
        self.bytes_read = 0

    def close(self) -> None:
        if self.name != "-":
            self.stream.close()


def _open_stream(name: str, stdin: BinaryIO | None) -> tuple[BinaryIO, str, int]:
    if name == "-":
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:  # the process was started with standard input closed (`<&-`)
            raise UsageError(
                "-: standard input is closed, so there is nothing to import (accepted: a file, or data piped to -)"
            )
        return stream, STDIN_LABEL, 0
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{name}: is a directory, not a file to import")
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    info = os.fstat(stream.fileno())
    return stream, name, info.st_size if stat.S_ISREG(info.st_mode) else 0


def open_source(name: str, stdin: BinaryIO | None = None) -> Source:
    """Open `name` (`-` is stdin) and read up to its first line with text; close it when done."""
    stream, label, size = _open_stream(name, stdin)
    source = Source(label, name, stream, size)
    try:
        ended = True
        for raw in iter(partial(stream.readline, MAX_LINE), b""):
            source.head.append(raw)
            if raw.strip() or len(source.head) >= _MAX_BLANK_LEAD:
                ended = False
                break
        probe = b"".join(source.head)[:_BINARY_PROBE]
        if b"\x00" in probe:
            raise DataError([f"{label}:1: file: {_BINARY}"])
        if ended and not source.head_text.strip():
            raise DataError([f"{label}:1: file: {_EMPTY}"])
    except BaseException:
        source.close()
        raise
    return source


def read_whole(name: str, stdin: BinaryIO | None = None, limit: int = MAX_BYTES) -> tuple[bytes, str]:
    """The bytes of `name` (`-` is stdin), at most `limit` of them, and the label problems name it by."""
    stream, label, _ = _open_stream(name, stdin)
    try:
        data = stream.read(limit + 1)
    finally:
        if name != "-":
            stream.close()
    if len(data) > limit:
        raise DataError([f"{label}:1: file: larger than {limit:,} bytes, the most hmip reads whole"])
    return data, label
