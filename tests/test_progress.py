"""The import progress bar: drawn on a terminal after the first second, absent everywhere else."""

from __future__ import annotations

import io

import pytest

from hmip_cli.environment import Environment
from hmip_cli.render import progress as progress_module
from hmip_cli.render.progress import progress_on


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_when_stderr_is_not_a_terminal() -> None:
    err = io.StringIO()
    with progress_on(Environment.on(io.StringIO(), err)) as progress:
        assert progress is None
    assert err.getvalue() == ""


def test_progress_is_drawn_on_a_terminal_once_work_is_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)
    monkeypatch.setenv("TERM", "xterm-256color")
    err = Terminal()
    with progress_on(Environment.on(io.StringIO(), err)) as progress:
        assert progress is not None
        progress("validating", 50, 100)
        progress("writing", 0, 0)
    assert "validating" in err.getvalue() or "writing" in err.getvalue()


def test_quick_work_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 60.0)
    err = Terminal()
    with progress_on(Environment.on(io.StringIO(), err)) as progress:
        assert progress is not None
        progress("validating", 50, 100)
    assert err.getvalue() == ""
