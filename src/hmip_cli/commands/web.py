"""`hmip serve`: the database as a browsable web view in Datasette, on this machine only."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.options import DbOpt

_STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")
PortOpt = Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.", metavar="PORT")]


def serve(port: PortOpt = 8001, db: DbOpt = None) -> None:
    """Browse the database in Datasette at http://127.0.0.1:PORT (needs pip install '.\\[web]').

    Ctrl-C or SIGTERM stops Datasette too, and removes the temporary metadata file.

    Example: hmip serve --port 8001
    """
    import json
    import tempfile
    from pathlib import Path

    from hmip_cli.store.connection import reading
    from hmip_cli.store.datasette import metadata_for, serve_command
    from hmip_cli.store.locations import for_reading

    location = for_reading(db)
    with reading(location):
        pass  # the same checks as any read: exists, is hmip's, not too new
    # the context manager removes the file on every way out of this block, a signal included,
    # because the signals below are handled (a plain SIGTERM would end Python without cleanup)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", prefix="hmip-serve-") as metadata_file:
        json.dump(metadata_for(location), metadata_file)
        metadata_file.flush()
        code = run_until_stopped(serve_command(location, Path(metadata_file.name), port))
    raise typer.Exit(code)


def run_until_stopped(args: list[str]) -> int:
    """Run a child, passing it SIGTERM/SIGINT/SIGHUP and waiting for it to end: it never outlives us.

    Returns the child's exit status, or 128 + the signal's number when a signal stopped it.
    """
    import signal
    import subprocess

    received: list[int] = []
    child = subprocess.Popen(args)

    def forward(signum: int, _frame: object) -> None:
        received.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    stops = [getattr(signal, name) for name in _STOP_SIGNALS if hasattr(signal, name)]
    previous = {s: signal.signal(s, forward) for s in stops}
    try:
        status = child.wait()
    finally:
        if child.poll() is None:  # only if wait() itself was interrupted by an exception
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for stop, handler in previous.items():
            signal.signal(stop, handler)
    if received:
        return 128 + received[0]
    return status if status >= 0 else 128 - status
