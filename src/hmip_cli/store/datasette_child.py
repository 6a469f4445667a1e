"""`python -m hmip_cli.store.datasette_child serve …`: Datasette, as `hmip serve` runs it.

The same `datasette serve` command line, with one change: a request that fails no longer prints
a traceback on the terminal hmip was started from (Datasette prints one, with every local
variable, for every failing request, whatever its log level). A failure is one `ERROR:` line on
stderr; the traceback goes to the `datasette` logger at DEBUG, which stays silent at Datasette's
own (INFO) level. If a newer Datasette moves what this changes, it runs unchanged.
"""

from __future__ import annotations

import importlib
import logging
import sys
from types import SimpleNamespace

_log = logging.getLogger("datasette")


def _one_line(**_: object) -> None:
    kind, error, _traceback = sys.exc_info()
    if kind is not None:
        sys.stderr.write(f"ERROR: {kind.__name__}: {error}\n")
        sys.stderr.flush()
        _log.debug("the request failed", exc_info=True)


def _debug_only(*_: object, **__: object) -> None:
    _log.debug("the request failed", exc_info=True)


def quiet_request_failures() -> None:
    try:
        # the plugin manager first, as Datasette's own CLI loads it: importing the handler
        # module first would register it, half-made, as a plugin with no handler
        importlib.import_module("datasette.plugins")
        handle_exception = importlib.import_module("datasette.handle_exception")
    except ImportError:  # pragma: no cover - a Datasette without the module: nothing to change
        return
    if hasattr(handle_exception, "rich") and hasattr(handle_exception, "traceback"):
        # Datasette shows every failure through rich (then some again through traceback): the
        # first becomes the one line, the second is left to the DEBUG log
        console = SimpleNamespace(print_exception=_one_line)
        setattr(handle_exception, "rich", SimpleNamespace(get_console=lambda: console))  # noqa: B010
        setattr(handle_exception, "traceback", SimpleNamespace(print_exc=_debug_only))  # noqa: B010


def main() -> None:
    import signal

    # Importing hmip_cli as `python -m` armed hmip's own Ctrl-C line (interrupts.quiet_start_up);
    # uvicorn restores and re-raises the signal once it has shut down, which would print that line
    # here as well as in hmip serve. The child ends by the signal instead, silently: hmip speaks.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    quiet_request_failures()
    from datasette.cli import cli

    cli(prog_name="datasette")


if __name__ == "__main__":
    main()
