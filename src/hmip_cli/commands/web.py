"""`hmip serve`: the database as a browsable web view in Datasette, on this machine only."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.runner import command
from hmip_cli.options import DbOpt


@command
def serve(
    port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.")] = 8001,
    db: DbOpt = None,
) -> None:
    """Browse the database in Datasette at http://127.0.0.1:PORT (needs pip install '.[web]').

    Example: hmip serve --port 8001
    """
    import json
    import subprocess
    import tempfile
    from pathlib import Path

    from hmip_cli.store.connection import reading
    from hmip_cli.store.datasette import metadata_for, serve_command
    from hmip_cli.store.locations import for_reading

    location = for_reading(db)
    with reading(location):
        pass  # the same checks as any read: exists, is hmip's, not too new
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as metadata_file:
        json.dump(metadata_for(location), metadata_file)
        metadata_file.flush()
        args = serve_command(location, Path(metadata_file.name), port)
        raise typer.Exit(subprocess.call(args))
