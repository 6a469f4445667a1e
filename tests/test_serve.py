"""`hmip serve` in real processes on 127.0.0.1: Ctrl-C at a terminal is one line and exit 130
(the child, in its own process group, gets one signal and shuts down cleanly); SIGTERM at any
moment stops both and leaves no file behind; a busy or invalid port is one usage line; a failing
request is one line in the terminal, not a traceback. Every wait is bounded."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, hmip_command, process_environment, run

from hmip_cli.errors import INTERRUPTED_MESSAGE, ExitCode

pytest.importorskip("datasette")

STARTED = re.compile(rb"Uvicorn running on (?:\x1b\[[0-9;]*m)?http://127\.0\.0\.1:(\d+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def read_until(fd: int, pattern: re.Pattern[bytes], output: bytearray, limit: float = 120) -> bool:
    """Read `fd` into `output` until `pattern` is in it or `limit` seconds pass (or it closes)."""
    deadline = time.monotonic() + limit
    while not pattern.search(output) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return bool(pattern.search(output))
            if not chunk:
                break
            output.extend(chunk)
    return bool(pattern.search(output))


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    path = tmp_path / "tmp"
    path.mkdir()
    return path


@pytest.mark.slow
def test_ctrl_c_at_a_terminal_is_one_line_and_exit_130(temp: Path) -> None:
    port = free_port()
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes hmip, the terminal's foreground job
        env = process_environment({"HMIP_DB": str(SHIPPED_DB), "TMPDIR": str(temp), "COLUMNS": "200"})
        os.execvpe(str(hmip_command()[0]), [*map(str, hmip_command("serve", "--port", str(port)))], env)
    output = bytearray()
    try:
        assert read_until(fd, STARTED, output), output.decode(errors="replace")
        os.write(fd, b"\x03")  # Ctrl-C: SIGINT to the terminal's foreground process group
        read_until(fd, re.compile(re.escape(INTERRUPTED_MESSAGE.encode())), output)
        _, status = os.waitpid(pid, 0)
        # everything the process wrote, to the end: a second line (from the child) comes after the first
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(fd)
    text = output.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == ExitCode.INTERRUPTED
    assert text.count(INTERRUPTED_MESSAGE) == 1
    assert "Traceback" not in text and "╭" not in text, text
    assert text.count("Shutting down") == 1  # the child got one signal and shut down once
    assert port_is_free(port)
    assert list(temp.iterdir()) == []


def serve_in_background(port: int, temp: Path) -> subprocess.Popen[bytes]:
    """`hmip serve` on the shipped database, scratch files in `temp`, its stderr piped to read."""
    return subprocess.Popen(
        hmip_command("serve", "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=process_environment({"HMIP_DB": str(SHIPPED_DB), "TMPDIR": str(temp)}),
    )


@pytest.fixture
def serving(temp: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, bytearray]]:
    port = free_port()
    process = serve_in_background(port, temp)
    assert process.stderr is not None
    output = bytearray()
    try:
        assert read_until(process.stderr.fileno(), STARTED, output), output.decode(errors="replace")
        yield process, port, output
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)


@pytest.mark.slow
def test_a_failing_request_is_one_line_in_the_terminal_not_a_traceback(
    serving: tuple[subprocess.Popen[bytes], int, bytearray],
) -> None:
    process, port, output = serving
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/findings/ratings?_sort=nonexistent", timeout=60)
    assert failed.value.code == 500
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert process.stderr is not None
    output.extend(process.stderr.read())
    text = output.decode(errors="replace")
    assert "ERROR: DatasetteError: Cannot sort table by nonexistent" in text
    assert "Traceback" not in text and "╭" not in text, text


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.0, 0.2, 0.5, 1.0])
def test_sigterm_at_any_moment_stops_both_and_leaves_no_file(temp: Path, after: float) -> None:
    port = free_port()
    process = serve_in_background(port, temp)
    time.sleep(after)  # a moment during start-up: not measured, only varied
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read().decode(errors="replace")
    assert list(temp.iterdir()) == []
    assert port_is_free(port)


def test_a_busy_port_is_one_usage_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run("serve", "--port", str(port), "--db", SHIPPED_DB)
    assert (code, out) == (ExitCode.USAGE, "")
    assert err == (
        f"hmip: error: --port {port}: cannot listen on 127.0.0.1:{port}, in use "
        f"(accepted: a free port, e.g. --port {port + 1})\n"
    )


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http"])
def test_an_invalid_port_is_one_usage_line(port: str) -> None:
    code, out, err = run("serve", "--port", port, "--db", SHIPPED_DB)
    assert (code, out) == (ExitCode.USAGE, "")
    assert err.startswith("hmip: error: Invalid value for '--port'") and err.count("\n") == 1
