"""Fixtures only: a clean environment per test, real SQLite files in tmp dirs, no mocks.
What tests import by name (run, check_golden, SHIPPED_DB, rows …) is in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SHIPPED_DB, init_db


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No test sees the developer's database, colours or terminal; the user database is per test."""
    xdg = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    for name in (
        "HMIP_DB",
        "HMIP_FRAMEWORKS",
        "NO_COLOR",
        "FORCE_COLOR",
        "GITHUB_ACTIONS",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PAGER", "cat")  # a table on a test's pty prints straight through (tests/test_pager.py)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    return xdg


@pytest.fixture
def user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database path that does not exist yet; HMIP_DB points at it."""
    path = tmp_path / "user" / "findings.sqlite"
    monkeypatch.setenv("HMIP_DB", str(path))
    return path


@pytest.fixture
def own_db(tmp_path: Path) -> Path:
    """A database of one's own (`hmip db init`: the shipped data, writable)."""
    return init_db(tmp_path / "own.sqlite")


@pytest.fixture
def reads_shipped_db(monkeypatch: pytest.MonkeyPatch) -> Path:
    """HMIP_DB names the shipped database: for modules that only read it (`pytestmark`)."""
    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))
    return SHIPPED_DB
