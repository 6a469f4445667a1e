"""Which database file a command uses: --db, then HMIP_DB, then the user's, then the bundled one."""

from __future__ import annotations

import errno
import os
import pwd
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from hmip_cli.errors import DatabaseError

ENV_VAR = "HMIP_DB"
ChosenBy = Literal["--db", "HMIP_DB", "user", "bundled"]
"""What chose a database file: the option, the variable, the user's default place, or the fallback."""


_PACKAGE_DATA = "data"
"""Where the shipped files live: `hmip_cli/data/` in an installed package, `data/` in a checkout."""


_PACKAGE = Path(__file__).parent.parent
"""The hmip_cli package's directory: what importlib.resources.files("hmip_cli") gives for a package
on disk, without importing its readers (and zipfile) on every start-up."""


def _packaged(*parts: str) -> Path:
    return _PACKAGE.joinpath(_PACKAGE_DATA, *parts)


def _in_checkout(*parts: str) -> Path:
    return Path(__file__).resolve().parents[3].joinpath("data", *parts)


def _shipped(*parts: str) -> Path:
    """A shipped file: the installed package's copy, else the checkout's (an editable install)."""
    packaged = _packaged(*parts)
    return packaged if packaged.is_file() else _in_checkout(*parts)


DOCS: dict[str, str] = {
    "analysis": "the rules behind every count, ranking and note, and a worked analysis in pipelines",
    "data": "the tables, views and machine output fields (what `hmip sql` can read)",
    "cli": "every command's --help",
    "api": "hmip_cli.api: the commands as Python functions, for notebooks",
}
"""The documents that ship with hmip (`hmip docs NAME`), each with what it holds."""


def shipped_doc(name: str) -> Path:
    """One of DOCS as markdown: the installed package's copy, else the checkout's docs/."""
    packaged = _PACKAGE.joinpath("docs", f"{name}.md")
    return packaged if packaged.is_file() else Path(__file__).resolve().parents[3].joinpath("docs", f"{name}.md")


def packaged_database() -> Path:
    """Where an installed (wheel) hmip keeps the shipped database; absent in a checkout."""
    return _packaged("findings.sqlite")


def bundled_database() -> Path:
    """The shipped, read-only database: inside the installed package, or data/ in a checkout."""
    return _shipped("findings.sqlite")


def shipped_databases() -> tuple[Path, ...]:
    """Both places a shipped database can be, whichever this hmip reads: neither is ever written."""
    return (_packaged("findings.sqlite"), _in_checkout("findings.sqlite"))


def bundled_source(name: str) -> Path:
    """A sourced CSV (ratings.csv, figures.csv) as shipped with the package or in a checkout."""
    return _shipped("source", name)


def bundled_metadata() -> Path:
    """Datasette metadata (title, licence, descriptions, facets) shipped beside the database."""
    return _shipped("metadata.json")


class NoHome(DatabaseError):
    """No directory to keep the user's own database in: reads fall back to the bundled file."""

    def __init__(self) -> None:
        super().__init__(
            "no place for your own database: HOME is unset and this user has no home directory "
            "(accepted: --db PATH, or HMIP_DB, XDG_DATA_HOME or HOME set to a directory)"
        )


def _home() -> Path | None:
    """$HOME, else the passwd entry's home; None when there is neither (a container's user
    with no passwd entry): then there is no user database, never one in some temporary place,
    which would vanish with the user's imports in it."""
    home = os.environ.get("HOME")
    if home:
        return Path(home)
    try:
        return Path(pwd.getpwuid(os.getuid()).pw_dir)
    except KeyError:
        return None


def user_database() -> Path:
    """The user's own database; NoHome when there is no directory to keep it in."""
    base = os.environ.get("XDG_DATA_HOME")
    if not base:
        home = _home()
        if home is None:
            raise NoHome
        base = str(home / ".local" / "share")
    return Path(base) / "hmip" / "findings.sqlite"


MAX_SHOWN_PATH = 200


def _usable(location: Location) -> Location:
    """The location, or a DatabaseError if the system cannot name its path at all (a name longer
    than the file system allows): one line, with the path shortened in it."""
    try:
        os.stat(location.path)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            shown = str(location.path)
            if len(shown) > MAX_SHOWN_PATH:
                keep = MAX_SHOWN_PATH // 2
                shown = f"{shown[:keep]}…[{len(shown) - 2 * keep} characters]…{shown[-keep:]}"
            raise DatabaseError(f"{shown}: file name too long ({location.chosen_by})") from None
    except ValueError:  # a NUL in the path: refused where the file is opened, with its own line
        pass
    return location


@dataclass(frozen=True)
class Location:
    path: Path
    chosen_by: ChosenBy

    @property
    def is_bundled(self) -> bool:
        """The installed copy and a checkout's data/findings.sqlite are both the shipped file,
        whatever path, symlink or hard link names it: the file itself is compared, not its name."""
        return is_shipped_file(self.path)

    @property
    def holds_shipped_bytes(self) -> bool:
        """A byte-for-byte copy of a shipped database (a checkout's file seen from an installed
        hmip, or a `cp` of it): indistinguishable from the shipped file, so never written either."""
        return has_shipped_contents(self.path)


def resolve(option: Path | None) -> Location:
    """Where writes go. Reads use `for_reading`, which falls back to the bundled file."""
    if option is not None:
        return _usable(Location(_expanded(option), "--db"))
    env = os.environ.get(ENV_VAR)
    if env:
        return _usable(Location(_expanded(Path(env)), "HMIP_DB"))
    return _usable(Location(user_database(), "user"))


def _expanded(path: Path) -> Path:
    try:
        return path.expanduser()
    except RuntimeError:  # `~` with no home directory to stand for: the path as written
        return path


def for_reading(option: Path | None) -> Location:
    """Where reads come from: as `resolve`, but the bundled file when the user has no database
    (none made yet, or no home directory to keep one in)."""
    try:
        location = resolve(option)
    except NoHome:
        return Location(bundled_database(), "bundled")
    if location.chosen_by == "user" and not location.path.exists():
        return Location(bundled_database(), "bundled")
    return location


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def is_shipped_file(path: Path) -> bool:
    """Same device and inode as a shipped database (so symlinks and hard links count too)."""
    identity = _identity(path)
    return identity is not None and any(identity == _identity(shipped) for shipped in shipped_databases())


@cache
def _digest(path: Path, version: tuple[int, int, int, int]) -> str:
    del version  # (device, inode, size, mtime) is part of the cache key: a rebuilt file is hashed again
    import hashlib  # here: a read of the shipped database never hashes it (start-up)

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _regular_digest(path: Path) -> tuple[int, str] | None:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None  # never open a FIFO or a device to hash it
        return info.st_size, _digest(path, (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))
    except OSError:
        return None


def has_shipped_contents(path: Path) -> bool:
    """The file holds exactly the bytes of a shipped database. Only a file of the same size is
    hashed, so a user's database (whose size and WAL header differ) costs one stat."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    shipped = [d for d in map(_regular_digest, shipped_databases()) if d is not None and d[0] == info.st_size]
    if not shipped:
        return False
    mine = _regular_digest(path)
    return mine is not None and any(mine[1] == digest for _, digest in shipped)
