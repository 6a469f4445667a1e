"""Serving the database in Datasette: its metadata, named for the file actually served."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path
from typing import Any

from hmip_cli.errors import HmipError, UsageError
from hmip_cli.store.locations import Location, bundled_metadata


def metadata_for(location: Location) -> dict[str, Any]:
    """data/metadata.json, with its database entry renamed to the file's stem (Datasette's name)."""
    metadata: dict[str, Any] = json.loads(bundled_metadata().read_text(encoding="utf-8"))
    described = metadata.pop("databases", {}).get("findings", {})
    metadata["databases"] = {location.path.stem: described}
    return metadata


def serve_command(location: Location, metadata_file: Path, port: int) -> list[str]:
    """Datasette on loopback only; the bundled file is served immutable (never written).
    `metadata_file`: where the child reads the metadata (`/dev/stdin`: hmip writes it there,
    so no temporary file is ever left behind)."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise HmipError("Datasette is not installed: pip install 'hmip-cli[web]' (or pip install '.[web]')") from None
    args = [sys.executable, "-m", "hmip_cli.store.datasette_child", "serve", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--metadata", str(metadata_file)]
    return [*args, "-i", str(location.path)] if location.is_bundled else [*args, str(location.path)]


def check_port_free(port: int) -> None:
    """A UsageError, before Datasette starts, if 127.0.0.1:PORT cannot be listened on (in use,
    or a port this user may not open). Bound as uvicorn binds it (SO_REUSEADDR), so a port
    whose last connections are only closing still counts as free."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            reason = "in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc)).lower()
            other = port + 1 if port < 65535 else 8001
            raise UsageError(
                f"--port {port}: cannot listen on 127.0.0.1:{port}, {reason} "
                f"(accepted: a free port, e.g. --port {other})"
            ) from None
