"""Ctrl-C and runaway queries: exit 130 with one line at any moment, `hmip sql` stoppable and
bounded. Real processes and real signals; nothing here measures how long anything takes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import hmip_command, run, run_process

MESSAGE = "hmip: interrupted; nothing was written\n"
COUNT_FOR_EVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
ROWS_FOR_EVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, 'row' AS r FROM c"

# Put first on PYTHONPATH, this sends the process a SIGINT the moment it starts importing the
# module named in HMIP_TEST_INTERRUPT_AT: an interrupt at an exact point of start-up, every time.
TRIP = """
import os, signal, sys

class _Trip:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ.get("HMIP_TEST_INTERRUPT_AT"):
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, _Trip())
"""


def tripped_at(module: str, tmp_path: Path) -> dict[str, str | None]:
    """The environment changes that interrupt hmip as it starts importing `module`."""
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(TRIP)
    path = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "HMIP_TEST_INTERRUPT_AT": module}


def test_the_early_handler_speaks_the_documented_line() -> None:
    from hmip_cli import interrupts
    from hmip_cli.errors import INTERRUPTED_MESSAGE, ExitCode

    assert f"{INTERRUPTED_MESSAGE}\n" == MESSAGE
    assert interrupts.MESSAGE.decode() == MESSAGE
    assert interrupts.EXIT_CODE == ExitCode.INTERRUPTED == 130
    documented = 'INTERRUPTED = 130\n    """Interrupted (Ctrl-C); nothing was written."""'
    assert documented in Path(sys.modules[ExitCode.__module__].__file__ or "").read_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    "module",
    [
        "typer",  # the first import after the package has put its handler in place
        "hmip_cli.environment",
        "hmip_cli.app",
        "hmip_cli.commands.list",  # the command run, imported when its command is built
        "hmip_cli.queries.listing",  # from here on, imported by the command itself (never pydantic)
        "hmip_cli.store.connection",
        "rich",
        "hmip_cli.render.tables",
    ],
)
@pytest.mark.parametrize("how", ["script", "python -m"])
def test_ctrl_c_while_starting_up_is_one_line_and_exit_130(module: str, how: str, tmp_path: Path) -> None:
    done = run_process(
        "list", "--standard", "all", "-f", "table", module=how == "python -m", env=tripped_at(module, tmp_path)
    )
    assert (done.returncode, done.stderr) == (130, MESSAGE)
    assert done.stdout == ""


@pytest.mark.slow
def test_ctrl_c_during_an_import_writes_nothing_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "ok.csv"
    source.write_text(
        "service,provider_type,framework,inspection_year,fieldwork_start,standard,rating\n"
        "A CRC,CRC,probation-2018,2018/19,2018-09,overall,Good\n"
    )
    target = tmp_path / "mine.sqlite"
    done = run_process("import", source, "--db", target, env=tripped_at("hmip_cli.actions.importing", tmp_path))
    assert (done.returncode, done.stderr, done.stdout) == (130, MESSAGE, "")
    assert not target.exists()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the query running")
def test_ctrl_c_stops_a_query_that_returns_nothing_until_it_ends(own_db: Path) -> None:
    process = subprocess.Popen(
        hmip_command("sql", COUNT_FOR_EVER, "--timeout", "0", "--db", own_db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # a second of CPU is well past start-up (a fifth of that): SQLite is inside the statement
        while cpu_seconds(process.pid) < 1.0:
            assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert (process.returncode, err.decode(), out) == (130, MESSAGE, b"")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to read memory use")
def test_rows_stream_in_bounded_memory_and_ctrl_c_stops_them(own_db: Path) -> None:
    process = subprocess.Popen(
        hmip_command("sql", ROWS_FOR_EVER, "--timeout", "0", "-f", "tsv", "--db", own_db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline() == b"x\tr\n"
        for _ in range(10_000):
            process.stdout.readline()
        early = rss_kib(process.pid)
        seen = 0
        while seen < 40 * 1024 * 1024:  # 40 MB of rows more: the old code held every row in memory
            seen += len(process.stdout.read(1 << 16))
        late = rss_kib(process.pid)
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert late - early < 20 * 1024, (early, late)
    assert process.returncode == 130
    assert err.decode() == MESSAGE
    assert rest == b"" or rest.endswith(b"\n")  # what was already in the pipe, whole lines


def test_timeout_stops_a_runaway_query_with_one_line(own_db: Path) -> None:
    result = run("sql", COUNT_FOR_EVER, "--timeout", "0.5", "--db", own_db)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "hmip: error: sql: stopped after 0.5 s (--timeout SECONDS; 0 for no limit)\n"


def test_the_default_timeout_is_the_documented_one() -> None:
    import inspect

    from hmip_cli.commands.sql import sql
    from hmip_cli.store.readonly_sql import DEFAULT_TIMEOUT_SECONDS

    assert inspect.signature(sql).parameters["timeout"].default == DEFAULT_TIMEOUT_SECONDS == 60
    assert "[default: 60.0]" in run("sql", "--help").stdout


@pytest.mark.slow
def test_a_table_holds_at_most_ten_thousand_rows_and_says_so(own_db: Path) -> None:
    many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 10001) SELECT x FROM c"
    result = run("sql", many, "-f", "table", "--db", own_db)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].strip() == "10000" and "10001" not in result.stdout
    assert result.stderr == "sql: the table shows the first 10000 rows; -f tsv, csv or ndjson streams them all\n"
    streamed = run("sql", many, "-f", "csv", "--db", own_db)
    assert streamed.stdout.splitlines()[-1] == "10001" and streamed.stderr == ""


def test_a_value_too_big_for_a_query_is_one_line(own_db: Path) -> None:
    result = run("sql", "SELECT length(zeroblob(200000000)) AS n", "--db", own_db)
    assert result.exit_code == 1
    assert result.stderr.startswith("hmip: error: sql: stopped: ") and len(result.stderr.splitlines()) == 1
