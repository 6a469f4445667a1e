"""The database opens in Datasette with its metadata (Datasette's own test client; no network)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SHIPPED_DB

from hmip_cli.store.datasette import metadata_for, serve_command
from hmip_cli.store.locations import Location

datasette_app = pytest.importorskip("datasette.app")


def get_json(location: Location, path: str) -> Any:
    async def fetch() -> Any:
        ds = datasette_app.Datasette([str(location.path)], immutables=[], metadata=metadata_for(location))
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_metadata_names_the_licence_and_describes_tables() -> None:
    metadata = metadata_for(Location(SHIPPED_DB, "bundled"))
    assert metadata["license"] == "Open Government Licence v3.0"
    tables = metadata["databases"]["findings"]["tables"]
    assert {"inspections", "ratings", "services", "standards", "frameworks"} <= set(tables)


def test_datasette_serves_the_ratings_with_facets(tmp_path: Path) -> None:
    copy = tmp_path / "mine.sqlite"
    copy.write_bytes(SHIPPED_DB.read_bytes())
    location = Location(copy, "--db")
    data = get_json(location, "/mine/ratings.json?_shape=objects&standard=overall&_size=max")
    assert len(data["rows"]) == 275
    assert {"standard", "rating"} <= set(data["facet_results"])
    site = get_json(location, "/-/metadata.json")
    assert site["title"].startswith("HM Inspectorate of Probation")


def test_serve_binds_loopback_only_and_serves_the_bundled_file_immutable() -> None:
    args = serve_command(Location(SHIPPED_DB, "bundled"), Path("m.json"), 8123)
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[-2:] == ["-i", str(SHIPPED_DB)]
    own = serve_command(Location(ROOT / "own.sqlite", "--db"), Path("m.json"), 8123)
    assert own[-1] == str(ROOT / "own.sqlite") and "-i" not in own
