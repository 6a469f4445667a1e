"""The one error barrier every command passes through: HmipError -> one line and its exit code."""

from __future__ import annotations

import functools
import sqlite3
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from hmip_cli.errors import DataError, ExitCode, HmipError

P = ParamSpec("P")
R = TypeVar("R")


def report(error: HmipError) -> None:
    if isinstance(error, DataError):
        for line in error.problems:
            sys.stderr.write(f"{line}\n")
        hidden = error.total - len(error.problems)
        more = f" ({hidden} more not shown)" if hidden > 0 else ""
        noun = "problem" if error.total == 1 else "problems"
        sys.stderr.write(f"hmip: {error.total} {noun}{more}; nothing was written\n")
    else:
        sys.stderr.write(f"hmip: error: {error}\n")


def command(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so user errors end as one stderr line and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except HmipError as error:
            report(error)
            raise typer.Exit(int(error.exit_code)) from None
        except sqlite3.OperationalError as error:
            if str(error) == "interrupted":
                # Ctrl-C during a statement: SQLite stopped it (store/connection.py); exit 130
                raise KeyboardInterrupt from None
            # locked beyond the busy timeout, disk full, read-only file: the user's situation, not a bug
            sys.stderr.write(f"hmip: error: database: {error}\n")
            raise typer.Exit(int(ExitCode.ERROR)) from None

    return wrapper
