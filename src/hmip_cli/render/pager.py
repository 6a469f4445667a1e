"""A pager for a table taller than the terminal, as git does it: only when stdout is a terminal,
never in a pipe; PAGER chooses it (`less`, with LESS=FRX unless LESS is set); PAGER=cat or an
empty PAGER, or `hmip --no-pager`, prints straight through."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

DEFAULT_PAGER = "less"
DEFAULT_LESS = "FRX"
"""Quit if one screen holds it, let colours through raw, leave the text on screen afterwards."""


def pager_command() -> list[str] | None:
    """The pager to run, from PAGER; None when paging is off (PAGER empty or cat)."""
    chosen = os.environ.get("PAGER", DEFAULT_PAGER)
    words = shlex.split(chosen) if chosen.strip() else []
    if not words or os.path.basename(words[0]) == "cat":
        return None
    return words


@contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """The pager has the keyboard: Ctrl-C there (stopping a search in less) is its own, not hmip's."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def show(text: str, out: TextIO, height: int) -> None:
    """`text` through the pager when it has more lines than the terminal `height`, else as it is."""
    command = pager_command()
    if command is None or text.count("\n") < height:
        out.write(text)
        return
    environment = dict(os.environ)
    environment.setdefault("LESS", DEFAULT_LESS)
    out.flush()
    try:
        with _ignoring_interrupts():
            subprocess.run(command, input=text, text=True, env=environment, check=False)
    except OSError:  # no such pager here: the text itself
        out.write(text)
