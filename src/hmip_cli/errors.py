"""The tool's own error types and exit codes. No typer or rich here: the CLI maps these."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Success. Zero matching rows is a success too."""
    ERROR = 1
    """A runtime problem: a database that is missing, unreadable, locked or too new."""
    USAGE = 2
    """The command line is wrong: unknown option, bad option value, unknown year or service."""
    INVALID_DATA = 3
    """An input file failed validation; nothing was written."""
    INTERRUPTED = 130
    """Interrupted (Ctrl-C); nothing was written."""


INTERRUPTED_MESSAGE = "hmip: interrupted; nothing was written"
"""The one line a Ctrl-C prints, at whatever moment it comes (exit code INTERRUPTED)."""


class HmipError(Exception):
    """An error the user can act on: shown as one line, never a traceback."""

    exit_code = ExitCode.ERROR


class UsageError(HmipError):
    exit_code = ExitCode.USAGE


class DatabaseError(HmipError):
    exit_code = ExitCode.ERROR


class OutputError(HmipError):
    """The output could not be written: a full disk, a closed standard output, a file refused."""

    exit_code = ExitCode.ERROR


class DataError(HmipError):
    """Invalid input data. `problems` holds one line per problem, already located."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(problems[0] if problems else "invalid data")
