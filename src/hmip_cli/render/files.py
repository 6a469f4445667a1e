"""-o/--output: where a writer's output goes when it is not standard output.

A regular file is written beside itself under a temporary name and renamed over the target once
complete, so a reader (or a failed command) never sees half a file and an earlier file survives a
failure whole. A device or FIFO (`-o /dev/stdout`) is written in place: renaming over it would
replace the device. A database is never a target: output that names an SQLite file — the one in
use, the shipped one, anybody's — is refused before anything is written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from hmip_cli.errors import OutputError, UsageError

STDOUT = "-"
_SQLITE_HEADER = b"SQLite format 3\x00"


def is_stdout(path: Path | str | None) -> bool:
    return path is None or str(path) == STDOUT


def check_target(path: Path) -> None:
    """Refuse, before any work, a target that is a folder or a database."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"--output {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise UsageError(f"--output {path}: is a folder; name a file")
    if stat.S_ISREG(status.st_mode):
        try:
            with path.open("rb") as file:
                header = file.read(len(_SQLITE_HEADER))
        except OSError as error:
            raise OutputError(f"--output {path}: {error.strerror or error}") from None
        if header == _SQLITE_HEADER:
            raise UsageError(f"--output {path}: is an SQLite database; hmip never writes output over a database")


def _mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets what the umask allows."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _open(handle: int, binary: bool) -> IO[str] | IO[bytes]:
    if binary:
        return os.fdopen(handle, "wb")
    return os.fdopen(handle, "w", encoding="utf-8", newline="")


@contextmanager
def replacing(path: Path, *, binary: bool) -> Iterator[IO[str] | IO[bytes]]:
    """A stream whose content replaces `path` only when the block completes (see the module)."""
    check_target(path)
    if path.exists() and not path.is_file():
        # a device or FIFO: written where it is
        try:
            stream = _open(os.open(path, os.O_WRONLY), binary)
        except OSError as error:
            raise OutputError(f"--output {path}: cannot write there ({error.strerror or error})") from None
        with stream:
            yield stream
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"--output {path}: cannot write there ({error.strerror or error})") from None
    try:
        with _open(handle, binary) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
