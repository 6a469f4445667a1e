"""Crashes and concurrency lose nothing: a killed import leaves the before- or after-state,
readers never fail while a writer imports, and concurrent imports serialise and both land."""

from __future__ import annotations

import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import hmip_command, init_db, process_environment

HEADER = (
    "inspection_id,service_id,service,provider_type,region,framework,inspection_year,"
    "fieldwork_start,published,standard,standard_code,rating,source_url,note\n"
)
STANDARDS = ("overall", "leadership", "staff", "assessment", "planning", "reviewing")
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def synthetic_csv(path: Path, inspections: int, tag: str, seed: int = 7) -> int:
    chooser = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for index in range(inspections):
            service = f"{tag} PDU {index:06d}"
            for standard in STANDARDS:
                rating = chooser.choice(RATINGS)
                out.write(
                    f",,{service},PDU,London,probation-2023,,,2024-05,{standard},,{rating},https://example.org/{index},\n"
                )
                rows += 1
    return rows


def state(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM ratings").fetchone()[0]
        content = hashlib.sha256(
            "\n".join(map(repr, conn.execute("SELECT * FROM ratings ORDER BY inspection_id, standard"))).encode()
        ).hexdigest()
    finally:
        conn.close()
    return count, content


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite"
    return init_db(path, empty=True)


@pytest.mark.slow
def test_sigkill_during_import_leaves_before_or_after_state(tmp_path: Path, empty_db: Path) -> None:
    source = tmp_path / "big.csv"
    rows = synthetic_csv(source, 4000, "Kill")
    before = state(empty_db)
    trials = 20
    chooser = random.Random(20261123)
    outcomes = {"before": 0, "after": 0}
    for _ in range(trials):
        target = tmp_path / "trial.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        target.write_bytes(empty_db.read_bytes())
        process = subprocess.Popen(hmip_command("import", source, "--db", target), stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.05, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        count, _ = after = state(target)
        if after == before:
            outcomes["before"] += 1
        else:
            assert count == rows, f"half-written: {count} of {rows} rows"
            outcomes["after"] += 1
    assert sum(outcomes.values()) == trials


@pytest.mark.slow
def test_readers_never_fail_while_imports_run(tmp_path: Path, empty_db: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    rows = synthetic_csv(first, 3000, "Alpha") + synthetic_csv(second, 3000, "Beta", seed=8)
    env = process_environment({"HMIP_DB": str(empty_db)})
    reader_script = (
        "import json, subprocess, sys, time\n"
        "deadline = time.time() + float(sys.argv[1])\n"
        "hmip = json.loads(sys.argv[2])\n"
        "failures = 0\n"
        "while time.time() < deadline:\n"
        "    for args in (['list', '--standard', 'all'], ['summary', '--by', 'type']):\n"
        "        done = subprocess.run([*hmip, *args], capture_output=True, text=True)\n"
        "        if done.returncode != 0 or 'locked' in done.stderr:\n"
        "            failures += 1; sys.stderr.write(done.stderr)\n"
        "sys.exit(1 if failures else 0)\n"
    )
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", reader_script, "6", json.dumps(hmip_command())],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    writers = [
        subprocess.Popen(hmip_command("import", path), env=env, stderr=subprocess.PIPE, text=True)
        for path in (first, second)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    for reader in readers:
        _, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
    count, _ = state(empty_db)
    assert count == rows
