"""The installed `hmip` script and `python -m hmip_cli`, as a user's shell runs them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_process

from hmip_cli import __version__

pytestmark = pytest.mark.slow  # every test here runs hmip in its own process

ANSI = re.compile(r"\x1b\[")


def test_version() -> None:
    done = run_process("--version", text=False)
    assert done.returncode == 0
    assert done.stdout.startswith(f"hmip {__version__}; data: ".encode())  # the data's date: tests/test_release.py
    assert done.stderr == b""


def test_db_info_piped_is_plain_tsv() -> None:
    done = run_process("db", "info", text=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode("utf-8")
    assert not ANSI.search(text)
    assert not any(ch in text for ch in "│─┃━╭╰┏┗")  # no box drawing
    lines = text.splitlines()
    header = lines[0].split("\t")
    assert header[0] == "view"
    assert all(len(line.split("\t")) == len(header) for line in lines)
    by_key = {cells[1]: cells[2] for cells in (line.split("\t") for line in lines[1:]) if cells[0] == "database"}
    assert by_key["inspections"] == "275"
    assert by_key["chosen_by"] == "bundled"


def test_python_dash_m() -> None:
    done = run_process("--help", module=True, text=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode()
    assert "Usage:" in text
    assert "import" in text and "db" in text
    assert not ANSI.search(text)


def test_a_bad_import_from_a_pipe_exits_3_with_plain_stderr(tmp_path: Path) -> None:
    db = tmp_path / "mine.sqlite"
    done = run_process(
        "import",
        "-",
        "--db",
        db,
        input=b"service,provider_type,framework,standard,rating\nA,CRC,probation-2018,overall,Meh\n",
        text=False,
    )
    assert done.returncode == 3
    assert done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "<stdin>:2: rating: unknown rating 'Meh' (accepted: Outstanding, Good, Requires improvement (RI), Inadequate)",
        "hmip: 1 problem; nothing was written",
    ]
    assert not db.exists()


def test_a_usage_error_is_one_line_and_exit_2() -> None:
    done = run_process("import", text=False)
    assert done.returncode == 2
    assert done.stdout == b""
    assert len(done.stderr.decode().splitlines()) == 1
    assert b"Traceback" not in done.stderr
