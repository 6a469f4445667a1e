"""hmip in a real pseudo-terminal (the default table, with colour and under NO_COLOR), and
`hmip serve` stopped by a signal: Datasette stops too and the temporary file goes (loopback only)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, hmip_command, on_terminal, process_environment

pytestmark = pytest.mark.slow  # every test here runs hmip in its own process

SGR_COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9][0-9;]*m")
ESCAPES = re.compile(r"\x1b\][^\x1b]*\x1b\\|\x1b\[[0-9;?]*[A-Za-z]")


def in_terminal(args: list[str], *, columns: int, extra_env: dict[str, str] | None = None) -> str:
    """Run hmip with stdout and stderr on a pty of `columns` x 50; everything it wrote."""
    env = {"COLUMNS": None, "LINES": None, "TERM": "xterm-256color", "HMIP_DB": str(SHIPPED_DB), **(extra_env or {})}
    return on_terminal(*args, columns=columns, env=env)


def test_default_output_on_a_terminal_is_a_coloured_table_that_fits() -> None:
    for columns in (80, 160):
        text = in_terminal(["list", "--rating", "inadequate"], columns=columns)
        assert SGR_COLOUR.search(text), "ratings are coloured on a terminal"
        plain = ESCAPES.sub("", text)
        lines = plain.splitlines()
        assert lines[0] == "Overall ratings Inadequate: Probation and youth justice services"
        assert lines[1].startswith("On every row: Standard overall")  # stated once, not on every row
        assert lines[2].split()[:2] == ["Service", "Type"]
        assert all(len(line.rstrip()) <= columns for line in lines)
        assert "Inadequate" in plain and "\t" not in plain
    assert "source_url" not in plain  # at 160 the sources fit: links, labelled with their host
    assert "\x1b]8;id=" in text and "HMI Probation" in plain  # the inspectorate's own pages, by name


def test_no_color_on_a_terminal_keeps_every_word_and_drops_every_colour() -> None:
    coloured = ESCAPES.sub("", in_terminal(["league", "--year", "1"], columns=100))
    text = in_terminal(["league", "--year", "1"], columns=100, extra_env={"NO_COLOR": "1"})
    assert not SGR_COLOUR.search(text)
    assert ESCAPES.sub("", text) == coloured  # the same words, only the colour gone
    assert "Requires" in text and "Good" in text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_serve_stops_datasette_and_leaves_no_file(stop: signal.Signals, tmp_path: Path) -> None:
    pytest.importorskip("datasette")
    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = process_environment({"HMIP_DB": str(SHIPPED_DB), "TMPDIR": str(temp)})
    server = subprocess.Popen(
        hmip_command("serve", "--port", str(port)), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:  # wait for Datasette to say it is up (no clock involved)
            if b"Uvicorn running on" in line:
                break
        assert _listening(port)
        assert list(temp.iterdir()) == []  # the metadata goes to Datasette on its stdin: no file
        server.send_signal(stop)
        assert server.wait(timeout=60) == 128 + stop
    finally:
        if server.poll() is None:  # a failed assertion above: stop it the way it should stop
            server.terminate()
            server.wait(timeout=60)
    assert not _listening(port), "Datasette outlived hmip serve"
    assert list(temp.iterdir()) == []
