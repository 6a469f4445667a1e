"""Which database file a command uses: --db, then HMIP_DB, then the user's, then the bundled one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

ENV_VAR = "HMIP_DB"


def bundled_database() -> Path:
    """The shipped, read-only database: inside the installed package, or data/ in a checkout."""
    packaged = Path(str(resources.files("hmip_cli"))) / "data" / "findings.sqlite"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "findings.sqlite"


def shipped_databases() -> tuple[Path, ...]:
    packaged = Path(str(resources.files("hmip_cli"))) / "data" / "findings.sqlite"
    checkout = Path(__file__).resolve().parents[3] / "data" / "findings.sqlite"
    return (packaged, checkout)


def bundled_source(name: str) -> Path:
    """A sourced CSV (ratings.csv, figures.csv) as shipped with the package or in a checkout."""
    packaged = Path(str(resources.files("hmip_cli"))) / "data" / "source" / name
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "source" / name


def bundled_metadata() -> Path:
    """Datasette metadata (title, licence, descriptions, facets) shipped beside the database."""
    packaged = Path(str(resources.files("hmip_cli"))) / "data" / "metadata.json"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "metadata.json"


def user_database() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "hmip" / "findings.sqlite"


@dataclass(frozen=True)
class Location:
    path: Path
    chosen_by: str  # "--db", "HMIP_DB", "user" or "bundled"

    @property
    def is_bundled(self) -> bool:
        """The installed copy and a checkout's data/findings.sqlite are both the shipped file."""
        return any(_same_file(self.path, shipped) for shipped in shipped_databases())


def resolve(option: Path | None) -> Location:
    """Where writes go. Reads use `for_reading`, which falls back to the bundled file."""
    if option is not None:
        return Location(option.expanduser(), "--db")
    env = os.environ.get(ENV_VAR)
    if env:
        return Location(Path(env).expanduser(), ENV_VAR)
    return Location(user_database(), "user")


def for_reading(option: Path | None) -> Location:
    location = resolve(option)
    if location.chosen_by == "user" and not location.path.exists():
        return Location(bundled_database(), "bundled")
    return location


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
