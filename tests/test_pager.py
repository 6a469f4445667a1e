"""A long table on a terminal goes through PAGER; a short one, a pipe, PAGER=cat and --no-pager
print straight through. Run on a real pty, with a pager that records what it was given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, hmip_command, on_terminal, process_environment

pytestmark = pytest.mark.slow  # every test here runs hmip in its own process

ROWS = 24


def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """A PAGER that copies what it is given to a file, and says so on the terminal."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(
        "import sys\n"
        f"open({str(record)!r}, 'w', encoding='utf-8').write(sys.stdin.read())\n"
        "sys.stdout.write('PAGED\\n')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}", record


def on_a_terminal(args: list[str], pager: str) -> str:
    env = {"COLUMNS": None, "LINES": None, "TERM": "xterm-256color", "HMIP_DB": str(SHIPPED_DB), "PAGER": pager}
    return on_terminal(*args, columns=100, rows=ROWS, env=env)


LONG = ["list", "--standard", "all"]
SHORT = ["list", "--rating", "inadequate", "--type", "CRC"]


def test_a_table_taller_than_the_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    pager, record = fake_pager(tmp_path)
    shown = on_a_terminal(LONG, pager)
    assert shown.strip() == "PAGED"
    paged = record.read_text(encoding="utf-8")
    assert paged.count("\n") > ROWS
    assert "\x1b[" in paged  # drawn for the terminal: colours kept
    assert "Service" in paged


def test_a_short_table_is_not_paged(tmp_path: Path) -> None:
    pager, record = fake_pager(tmp_path)
    shown = on_a_terminal(SHORT, pager)
    assert "PAGED" not in shown and "Dorset" in shown
    assert not record.exists()


@pytest.mark.parametrize(("prefix", "pager"), [(["--no-pager"], None), ([], "cat"), ([], "")])
def test_no_pager_or_pager_cat_prints_straight_through(tmp_path: Path, prefix: list[str], pager: str | None) -> None:
    command, record = fake_pager(tmp_path)
    shown = on_a_terminal([*prefix, *LONG], command if pager is None else pager)
    assert "PAGED" not in shown and shown.count("\n") > ROWS
    assert not record.exists()


def test_a_pipe_is_never_paged(tmp_path: Path) -> None:
    pager, record = fake_pager(tmp_path)
    done = subprocess.run(
        hmip_command(*LONG, "-f", "table"),
        capture_output=True,
        text=True,
        env=process_environment({"HMIP_DB": str(SHIPPED_DB), "PAGER": pager}),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "PAGED" not in done.stdout and done.stdout.count("\n") > ROWS
    assert not record.exists()
