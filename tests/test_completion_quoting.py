"""Completion never runs data: a stored name holding `$(…)`, backticks or `!!`, and the shipped
name with an apostrophe, completed with TAB in a real interactive bash, zsh and fish (each
through a pseudo-terminal, in each quoting context: none, `'` and `"`), comes back as exactly
that name, and nothing it holds is run. The quoting functions themselves are checked against a
real shell too, over many awkward values at once."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers import console_script, init_db, run, write

from hmip_cli.commands.shell_words import bash_word, can_offer, open_quote, zsh_word

EVIL = "evil $(touch MARKER) `touch MARKER2` !! x"
APOSTROPHE = "Leicester City Children and Young People's Justice Service"  # in the shipped data
AWKWARD = [
    EVIL,
    APOSTROPHE,
    'it\'s "quoted" \\ back',
    "dollar $HOME and ${HOME} and $'x'",
    "glob * ? [a] {b,c} ~ # ; & | < > ( )",
    "bang! !-1 !$ ^x^y",
    "Ynys Môn — ‘curly’ “quotes” 東京",
    "  spaced   out  ",
]


@pytest.fixture
def evil_db(tmp_path: Path) -> Path:
    db = init_db(tmp_path / "evil.sqlite", empty=True)
    source = write(
        tmp_path / "evil.csv",
        "service,provider_type,framework,standard,rating\n"
        f'"{EVIL}",CRC,probation-2018,overall,Good\n'
        f"{APOSTROPHE},YOT,youth-2021,overall,Good\n",
    )
    assert run("import", source, "--db", db).exit_code == 0
    return db


# ---- the quoting functions, read back by real shells ------------------------------------------


@pytest.mark.parametrize("quote", [None, "'", '"'])
def test_bash_reads_each_quoted_candidate_back_exactly(tmp_path: Path, quote: str | None) -> None:
    opening = quote or ""
    lines = [f"printf '%s\\0' {opening}{bash_word(value, quote)}{opening}" for value in AWKWARD]
    # -i: history expansion (`!!`) is on, as in the shell a user types into
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-i"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=30,
        check=False,
    )
    assert done.stdout.split("\0")[:-1] == AWKWARD
    assert list(tmp_path.iterdir()) == []  # nothing ran


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_evaluates_each_candidate_word_to_the_value(tmp_path: Path) -> None:
    write(tmp_path / "words", "show " + " ".join(zsh_word(value) for value in AWKWARD))
    # as Typer's zsh script does: an unquoted command substitution (word splitting), then eval
    script = "show() { printf '%s\\0' \"$@\"; }; eval $(cat words)"
    done = subprocess.run(
        ["zsh", "-f", "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=30, check=False
    )
    assert done.stdout.split("\0")[:-1] == AWKWARD, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["words"]


def test_a_value_with_a_control_or_format_character_is_never_offered() -> None:
    assert can_offer(APOSTROPHE) and can_offer(EVIL)
    assert not any(can_offer(f"a{c}b") for c in ["\n", "\t", "\x1b", "\u200b", "\u202e", "\x00"])


@pytest.mark.parametrize(
    ("line", "quote"),
    [
        ("hmip show evil", None),
        ("hmip show 'evil $(", "'"),
        ('hmip show "evil $(', '"'),
        ("hmip show \"it's", '"'),
        ("hmip show 'a\"b", "'"),
        ("hmip show a\\'b", None),
        ("hmip show 'done' \"again", '"'),
    ],
)
def test_the_open_quote_is_read_as_bash_reads_it(line: str, quote: str | None) -> None:
    assert open_quote(line) == quote


# ---- TAB in real interactive shells -------------------------------------------------------------

SHELLS = {
    "bash": (
        ["bash", "--norc", "--noprofile", "-i"],
        ['eval "$(_HMIP_COMPLETE=source_bash hmip)"', "hmip() { printf '<%s>' \"$@\"; echo; }"],
    ),
    "zsh": (
        ["zsh", "-f", "-i"],
        [
            "autoload -Uz compinit && compinit -u",
            'eval "$(_HMIP_COMPLETE=source_zsh hmip)"',
            "hmip() { printf '<%s>' \"$@\"; echo; }",
        ],
    ),
    "fish": (
        ["fish", "--no-config", "-i"],
        ["_HMIP_COMPLETE=source_fish command hmip | source", "function hmip; printf '<%s>' $argv; echo; end"],
    ),
}


def complete_and_run(shell: str, typed: str, db: Path, cwd: Path) -> str:
    """Type `typed`, TAB, Enter in an interactive `shell` whose `hmip` completes from `db` but
    runs as a function printing its arguments as `<arg>`; what those arguments were."""
    argv, setup = SHELLS[shell]
    env = {
        **os.environ,
        "HMIP_DB": str(db),
        "PATH": f"{console_script().parent}{os.pathsep}{os.environ['PATH']}",
        "TERM": "xterm" if shell == "fish" else "dumb",
        "INPUTRC": "/dev/null",
        "HOME": str(cwd),
        "PS1": "$ ",
    }
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the shell
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    output = b""
    try:
        # each line typed once the shell has answered the last one: RE''ADY echoes as READY
        for line in [*setup, "echo RE''ADY"]:
            os.write(fd, line.encode() + b"\n")
        output = _read_until(fd, output, rb"READY\r?\n")
        os.write(fd, typed.encode() + b"\t")
        output = _read_until(fd, output, rb"READY\r?\n", settle=True)
        os.write(fd, b"\n")
        output = _read_until(fd, output, rb"<show><[^\r\n]*>\r?\n")
    finally:
        os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
    found = re.findall(rb"<show>((?:<[^<>\r\n]*>)+)\r?\n", output)
    assert found, output.decode(errors="replace")[-2000:]
    return found[-1].decode()[1:-1]


def _read_until(fd: int, output: bytes, pattern: bytes, *, settle: bool = False, limit: float = 30) -> bytes:
    """Read the terminal until `pattern` appears (bounded), or, with `settle`, until it is quiet
    for a moment (the completion written); never longer than `limit` seconds."""
    deadline = time.monotonic() + limit
    start = len(output)
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5 if settle else 1)
        if ready:
            try:
                output += os.read(fd, 65536)
            except OSError:
                break
        elif settle and len(output) > start:
            break
        if not settle and re.search(pattern, output[start:]):
            break
    return output


@pytest.mark.slow
@pytest.mark.parametrize("shell", list(SHELLS))
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('hmip show "evil', EVIL),
        ("hmip show 'evil", EVIL),
        ("hmip show evil", EVIL),
        ("hmip show 'Leicester", APOSTROPHE),
        ('hmip show "Leicester', APOSTROPHE),
        ("hmip show Leicester", APOSTROPHE),
    ],
)
def test_tab_completes_a_name_that_is_then_passed_exactly_and_runs_nothing(
    tmp_path: Path, evil_db: Path, shell: str, typed: str, expected: str
) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    home = tmp_path / "home"
    home.mkdir()
    assert complete_and_run(shell, typed, evil_db, home) == expected
    assert not (home / "MARKER").exists() and not (home / "MARKER2").exists()
