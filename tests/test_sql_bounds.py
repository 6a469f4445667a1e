"""`hmip sql` is bounded: SQLite's heap, one value's size, temporary storage (kept in memory,
under the same cap) and the rows Python holds; going over is one line and exit 1. Pure
table-valued reads run; the rest are refused for the right reason; a corrupt file is exit 1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CHECKOUT_DB, process_environment, run, sha256

from hmip_cli.errors import ExitCode

TABLE_VALUED_READS = [
    ("SELECT value FROM json_each('[1, 2]')", ["value", "1", "2"]),
    ("SELECT name FROM pragma_table_info('services') ORDER BY cid", ["name", "service_id", "name"]),
    ("PRAGMA table_info(services)", None),
    ("PRAGMA index_list(ratings)", None),
    ("PRAGMA journal_mode", ["journal_mode"]),
    ("SELECT * FROM pragma_journal_mode", ["journal_mode"]),
    ("SELECT count(*) > 0 FROM dbstat", None),
]


@pytest.mark.parametrize(("statement", "expected"), TABLE_VALUED_READS)
def test_pure_table_valued_reads_run(own_db: Path, statement: str, expected: list[str] | None) -> None:
    before = sha256(own_db)
    code, out, err = run("sql", statement, "--db", own_db, "-f", "tsv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    if expected is not None:
        assert lines[: len(expected)] == expected
    assert len(lines) >= 2
    assert sha256(own_db) == before


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("PRAGMA journal_mode = WAL", "setting PRAGMA journal_mode is not allowed"),
        ("PRAGMA hard_heap_limit = 0", "setting PRAGMA hard_heap_limit is not allowed"),
        ("PRAGMA temp_store = FILE", "setting PRAGMA temp_store is not allowed"),
        ("PRAGMA soft_heap_limit = 0", "setting PRAGMA soft_heap_limit is not allowed"),
        ("UPDATE ratings SET rating = 'Good'", "update ratings is not allowed"),
        ("DELETE FROM ratings", "delete ratings is not allowed"),
        ("PRAGMA wal_checkpoint", "a checkpoint is not allowed"),
        ("PRAGMA optimize", "returns no rows, so it is not a query"),
    ],
)
def test_everything_else_is_refused_for_what_it_is(own_db: Path, statement: str, reason: str) -> None:
    code, out, err = run("sql", statement, "--db", own_db)
    assert (code, out) == (ExitCode.USAGE, "")
    assert reason in err and err.count("\n") == 1, err


def test_a_value_larger_than_the_cap_is_one_line_and_exit_1() -> None:
    code, out, err = run("sql", "SELECT length(zeroblob(100000000))", "-f", "tsv", "--db", CHECKOUT_DB)
    assert (code, out) == (ExitCode.ERROR, "")
    assert err.startswith("hmip: error: sql: stopped: string or blob too big") and err.count("\n") == 1


def test_a_corrupt_database_is_a_runtime_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite"
    shutil.copyfile(CHECKOUT_DB, corrupt)
    data = bytearray(corrupt.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):  # every page's header after the schema's
        data[offset : offset + 16] = b"\xff" * 16
    corrupt.write_bytes(bytes(data))
    code, out, err = run("sql", "SELECT count(*), max(note) FROM ratings", "--db", corrupt, "-f", "tsv")
    assert (code, out) == (ExitCode.ERROR, ""), err
    assert err.startswith("hmip: error:") and "malformed" in err and err.count("\n") == 1


@pytest.mark.slow
def test_a_sort_larger_than_the_cap_stops_in_one_line_and_writes_no_temporary_file(tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    query = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000) "
        "SELECT x, printf('%.500c', 'a') FROM c ORDER BY random()"
    )
    done = subprocess.run(
        [sys.executable, "-m", "hmip_cli", "sql", query, "-f", "tsv", "--db", str(CHECKOUT_DB)],
        capture_output=True,
        text=True,
        env=process_environment({"SQLITE_TMPDIR": str(temp), "TMPDIR": str(temp)}),
        timeout=300,
        check=False,
    )
    assert (done.returncode, done.stdout) == (ExitCode.ERROR, "")
    assert done.stderr.startswith("hmip: error: sql: stopped: out of memory") and done.stderr.count("\n") == 1
    assert list(temp.iterdir()) == []  # about 1 GB of temporary files without the cap


MEASURE = """
import sys, tracemalloc
tracemalloc.start()
from hmip_cli.app import main
sys.argv = ["hmip", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
print(code, tracemalloc.get_traced_memory()[1], file=sys.stderr)
"""


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["tsv", "ndjson"])
def test_rows_of_large_values_stream_in_bounded_memory(fmt: str) -> None:
    # 60 rows of 2 MB: 120 MB in all, of which hmip holds a few rows at a time (measured: a peak
    # of 33 MiB for tsv, 28 for ndjson, the same for 30, 60 or 120 rows; 2.4 GB before the cap)
    query = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 60) "
        "SELECT x, printf('%.2000000c', 'a') AS big FROM c"
    )
    with open("/dev/null", "w") as sink:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, "sql", query, "-f", fmt, "--db", str(CHECKOUT_DB)],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    code, peak = done.stderr.split()[-2:]
    assert code in ("0", "None"), done.stderr
    assert int(peak) < 48 * 1024 * 1024, f"{int(peak) >> 20} MiB traced at the peak"
