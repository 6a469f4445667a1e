"""The environment of one invocation: its streams, which of them are terminals, colour, width.

Built once, by the root command (`hmip_cli.app`), from the process, and handed down to every
writer; a test builds its own (a fake terminal of a given width, say) and passes it in as the
root's `obj`. No typer or rich here: the render layer reads it, the app layer makes it.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from dataclasses import dataclass
from typing import BinaryIO, TextIO, cast


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed stream
        return False


class ClosedStream(io.TextIOBase):
    """A standard stream the process does not have. Standard output refuses every write as a
    closed file descriptor would (EBADF), so data is never lost without a word; standard error,
    where only messages go, takes them and drops them, so the command's own outcome (an import
    that committed) still decides the exit status."""

    def __init__(self, name: str, *, discard: bool = False) -> None:
        self.name = name
        self.discard = discard

    def write(self, text: str) -> int:
        if self.discard:
            return len(text)
        raise OSError(errno.EBADF, f"{self.name} is closed")

    def isatty(self) -> bool:
        return False


@dataclass
class Environment:
    out: TextIO
    err: TextIO
    stdin: BinaryIO | None
    """None when the process has no standard input (closed)."""
    out_is_terminal: bool
    err_is_terminal: bool
    colour: bool
    """False when NO_COLOR is set; Rich also leaves out colour where the stream is not a terminal."""
    width: int | None = None
    """Columns to draw in; None: Rich's own choice (COLUMNS, then the terminal's width, then 80)."""
    traceback: bool = False
    """--traceback or HMIP_TRACEBACK=1: the error barrier re-raises instead of printing one line."""
    pager: bool = False
    """A table taller than the terminal may go through PAGER (render/pager.py): the process's own
    environment only, and not after `hmip --no-pager`."""

    @classmethod
    def on(
        cls,
        out: TextIO,
        err: TextIO,
        stdin: BinaryIO | None = None,
        *,
        terminal: bool | None = None,
        colour: bool = True,
        width: int | None = None,
    ) -> Environment:
        """An environment on these streams; `terminal` says whether both are terminals (by
        default each stream's isatty says), as a test's fake terminal needs."""
        return cls(
            out=out,
            err=err,
            stdin=stdin,
            out_is_terminal=_is_terminal(out) if terminal is None else terminal,
            err_is_terminal=_is_terminal(err) if terminal is None else terminal,
            colour=colour,
            width=width,
        )

    @classmethod
    def from_process(cls) -> Environment:
        """This process's streams as they are now (under CliRunner, the runner's). A stream the
        process was started without (`hmip list >&-`) is one that refuses every write with EBADF,
        so the writer's error reaches the barrier like any other."""
        return cls(
            out=sys.stdout if sys.stdout is not None else cast(TextIO, ClosedStream("standard output")),
            err=sys.stderr if sys.stderr is not None else cast(TextIO, ClosedStream("standard error", discard=True)),
            stdin=getattr(sys.stdin, "buffer", None),
            out_is_terminal=_is_terminal(sys.stdout),
            err_is_terminal=_is_terminal(sys.stderr),
            colour=not os.environ.get("NO_COLOR"),
            traceback=os.environ.get("HMIP_TRACEBACK", "") not in ("", "0"),
            pager=True,
        )

    def note(self, message: str) -> None:
        """A message for people, never data: stderr, one line. The names and values it quotes
        came from files and command lines, so their control characters are shown escaped. A
        stderr that is gone (a pipe whose reader left) loses the message, not the command: an
        import that committed still exits 0, and a failure keeps its own exit code."""
        from hmip_cli.render.safe import visible

        try:
            self.err.write(visible(message.rstrip("\n")) + "\n")
            self.err.flush()
        except (OSError, ValueError):
            broken, self.err = self.err, cast(TextIO, ClosedStream("standard error", discard=True))
            if broken is sys.stderr:
                # nor may Python's own flush of it at exit turn the exit status into 120
                sys.stderr = self.err
