"""Ctrl-C at any moment of an `hmip` process: one line on stderr and exit 130, never a traceback.

Three phases, because Python raises KeyboardInterrupt wherever the signal lands:
- start-up (the console script imports hmip_cli.app, typer, rich …): nothing has been opened
  yet, so the process ends at once with the message (`quiet_start_up`, from hmip_cli/__init__);
- the command (`during_command`): KeyboardInterrupt unwinds normally, so transactions roll back
  and temporary files are removed, and the app's error barrier prints the message;
- shut-down (`after_command`): the command has finished and its exit code stands; a late Ctrl-C
  is ignored while the process flushes its output and exits.
Only stdlib here: this module runs before anything else of hmip is imported.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

# errors.INTERRUPTED_MESSAGE and ExitCode.INTERRUPTED, spelled out so that nothing needs importing
# before the handler is in place (tests/test_interrupts.py holds them equal)
MESSAGE = b"hmip: interrupted; nothing was written\n"
EXIT_CODE = 130


def _exit_now(_signum: int, _frame: FrameType | None) -> None:
    os.write(2, MESSAGE)
    os._exit(EXIT_CODE)


def _running_as_hmip() -> bool:
    """The `hmip` console script, or `python -m hmip_cli` (argv[0] is "-m" while it imports us).
    Anything else that imports the package (pytest, a notebook) keeps its own Ctrl-C."""
    program = sys.argv[0] if sys.argv else ""
    return program == "-m" or os.path.splitext(os.path.basename(program))[0] == "hmip"


def quiet_start_up() -> None:
    if _running_as_hmip() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _exit_now)


def during_command() -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def after_command() -> None:
    """The command's work and exit code are final: a Ctrl-C now must neither cut short the last
    flush of its output nor relabel a finished import as interrupted, so it is ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
