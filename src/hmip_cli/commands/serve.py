"""`hmip serve`: the database as a browsable web view in Datasette, on this machine only."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.options import DbOpt

_STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")
PortOpt = Annotated[
    int, typer.Option("--port", "-p", help="Port on 127.0.0.1 (1-65535).", metavar="PORT", min=1, max=65535)
]


def serve(port: PortOpt = 8001, db: DbOpt = None) -> None:
    """Browse the database in Datasette at http://127.0.0.1:PORT (needs pip install '.\\[web]').

    Ctrl-C or SIGTERM stops Datasette too; a port in use is a usage error (exit 2).

    Example: hmip serve --port 8001
    """
    import json
    from pathlib import Path

    from hmip_cli.store.connection import reading
    from hmip_cli.store.datasette import check_port_free, metadata_for, serve_command
    from hmip_cli.store.locations import for_reading

    location = for_reading(db)
    with reading(location):
        pass  # the same checks as any read: exists, is hmip's, not too new
    check_port_free(port)
    # the metadata goes to the child on its standard input: no temporary file to leave behind
    metadata = json.dumps(metadata_for(location)).encode("utf-8")
    raise typer.Exit(run_until_stopped(serve_command(location, Path("/dev/stdin"), port), metadata))


def run_until_stopped(args: list[str], given: bytes = b"") -> int:
    """Run a child in its own process group, with `given` on its standard input; pass it each
    SIGTERM/SIGINT/SIGHUP hmip receives, once, and wait for it to end: it never outlives us.

    Its own process group: a Ctrl-C at the terminal reaches hmip alone, which passes it on, so
    the child sees exactly one signal (two made uvicorn abort its shutdown with a traceback).
    Returns the child's exit status, or 128 + the signal's number when a signal stopped it.
    """
    import signal
    import subprocess

    received: list[int] = []
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, _frame: object) -> None:
        received.append(signum)
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    # handlers first: a signal that comes while the child starts is held, then passed on
    stops = [getattr(signal, name) for name in _STOP_SIGNALS if hasattr(signal, name)]
    previous = {s: signal.signal(s, forward) for s in stops}
    try:
        child = subprocess.Popen(args, stdin=subprocess.PIPE, process_group=0)
        if received:
            child.send_signal(received[0])
        assert child.stdin is not None
        try:
            child.stdin.write(given)
            child.stdin.close()
        except BrokenPipeError:
            pass  # the child ended before reading it; its status says why
        status = child.wait()
    finally:
        if child is not None and child.poll() is None:  # only if wait() itself was interrupted
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
