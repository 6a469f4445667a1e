"""The private scratch directory an import stages its rows in, owned by a lock, not by a PID.

A process killed with SIGKILL leaves its scratch behind, so each import removes the scratch
of imports that are gone. Whether one is gone is told by an advisory lock (`flock`) its owner
holds on `owner.lock` inside it for the scratch's whole life: the kernel releases the lock when
the owner dies, however it dies. A PID is no such proof: processes in another PID namespace
(another container sharing /tmp) have PIDs that mean nothing here, and a PID is reused.
A scratch with no `owner.lock` (one being made, or left by an older hmip) is never removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PREFIX = "hmip-import-"
LOCK_NAME = "owner.lock"


@contextmanager
def scratch_directory() -> Iterator[Path]:
    """A new private directory, locked as this process's until the block ends, then removed;
    abandoned ones (their lock free) are removed first."""
    remove_abandoned()
    path = Path(tempfile.mkdtemp(prefix=PREFIX))
    try:
        with _owning(path):
            yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _owning(path: Path) -> Iterator[None]:
    # locked under another name, then renamed into place: no cleaner ever sees an owner.lock
    # that is not yet held (rename keeps the open, locked file)
    pending = path / f".{LOCK_NAME}"
    descriptor = os.open(pending, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.rename(pending, path / LOCK_NAME)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def remove_abandoned(directory: Path | None = None) -> list[Path]:
    """Remove every scratch in `directory` (the temporary directory) whose owner's lock is free;
    those removed."""
    removed = []
    for path in Path(directory or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        with suppress(OSError):
            if _remove_if_abandoned(path):
                removed.append(path)
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    try:
        descriptor = os.open(path / LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False  # not a scratch with an owner's lock: not ours to judge
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its owner is alive, in whatever PID namespace
        shutil.rmtree(path, ignore_errors=True)
        return True
    finally:
        os.close(descriptor)
