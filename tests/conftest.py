"""Shared test set-up: a clean environment per test, real SQLite files in tmp dirs, no mocks."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hmip_cli.app import app
from hmip_cli.store.locations import bundled_database

ROOT = Path(__file__).resolve().parents[1]
# The shipped database as this installation reads it: the checkout's file in an editable
# install, the wheel's byte-identical copy otherwise. Tests that write go through this one.
BUNDLED = bundled_database()
COMMITTED = ROOT / "data" / "findings.sqlite"
SOURCE_CSV = ROOT / "data" / "source" / "ratings.csv"
DATA = Path(__file__).parent / "data"
IMPORT_DATA = DATA / "import"

# The summary line every successful import writes to stderr (the last line, after any changes
# an --update lists); inspections changed by an --update are counted inside the brackets.
SUMMARY = (
    r"(?P<prefix>dry run, nothing written: )?"
    r"(?P<added>\d+) added, (?P<changed>\d+) changed, (?P<unchanged>\d+) unchanged "
    r"\((?P<new>\d+) new inspections(?:, (?P<inspections_changed>\d+) inspections changed)?\) in (?P<path>.+)"
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No test sees the developer's database, colours or terminal; the user database is per test."""
    xdg = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    for name in ("HMIP_DB", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    return xdg


@pytest.fixture
def user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database path that does not exist yet; HMIP_DB points at it."""
    path = tmp_path / "user" / "findings.sqlite"
    monkeypatch.setenv("HMIP_DB", str(path))
    return path


def run(*args: str | Path, input: bytes | str | None = None) -> Result:
    """`hmip ARGS` in-process; stdout and stderr are captured separately."""
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


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
