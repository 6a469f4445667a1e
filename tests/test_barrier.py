"""The one error barrier in the root command, and the one Environment each invocation runs in."""

from __future__ import annotations

import importlib
import io
import re
import sqlite3
from collections.abc import Callable, Iterator

import pytest
import typer
from helpers import run

from hmip_cli.app import COMMANDS
from hmip_cli.environment import Environment
from hmip_cli.errors import DatabaseError, DataError, ExitCode, HmipError, UsageError


def every_command() -> Iterator[tuple[tuple[str, ...], Callable[..., object], str]]:
    """(command path, owner, attribute or index) of every command the root registers: plain
    commands, each group's own callback, and each group's subcommands."""
    for name, (module_name, attribute, _panel) in COMMANDS.items():
        module = importlib.import_module(f"hmip_cli.commands.{module_name}")
        target = getattr(module, attribute)
        if not isinstance(target, typer.Typer):
            yield (name,), module, attribute
            continue
        if target.registered_callback is not None and target.registered_callback.callback is not None:
            yield (name,), target.registered_callback, "callback"
        for info in target.registered_commands:
            yield (name, info.name or ""), info, "callback"


COMMAND_PATHS = [path for path, _, _ in every_command()]


def test_every_command_is_listed() -> None:
    # a command added to the app but missed by every_command() would go unchecked
    assert len(COMMAND_PATHS) == len(set(COMMAND_PATHS)) >= 20
    assert ("figures",) in COMMAND_PATHS and ("figures", "check") in COMMAND_PATHS
    assert ("db", "build") in COMMAND_PATHS and ("chart", "history") in COMMAND_PATHS


def raising(error: BaseException) -> Callable[[], None]:
    def command() -> None:
        raise error

    return command


def invoke_raising(monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...], error: BaseException) -> object:
    for candidate, owner, attribute in every_command():
        if candidate == path:
            # the command's own function raises, as its queries would: the barrier is the root's
            monkeypatch.setattr(owner, attribute, raising(error))
    return run(*path)


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_every_command_turns_the_tools_error_into_one_line_and_its_code(
    monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    result = invoke_raising(monkeypatch, path, DatabaseError(f"{' '.join(path)} failed"))
    assert (result.exit_code, result.stdout) == (ExitCode.ERROR, "")  # type: ignore[attr-defined]
    assert result.stderr == f"hmip: error: {' '.join(path)} failed\n"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("error", "code", "stderr"),
    [
        (UsageError("--year: no such year"), ExitCode.USAGE, "hmip: error: --year: no such year\n"),
        (
            DataError(["f.csv:2: rating: unknown", "f.csv:3: rating: unknown"], total=7),
            ExitCode.INVALID_DATA,
            "f.csv:2: rating: unknown\nf.csv:3: rating: unknown\n"
            "hmip: 7 problems (5 more not shown); nothing was written\n",
        ),
        (
            sqlite3.OperationalError("database is locked"),
            ExitCode.ERROR,
            "hmip: error: database: database is locked\n",
        ),
        (sqlite3.OperationalError("interrupted"), ExitCode.INTERRUPTED, "hmip: interrupted; nothing was written\n"),
    ],
)
def test_each_kind_of_error_has_its_code(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int, stderr: str
) -> None:
    result = invoke_raising(monkeypatch, ("league",), error)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", stderr)  # type: ignore[attr-defined]


def test_anything_else_is_a_bug_and_stays_loud(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke_raising(monkeypatch, ("list",), RuntimeError("a bug"))
    assert isinstance(result.exception, RuntimeError)  # type: ignore[attr-defined]
    assert "hmip: error" not in result.stderr  # type: ignore[attr-defined]


def test_a_broken_constraint_is_a_bug_too(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke_raising(monkeypatch, ("list",), sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert isinstance(result.exception, sqlite3.IntegrityError)  # type: ignore[attr-defined]


@pytest.mark.parametrize("how", ["option", "variable"])
def test_traceback_re_raises_the_tools_error(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    for candidate, owner, attribute in every_command():
        if candidate == ("list",):
            monkeypatch.setattr(owner, attribute, raising(DatabaseError("locked")))
    result = run("--traceback", "list") if how == "option" else run("list", env={"HMIP_TRACEBACK": "1"})
    assert isinstance(result.exception, HmipError)
    assert "hmip: error" not in result.stderr


def run_in(env: Environment, *args: str) -> int:
    return run(*args, obj=env).exit_code


def test_a_table_by_default_on_a_terminal_and_tsv_in_a_pipe() -> None:
    terminal, pipe = io.StringIO(), io.StringIO()
    assert run_in(Environment.on(terminal, io.StringIO(), terminal=True, width=100), "list", "-r", "inadequate") == 0
    assert run_in(Environment.on(pipe, io.StringIO(), terminal=False), "list", "-r", "inadequate") == 0
    table, tsv = terminal.getvalue(), pipe.getvalue()
    assert "━" in table or "─" in table  # Rich's rules: a table
    assert all(len(line) <= 100 for line in table.splitlines())
    assert "ratings from" in table  # the summary line only a table shows
    assert tsv.splitlines()[0].split("\t")[:3] == ["service", "provider_type", "region"]
    assert "─" not in tsv and "━" not in tsv
    # the same rows either way: the table's count is the pipe's number of rows
    counted = re.search(r"(\d+) ratings from", table)
    assert counted is not None and int(counted.group(1)) == len(tsv.splitlines()) - 1


def test_notes_go_to_the_environments_stderr() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_in(Environment.on(out, err, terminal=False), "list", "--service", "no such service xyz") == 0
    # a note on the result (the name that matches nothing), beside machine output: stderr only
    assert "matches no service" in err.getvalue() and "matches no service" not in out.getvalue()


@pytest.mark.parametrize("args", [["--topic", "funding"], ["--format", "csv"], ["-b", "offence=Total"]])
def test_figures_options_before_check_are_a_usage_error_not_ignored(args: list[str]) -> None:
    result = run("figures", *args, "check")
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr.startswith(f"hmip: error: {args[0] if args[0] != '-b' else '--breakdown'} given before")
    # given after `check`, the same option narrows the check
    if args[0] != "-b":
        assert run("figures", "check", *args).exit_code == 0
