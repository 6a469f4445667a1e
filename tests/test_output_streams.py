"""Every writer's OSError ends at the one barrier (app.py) as one line and exit 1: a full disk
(/dev/full), a standard output the process was started without; a closed pipe stays quiet
(tests/test_output.py). Through the real console script, since only a real process has real
file descriptors and the interpreter's own final flush."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, hmip_command, process_environment, run

from hmip_cli.environment import ClosedStream, Environment

FULL = Path("/dev/full")
FULL_DISK = "hmip: error: cannot write the output: No space left on device\n"


def _into_full_disk(*args: str) -> subprocess.CompletedProcess[str]:
    with FULL.open("w") as full:
        return subprocess.run(
            hmip_command(*args, "--db", SHIPPED_DB),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=process_environment(),
            timeout=60,
            check=False,
        )


@pytest.mark.slow
@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "-f", "json"],
        ["list", "-f", "ndjson"],
        ["list", "--standard", "all", "-f", "csv"],
        ["sql", "SELECT * FROM ratings", "-f", "csv"],
        ["league", "-f", "table"],
        ["chart", "heatmap"],
        ["db", "path"],
        ["cite"],
        ["list", "-f", "xlsx"],
    ],
)
def test_a_full_disk_is_one_line_and_exit_1(args: list[str]) -> None:
    done = _into_full_disk(*args)
    assert (done.returncode, done.stderr) == (1, FULL_DISK)


@pytest.mark.slow
def test_list_with_standard_output_closed_is_one_line_and_exit_1() -> None:
    done = subprocess.run(
        hmip_command("list", "--db", SHIPPED_DB),
        stderr=subprocess.PIPE,
        text=True,
        env=process_environment(),
        preexec_fn=lambda: os.close(1),  # the child starts without a standard output
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "hmip: error: cannot write the output: standard output is closed\n")


@pytest.mark.slow
@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
def test_with_standard_error_closed_too_the_exit_status_still_tells() -> None:
    with FULL.open("w") as full:
        done = subprocess.run(
            hmip_command("list", "--db", SHIPPED_DB),
            stdout=full,
            env=process_environment(),
            preexec_fn=lambda: os.close(2),
            timeout=60,
            check=False,
        )
    assert done.returncode == 1


def test_a_closed_standard_output_in_process() -> None:
    err = io.StringIO()
    env = Environment.on(ClosedStream("standard output"), err, terminal=False)  # type: ignore[arg-type]
    result = run("list", "--db", SHIPPED_DB, "-f", "csv", obj=env)
    assert result.exit_code == 1 and result.exception is None
    assert err.getvalue() == "hmip: error: cannot write the output: standard output is closed\n"


def test_a_closed_standard_error_drops_messages_not_the_outcome() -> None:
    out = io.StringIO()
    env = Environment.on(out, ClosedStream("standard error", discard=True), terminal=False)  # type: ignore[arg-type]
    result = run("list", "--db", SHIPPED_DB, "--service", "no such name at all", "-f", "csv", obj=env)
    assert result.exit_code == 0 and out.getvalue().startswith("service,")
