"""The test toolkit: the one way to run hmip in-process (`run`), the one way to run it in a real
process (`hmip_command`, `run_process`), golden files, and the plain helpers tests share.

Fixtures live in conftest.py; everything a test imports by name lives here (`from helpers import …`;
pytest puts tests/ on sys.path, see `pythonpath` in pyproject.toml).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hmip_cli.app import app
from hmip_cli.store.locations import bundled_database

ROOT = Path(__file__).resolve().parents[1]
# The shipped database as the installed package finds it: the checkout's file in an editable
# install, the wheel's byte-identical copy otherwise. What users read; tests that try to write
# to the shipped file aim at this one.
SHIPPED_DB = bundled_database()
# data/findings.sqlite in this checkout: the committed file itself, whichever copy is installed.
CHECKOUT_DB = ROOT / "data" / "findings.sqlite"
SOURCE_CSV = ROOT / "data" / "source" / "ratings.csv"
FIGURES_CSV = ROOT / "data" / "source" / "figures.csv"
DATA = Path(__file__).parent / "data"
IMPORT_DATA = DATA / "import"
GOLDEN = Path(__file__).parent / "golden"
# The small database the format goldens read: built at test time, by the real import, from these
# checked-in hard cases (quotes, [wales], wide characters, long URLs, nulls, shared ranks, both
# sectors, a news source, CRCs), so growing the shipped data never rewrites a golden file.
FIXTURE_DATA = DATA / "fixture"

# The summary line every successful import writes to stderr (the last line, after any changes
# an --update lists); inspections changed by an --update are counted inside the brackets, and
# rows whose rating was left empty (not recorded) after them.
SUMMARY = (
    r"(?P<prefix>dry run, nothing written: )?"
    r"(?P<added>\d+) added, (?P<changed>\d+) changed, (?P<unchanged>\d+) unchanged "
    r"\((?P<new>\d+) new inspections(?:, (?P<inspections_changed>\d+) inspections changed)?\)"
    r"(?:, (?P<left_empty>\d+) left empty)? in (?P<path>.+)"
)


# ---- hmip in-process ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """What one in-process `hmip` run gave: exit code, stdout and stderr apart. Unpacks as
    `code, out, err = run(...)`; `exception` is what escaped the command, if anything did."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.exit_code, self.stdout, self.stderr))


def run(
    *args: str | Path,
    input: bytes | str | None = None,
    env: Mapping[str, str | None] | None = None,
    obj: object = None,
) -> Ran:
    """`hmip ARGS` in-process with Typer's CliRunner, in the environment as the test left it plus
    `env` (None unsets a variable); `obj` is the root context's object (an Environment, say)."""
    result = CliRunner().invoke(app, [str(a) for a in args], input=input, env=env, obj=obj)
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Ran(result.exit_code, result.stdout, result.stderr, exception)


# ---- hmip in its own process ---------------------------------------------------------------------
# Only for what needs a real process: signals, a pty, the console script itself, a pipe or FIFO,
# Ctrl-C, a fresh interpreter, another installation.


def console_script() -> Path:
    """This environment's installed `hmip` script (beside the interpreter, else on PATH)."""
    beside_python = Path(sys.executable).parent / "hmip"
    if beside_python.exists():
        return beside_python
    found = shutil.which("hmip")
    if found is None:
        pytest.fail("the hmip console script is not installed (pip install -e '.[test]')")
    return Path(found)


def hmip_command(*args: str | bytes | Path, module: bool = False, script: Path | None = None) -> list[Any]:
    """The argv that runs `hmip ARGS`: the console script, `python -m hmip_cli` with module=True,
    or another installation's `script`. For subprocess.Popen where a test must signal the process."""
    if module:
        prefix: list[Any] = [sys.executable, "-m", "hmip_cli"]
    else:
        prefix = [str(script or console_script())]
    return [*prefix, *args]


def process_environment(changes: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The test's environment with `changes` applied; a None value removes the variable."""
    env = dict(os.environ)
    for name, value in (changes or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def on_terminal(
    *args: str | Path, columns: int | None = None, rows: int = 50, env: Mapping[str, str | None] | None = None
) -> str:
    """Run hmip in its own process with stdin, stdout and stderr on a pseudo-terminal (sized
    `columns` x `rows` unless columns is None), `env` applied; everything it wrote, LF for CRLF.
    The process must exit 0."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    if columns is not None:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    child = subprocess.Popen(
        hmip_command(*args), stdin=follower, stdout=follower, stderr=follower, env=process_environment(env)
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def run_process(
    *args: str | bytes | Path,
    input: bytes | str | None = None,
    env: Mapping[str, str | None] | None = None,
    module: bool = False,
    script: Path | None = None,
    text: bool = True,
    timeout: float = 60,
) -> subprocess.CompletedProcess[Any]:
    """`hmip ARGS` in its own process to the end, stdout and stderr captured apart."""
    return subprocess.run(
        hmip_command(*args, module=module, script=script),
        input=input,
        capture_output=True,
        text=text,
        env=process_environment(env),
        timeout=timeout,
        check=False,
    )


def run_python(code: str) -> str:
    """Run `code` in a fresh interpreter (nothing imported yet) and return what it printed."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


# ---- golden files ------------------------------------------------------------------------------


def check_golden(name: str, text: str) -> None:
    """`text` is tests/golden/NAME byte for byte; UPDATE_GOLDEN=1 rewrites the file (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def read_golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


# ---- files ---------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    """A UTF-8 file holding `text` (an import's input, say); its path."""
    path.write_text(text, encoding="utf-8")
    return path


# ---- database files ----------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Query a database file read-only (so the test itself never changes what it inspects)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def table(path: Path, name: str) -> list[tuple[object, ...]]:
    """Every row of a table, in a stable order."""
    columns = [r[1] for r in rows(path, f"PRAGMA table_info({name})")]
    order = ", ".join(f'"{c}"' for c in columns)
    return rows(path, f'SELECT * FROM "{name}" ORDER BY {order}')


def init_db(path: Path, *, empty: bool = False) -> Path:
    """Create a database with `hmip db init`, checking that it worked."""
    result = run("db", "init", "--db", path, *(["--empty"] if empty else []))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return path


FIXTURE_ENV = {"HMIP_RECORD_FILES": str(FIXTURE_DATA), "HMIP_FRAMEWORKS": None}
"""The fixture's reference data (scores, known inspections, provider types) is its own too."""


def build_fixture_db(path: Path) -> Path:
    """The goldens' database: an empty one, then tests/data/fixture's ratings and figures imported."""
    result = run("db", "init", "--empty", "--db", path, env=FIXTURE_ENV)
    assert result.exit_code == 0, result.stderr
    for name in ("ratings.csv", "figures.csv"):
        result = run("import", FIXTURE_DATA / name, "--db", path, env=FIXTURE_ENV)
        assert result.exit_code == 0, result.stderr
    return path


def generated_csv(inspections: int, path: Path, shape: str = "synthetic") -> int:
    """bench/generate.py's long CSV of `inspections` inspections of `shape` (synthetic, or
    template: the shipped rows copied with suffixed ids); the number of rows."""
    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from generate import generate

    return int(generate(inspections, path, shape=shape))
