"""The files hmip is pointed at: the shipped database by identity, other applications' files,
FIFOs and devices, read-only mounts and a full disk. Real files, real mounts, real processes."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import CHECKOUT_DB, ROOT, SHIPPED_DB, init_db, rows, run, run_process, sha256

HEADER = "service,provider_type,framework,inspection_year,fieldwork_start,standard,rating\n"
GOOD_ROW = "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Good\n"


@pytest.fixture
def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + GOOD_ROW)
    return path


# ---- 3. the shipped database, whatever names it ------------------------------------------


def shipped_names(tmp_path: Path) -> dict[str, Path]:
    link = tmp_path / "hard-link.sqlite"
    os.link(SHIPPED_DB, link)
    symlink = tmp_path / "symlink.sqlite"
    symlink.symlink_to(SHIPPED_DB)
    copy = tmp_path / "byte-copy.sqlite"  # what an installed hmip sees in a checkout's data/
    shutil.copyfile(SHIPPED_DB, copy)
    return {"path": SHIPPED_DB, "hard link": link, "symlink": symlink, "byte-for-byte copy": copy}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["path", "hard link", "symlink", "byte-for-byte copy"])
def test_the_shipped_database_is_refused_by_identity_not_by_name(name: str, tmp_path: Path, good_csv: Path) -> None:
    target = shipped_names(tmp_path)[name]
    before = sha256(SHIPPED_DB), sha256(target)
    for args in (["import", good_csv, "--db", target], ["db", "migrate", "--db", target]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert "bundled database is read-only" in result.stderr and len(result.stderr.splitlines()) == 1
        assert result.stdout == ""
    # the same file named through HMIP_DB, in a real process
    done = run_process("import", good_csv, env={"HMIP_DB": str(target)})
    assert done.returncode == 1 and "bundled database is read-only" in done.stderr
    assert (sha256(SHIPPED_DB), sha256(target)) == before
    assert not Path(f"{target}-wal").exists()


def test_the_shipped_database_can_still_be_read_through_any_name(tmp_path: Path) -> None:
    for target in shipped_names(tmp_path).values():
        result = run("sql", "SELECT count(*) AS n FROM inspections", "--db", target, "-f", "csv")
        assert (result.exit_code, result.stdout) == (0, "n\n275\n"), result.stderr


@pytest.mark.parametrize("name", ["path", "hard link", "symlink", "byte-for-byte copy"])
def test_db_build_refuses_to_replace_the_shipped_database(name: str, tmp_path: Path) -> None:
    target = shipped_names(tmp_path)[name]
    before = sha256(SHIPPED_DB), os.stat(target).st_ino
    result = run("db", "build", target)
    assert result.exit_code == 1
    assert "is the shipped database; `hmip db build` does not replace it" in result.stderr
    assert (sha256(SHIPPED_DB), os.stat(target).st_ino) == before
    assert sha256(target) == before[0]


def test_a_database_made_by_db_init_is_writable_although_it_starts_as_the_bundled_data(
    tmp_path: Path, good_csv: Path
) -> None:
    mine = init_db(tmp_path / "mine.sqlite")
    result = run("import", good_csv, "--db", mine)
    assert result.exit_code == 0, result.stderr
    assert rows(mine, "SELECT count(*) FROM inspections") == [(276,)]


DISTRIBUTION_AND_SCRIPT = (
    "import importlib.metadata as m; d = m.distribution('hmip-cli'); "
    "print(d.metadata['Name'], *(f'{e.name}={e.value}' for e in d.entry_points if e.group == 'console_scripts'))"
)


@pytest.mark.slow
def test_an_installed_hmip_writes_neither_its_own_copy_nor_a_checkouts(tmp_path: Path, good_csv: Path) -> None:
    """`pip install .`, then point the installed hmip at both shipped files: the wheel's copy (known
    by inode) and the checkout's data/findings.sqlite (known to it only by its bytes)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if pip.returncode != 0:
        pytest.skip(f"cannot install hmip into a new venv here: {pip.stderr.strip()[-300:]}")
    (installed,) = (venv / "lib").glob("python*/site-packages/hmip_cli/data/findings.sqlite")
    # the distribution is hmip-cli (`hmip` on the package index is another project); its command is hmip
    named = subprocess.run(
        [str(venv / "bin" / "python"), "-c", DISTRIBUTION_AND_SCRIPT], capture_output=True, text=True, check=True
    )
    assert named.stdout.split() == ["hmip-cli", "hmip=hmip_cli.app:main"]
    # the documents help points to ship inside the package: `hmip docs data` works away from a checkout
    shipped = run_process("docs", "data", script=venv / "bin" / "hmip", env={"PYTHONPATH": None}, timeout=120)
    assert shipped.returncode == 0 and shipped.stdout == (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    (packaged_doc,) = (venv / "lib").glob("python*/site-packages/hmip_cli/docs/data.md")
    assert packaged_doc.is_file()
    checkout = CHECKOUT_DB
    before = sha256(installed), sha256(checkout)
    env = {"HMIP_DB": None, "PYTHONPATH": None, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    attempts = [
        *(["import", str(good_csv), "--db", str(target)] for target in (installed, checkout)),
        *(["db", "migrate", "--db", str(target)] for target in (installed, checkout)),
        ["db", "build", str(installed)],
        ["db", "build", str(installed), "--replace-shipped"],
        ["db", "build", str(checkout)],
    ]
    for args in attempts:
        done = run_process(*args, script=venv / "bin" / "hmip", env=env, timeout=120)
        assert done.returncode == 1, (args, done.stderr)
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert (sha256(installed), sha256(checkout)) == before


# ---- 4. another application's file is never altered --------------------------------------


def foreign_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE ratings (film TEXT, stars INTEGER)")
    conn.execute("INSERT INTO ratings VALUES ('Brief Encounter', 5)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("args", [["import", "{csv}"], ["import", "{csv}", "--dry-run"], ["db", "migrate"]])
def test_another_applications_sqlite_file_is_refused_and_left_byte_for_byte(
    args: list[str], tmp_path: Path, good_csv: Path
) -> None:
    other = foreign_database(tmp_path / "other.sqlite")
    before = sha256(other)
    result = run(*[a.format(csv=good_csv) for a in args], "--db", other)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "not an hmip database" in result.stderr and len(result.stderr.splitlines()) == 1
    assert "hmip db init --db NEW.sqlite" in result.stderr or "--dry-run" in args
    assert sha256(other) == before
    assert rows(other, "PRAGMA journal_mode") == [("delete",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.csv", "other.sqlite"]


def test_a_file_with_another_sets_sqlite_utils_migrations_is_not_ours(tmp_path: Path, good_csv: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('their-app', 'm001', 'x')")
    conn.commit()
    conn.close()
    before = sha256(other)
    result = run("import", good_csv, "--db", other)
    assert result.exit_code == 1 and "not an hmip database" in result.stderr
    assert sha256(other) == before


def test_an_hmip_database_keeps_its_journal_mode(tmp_path: Path, good_csv: Path) -> None:
    """`db build` makes a rollback-journal file; writing to it does not switch it to WAL."""
    built = tmp_path / "built.sqlite"
    assert run("db", "build", built).exit_code == 0
    # a build of the shipped source is the shipped file byte for byte, which is never written:
    # one changed header field makes it a database of one's own, still in rollback-journal mode
    conn = sqlite3.connect(built)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    before = sha256(built)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Meh\n")
    assert run("import", bad, "--db", built).exit_code == 3
    assert sha256(built) == before
    assert run("import", good_csv, "--db", built).exit_code == 0
    assert rows(built, "PRAGMA journal_mode") == [("delete",)]
    assert rows(built, "SELECT count(*) FROM inspections") == [(276,)]


def test_an_empty_file_becomes_a_new_database(tmp_path: Path, good_csv: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert run("db", "migrate", "--db", empty).exit_code == 1  # nothing to migrate: not ours
    result = run("import", good_csv, "--db", empty)
    assert result.exit_code == 0, result.stderr
    assert rows(empty, "SELECT count(*) FROM inspections") == [(276,)]


# ---- 8. FIFOs and devices are refused at once ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["db", "info"],
        ["sql", "SELECT 1"],
        ["import", "{csv}"],
        ["import", "{csv}", "--dry-run"],
        ["db", "migrate"],
    ],
)
def test_a_fifo_is_refused_at_once(args: list[str], tmp_path: Path, good_csv: Path) -> None:
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    done = run_process(*[a.format(csv=good_csv) for a in args], "--db", fifo, timeout=30)  # it used to wait for ever
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"hmip: error: {fifo}: is a named pipe (FIFO), not a database file\n"


def test_a_device_is_refused(tmp_path: Path) -> None:
    result = run("list", "--db", "/dev/null")
    assert result.exit_code == 1
    assert result.stderr == "hmip: error: /dev/null: is a character device, not a database file\n"


# ---- mounts made for the test (root only) --------------------------------------------------


def _mount(*args: str | Path) -> None:
    done = subprocess.run(["mount", *map(str, args)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip()})")


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    where.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", where)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# ---- 10. read-only places can still be read -------------------------------------------------


@pytest.mark.slow
def test_a_wal_database_on_a_read_only_mount_can_be_read(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "8m") as mnt:
        db = init_db(mnt / "mine.sqlite")
        twin = tmp_path / "twin.sqlite"  # read the copy: a reader leaves a -shm file, which would help
        shutil.copyfile(db, twin)
        expected = run("list", "--db", twin, "-f", "csv").stdout
        assert rows(twin, "PRAGMA journal_mode") == [("wal",)]
        assert sorted(p.name for p in mnt.iterdir()) == ["mine.sqlite"]
        _mount("-o", "remount,ro", mnt)
        for args in (["list", "-f", "csv"], ["db", "info", "-f", "csv"], ["sql", "SELECT count(*) FROM ratings"]):
            done = run_process(*args, "--db", db)
            assert done.returncode == 0, (args, done.stderr)
            assert done.stderr == ""
        assert run_process("list", "--db", db, "-f", "csv").stdout == expected


@pytest.mark.slow
def test_a_read_only_bind_mount_can_be_read(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    db = init_db(source / "mine.sqlite")
    assert sorted(p.name for p in source.iterdir()) == ["mine.sqlite"]
    view = tmp_path / "view"
    view.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a bind mount needs root and mount(8)")
    _mount("--bind", source, view)
    try:
        _mount("-o", "remount,bind,ro", view)
        done = run_process("sql", "SELECT count(*) AS n FROM inspections", "--db", view / "mine.sqlite", "-f", "csv")
        assert (done.returncode, done.stdout, done.stderr) == (0, "n\n275\n", "")
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)
    assert sha256(db) == sha256(source / "mine.sqlite")


@pytest.mark.slow
def test_a_pending_write_ahead_log_on_a_read_only_mount_is_one_honest_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "8m") as mnt:
        db = init_db(mnt / "mine.sqlite")
        writer = sqlite3.connect(db)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE ratings SET note = 'pending' WHERE rowid = 1")
        writer.commit()
        # keep the log: copy the files as they are while the writer is still open
        frozen = mnt / "frozen"
        frozen.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{db}{suffix}", frozen / f"mine.sqlite{suffix}")
        writer.close()
        _mount("-o", "remount,ro", mnt)
        done = run_process("list", "--db", frozen / "mine.sqlite")
        assert done.returncode == 1
        assert done.stdout == ""
        assert "write-ahead log" in done.stderr and len(done.stderr.splitlines()) == 1
        assert "Traceback" not in done.stderr


# ---- 6. a full disk --------------------------------------------------------------------------


def fill(directory: Path) -> None:
    block = b"\0" * 4096
    with (directory / "filler").open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(block)


@pytest.mark.slow
@pytest.mark.parametrize("empty", [True, False])
def test_db_init_on_a_full_disk_is_one_line_and_leaves_no_file(empty: bool, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "256k") as mnt:
        fill(mnt)
        target = mnt / "new.sqlite"
        done = run_process("db", "init", "--db", target, *(["--empty"] if empty else []))
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr == f"hmip: error: {target}: cannot create the database: the disk is full\n"
        assert sorted(p.name for p in mnt.iterdir()) == ["filler"]


@pytest.mark.slow
def test_db_init_on_a_nearly_full_disk_leaves_no_half_made_file(tmp_path: Path) -> None:
    """Room for the file to be created, not for the schema: still nothing left behind."""
    with tmpfs(tmp_path / "mnt", "256k") as mnt:
        fill(mnt)
        (mnt / "filler").write_bytes(b"\0" * (200 * 1024))  # leaves ~56 KiB: a few pages, not the schema
        target = mnt / "new.sqlite"
        done = run_process("db", "init", "--db", target, "--empty")
        if done.returncode == 0:
            pytest.skip("the empty schema fitted in what was left")
        assert done.returncode == 1
        assert done.stderr.startswith(f"hmip: error: {target}: cannot create the database")
        assert len(done.stderr.splitlines()) == 1
        assert sorted(p.name for p in mnt.iterdir()) == ["filler"]


def test_a_new_database_never_replaces_one_made_meanwhile(tmp_path: Path) -> None:
    """Two first imports at once each build a copy beside the name; the later one must not
    rename its copy over the file the other has begun writing to."""
    from hmip_cli.store.connection import create_from_bundled

    target = init_db(tmp_path / "new.sqlite")
    conn = sqlite3.connect(target)
    conn.execute("UPDATE ratings SET note = 'written by the first' WHERE rowid = 1")
    conn.commit()
    conn.close()
    before = sha256(target)
    create_from_bundled(target)  # the second process, a moment too late
    assert sha256(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["new.sqlite"]
