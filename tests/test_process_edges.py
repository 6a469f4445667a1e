"""What the process is given, at its edges: standard input closed, no home directory, a path too
long to name, a trigger in the user's database, standard error closed or gone. Each is one line
and its documented exit code (or, for a lost stderr, the command's own), in a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, hmip_command, init_db, process_environment, rows, run, sha256, write

from hmip_cli.errors import ExitCode

pytestmark = pytest.mark.slow  # real processes, but for the trigger

GOOD_CSV = "service,provider_type,framework,standard,rating\nNew CRC,CRC,probation-2018,overall,Good\n"


def run_closed(
    args: list[str | Path], fd: int, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """`hmip ARGS` with file descriptor `fd` closed before it starts (as `<&-` or `2>&-` does)."""
    return subprocess.run(
        hmip_command(*args),
        capture_output=fd != 2,
        stdout=subprocess.PIPE if fd == 2 else None,
        text=True,
        env=process_environment(env),
        preexec_fn=lambda: os.close(fd),
        timeout=60,
        check=False,
    )


def test_import_from_a_closed_stdin_is_one_line(own_db: Path) -> None:
    before = sha256(own_db)
    done = run_closed(["import", "-", "--db", own_db], 0)
    assert (done.returncode, done.stdout) == (ExitCode.USAGE, "")
    assert done.stderr == (
        "hmip: error: -: standard input is closed, so there is nothing to import "
        "(accepted: a file, or data piped to -)\n"
    )
    assert sha256(own_db) == before


def test_an_import_that_committed_exits_0_with_stderr_closed(tmp_path: Path, own_db: Path) -> None:
    source = write(tmp_path / "new.csv", GOOD_CSV)
    done = run_closed(["import", source, "--db", own_db], 2)
    assert done.returncode == 0
    assert rows(own_db, "SELECT count(*) FROM services WHERE name = 'New CRC'") == [(1,)]


def test_an_import_that_committed_exits_0_when_stderr_is_a_pipe_nobody_reads(tmp_path: Path, own_db: Path) -> None:
    source = write(tmp_path / "new.csv", GOOD_CSV)
    process = subprocess.Popen(
        hmip_command("import", source, "--db", own_db), stderr=subprocess.PIPE, env=process_environment()
    )
    assert process.stderr is not None
    process.stderr.close()  # the reader is gone before hmip writes its summary
    assert process.wait(timeout=60) == 0
    assert rows(own_db, "SELECT count(*) FROM services WHERE name = 'New CRC'") == [(1,)]


def test_a_failed_import_keeps_its_exit_code_with_stderr_closed(tmp_path: Path, own_db: Path) -> None:
    source = write(tmp_path / "bad.csv", GOOD_CSV.replace("Good", "Splendid"))
    before = sha256(own_db)
    assert run_closed(["import", source, "--db", own_db], 2).returncode == ExitCode.INVALID_DATA
    assert sha256(own_db) == before


LONG = "a" * 5000


@pytest.mark.parametrize("command", [["list"], ["db", "path"], ["db", "init"], ["db", "info"], ["import", "-"]])
def test_a_db_path_too_long_to_name_is_one_short_line(tmp_path: Path, command: list[str]) -> None:
    done = subprocess.run(
        hmip_command(*command, "--db", tmp_path / LONG),
        input=GOOD_CSV,
        capture_output=True,
        text=True,
        env=process_environment(),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (ExitCode.ERROR, "")
    assert done.stderr.startswith("hmip: error: ") and done.stderr.endswith(": file name too long (--db)\n")
    assert done.stderr.count("\n") == 1 and len(done.stderr) < 400


def test_a_trigger_that_refuses_the_write_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    db = init_db(tmp_path / "mine.sqlite", empty=True)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TRIGGER frozen BEFORE INSERT ON ratings BEGIN SELECT RAISE(ABORT, 'ratings are frozen'); END"
        )
    conn.close()
    before = sha256(db)
    code, out, err = run("import", write(tmp_path / "new.csv", GOOD_CSV), "--db", db)
    assert (code, out) == (ExitCode.ERROR, "")
    refused = "a trigger in the database refused the change (ratings are frozen)"
    assert err == f"hmip: error: database: {refused}; nothing was written\n"
    assert sha256(db) == before


# ---- no home directory ----------------------------------------------------------------------------

NOBODY = "48213"  # a user id with no passwd entry, as in a container run with --user
# a user namespace maps this process's user to NOBODY: getuid() has no passwd entry, while the
# files this installation and the test need stay as readable as they are to the test itself
AS_NOBODY = ["unshare", "--user", f"--map-user={NOBODY}", f"--map-group={NOBODY}"]


@pytest.fixture
def homeless(tmp_path: Path) -> tuple[dict[str, str | None], Path]:
    """An environment with no HOME (nor XDG_DATA_HOME, HMIP_DB) for a user with no passwd entry."""
    env: dict[str, str | None] = {"HOME": None, "XDG_DATA_HOME": None, "HMIP_DB": None}
    probe = "import os, pwd\ntry:\n    pwd.getpwuid(os.getuid())\nexcept KeyError:\n    print('homeless')"
    try:
        done = subprocess.run(
            [*AS_NOBODY, sys.executable, "-c", probe], env=process_environment(env), capture_output=True, text=True
        )
    except OSError:
        pytest.skip("unshare is not installed")
    if done.stdout.strip() != "homeless":
        pytest.skip(f"no user namespace for a user with no passwd entry: {done.stderr.strip()}")
    return env, tmp_path


def as_nobody(env: dict[str, str | None], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AS_NOBODY, *hmip_command(*args)],
        capture_output=True,
        text=True,
        env=process_environment(env),
        timeout=60,
        check=False,
    )


NO_HOME_LINE = (
    "hmip: error: no place for your own database: HOME is unset and this user has no home directory "
    "(accepted: --db PATH, or HMIP_DB, XDG_DATA_HOME or HOME set to a directory)\n"
)


def test_without_a_home_reads_use_the_shipped_database(homeless: tuple[dict[str, str | None], Path]) -> None:
    env, _ = homeless
    path = as_nobody(env, "db", "path")
    assert (path.returncode, path.stderr) == (0, "")
    assert Path(path.stdout.strip()).samefile(SHIPPED_DB)
    listing = as_nobody(env, "list", "--service", "camden", "-f", "csv")
    assert (listing.returncode, listing.stderr) == (0, "")
    assert "Camden" in listing.stdout


@pytest.mark.parametrize("command", [["db", "init"], ["import", "new.csv"]])
def test_without_a_home_a_write_is_one_line_and_exit_1(
    homeless: tuple[dict[str, str | None], Path], command: list[str]
) -> None:
    env, here = homeless
    write(here / "new.csv", GOOD_CSV)
    done = as_nobody(env, *[str(here / part) if part.endswith(".csv") else part for part in command])
    assert (done.returncode, done.stdout, done.stderr) == (ExitCode.ERROR, "", NO_HOME_LINE)
    assert sorted(p.name for p in here.iterdir()) == ["new.csv"]
