"""An import's scratch is owned by a lock its owner holds for the scratch's life, never by a PID:
a live import's scratch survives any other import, whatever PID its name or its owner has
(another PID namespace sharing /tmp sees PIDs that mean nothing here); an abandoned one (its
owner killed) is removed by the next import, whatever PID is alive here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import init_db, run, write

from hmip_cli.actions.scratch import LOCK_NAME, PREFIX, remove_abandoned, scratch_directory

GOOD_CSV = "service,provider_type,framework,standard,rating\nNew CRC,CRC,probation-2018,overall,Good\n"

# Another process that holds a scratch's lock, as a live import in another container would.
HOLD = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory the import's scratch goes in (as a shared /tmp)."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    return shared


def a_dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def scratch_named(temp: Path, pid: int) -> Path:
    """A scratch as another import made it, its name carrying `pid` (as the old names did)."""
    path = temp / f"{PREFIX}{pid}-x{len(list(temp.iterdir()))}"
    path.mkdir()
    (path / LOCK_NAME).touch()
    (path / "stage.sqlite").write_bytes(b"rows staged by another import")
    return path


@pytest.fixture
def held(temp: Path) -> Iterator[Path]:
    """A live import's scratch in another PID namespace: its name has a PID that is dead here,
    and the process holding its lock is not the one its name says."""
    path = scratch_named(temp, a_dead_pid())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path / LOCK_NAME)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    yield path
    holder.kill()
    holder.wait()


def test_a_live_imports_scratch_is_never_removed_whatever_its_pid(temp: Path, held: Path, tmp_path: Path) -> None:
    db = init_db(tmp_path / "mine.sqlite", empty=True)
    assert run("import", write(tmp_path / "new.csv", GOOD_CSV), "--db", db).exit_code == 0
    assert (held / "stage.sqlite").read_bytes() == b"rows staged by another import"
    assert remove_abandoned(temp) == []


def test_an_abandoned_scratch_is_removed_whatever_pid_is_alive(temp: Path, tmp_path: Path) -> None:
    # its name has PIDs that are alive here (this process, init): that proves nothing
    abandoned = [scratch_named(temp, os.getpid()), scratch_named(temp, 1), scratch_named(temp, a_dead_pid())]
    db = init_db(tmp_path / "mine.sqlite", empty=True)
    assert run("import", write(tmp_path / "new.csv", GOOD_CSV), "--db", db).exit_code == 0
    assert not any(path.exists() for path in abandoned)
    assert list(temp.iterdir()) == []  # and the import's own scratch is gone too


def test_a_directory_without_an_owner_lock_is_left_alone(temp: Path) -> None:
    foreign = temp / f"{PREFIX}{a_dead_pid()}-old"  # being made, or an older hmip's
    foreign.mkdir()
    assert remove_abandoned(temp) == []
    assert foreign.exists()


def test_the_lock_is_held_for_the_scratch_life_and_freed_with_it(temp: Path) -> None:
    with scratch_directory() as path:
        assert (path / LOCK_NAME).exists()
        assert remove_abandoned(temp) == []  # its own scratch, alive: kept
        assert path.exists()
    assert not path.exists()


@pytest.mark.slow
def test_an_import_killed_mid_way_leaves_a_scratch_the_next_import_removes(temp: Path, tmp_path: Path) -> None:
    db = init_db(tmp_path / "mine.sqlite", empty=True)
    # an import held open on a FIFO: its scratch exists, its lock held, until it is killed
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    importing = subprocess.Popen(
        [sys.executable, "-m", "hmip_cli", "import", str(fifo), "--db", str(db), "--format", "long-csv"],
        env={**os.environ, "TMPDIR": str(temp)},
        stderr=subprocess.DEVNULL,
    )
    with fifo.open("w") as writer:
        writer.write(GOOD_CSV.splitlines()[0] + "\n")
        writer.flush()
        deadline = time.monotonic() + 60
        while not list(temp.glob(f"{PREFIX}*/{LOCK_NAME}")):
            assert importing.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert remove_abandoned(temp) == []  # alive
        importing.send_signal(signal.SIGKILL)
        importing.wait(timeout=60)
    left = list(temp.glob(f"{PREFIX}*"))
    assert len(left) == 1
    assert run("import", write(tmp_path / "new.csv", GOOD_CSV), "--db", db).exit_code == 0
    assert list(temp.iterdir()) == []
