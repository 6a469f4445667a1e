"""Serving the database in Datasette: its metadata, named for the file actually served."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hmip_cli.errors import HmipError
from hmip_cli.store.locations import Location, bundled_metadata


def metadata_for(location: Location) -> dict[str, Any]:
    """data/metadata.json, with its database entry renamed to the file's stem (Datasette's name)."""
    metadata: dict[str, Any] = json.loads(bundled_metadata().read_text(encoding="utf-8"))
    described = metadata.pop("databases", {}).get("findings", {})
    metadata["databases"] = {location.path.stem: described}
    return metadata


def serve_command(location: Location, metadata_file: Path, port: int) -> list[str]:
    """Datasette on loopback only; the bundled file is served immutable (never written)."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise HmipError("Datasette is not installed: pip install 'hmip-cli[web]' (or pip install '.[web]')") from None
    args = [sys.executable, "-m", "datasette", "serve", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--metadata", str(metadata_file)]
    return [*args, "-i", str(location.path)] if location.is_bundled else [*args, str(location.path)]
