"""`hmip list --standard all -f csv` against `sqlite3 -csv` on the same SQL (its columns, its default
ORDER BY, the same index), interleaved, with CPU time (user + system) and peak RSS beside wall time.

Usage: python bench/listing_csv.py DB [--runs 3] [--base OLD/src [--base-db OLD.sqlite]]
(`--base` adds another hmip source tree run with PYTHONPATH, say main before a change; its output is
compared byte for byte with this hmip's. `--base-db`: the same data at the schema that hmip reads,
where a migration has since been added.)
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import BENCH_ENV, ROOT  # noqa: E402 - bench/ is not a package
from run import listing_sql  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", type=Path, help="another hmip source tree (its src/), run with PYTHONPATH")
    parser.add_argument("--base-db", type=Path, help="the database for --base (default: DB)")
    args = parser.parse_args(argv)
    db = str(args.db.resolve())
    hmip = [sys.executable, "-m", "hmip_cli", "list", "--standard", "all", "-f", "csv", "--db", db]
    commands: dict[str, tuple[list[str], dict[str, str], str | None]] = {
        "hmip list -f csv": (hmip, BENCH_ENV, None),
        "sqlite3 -csv, same SQL": (["sqlite3", "-csv", "-header", db], BENCH_ENV, listing_sql() + ";\n"),
    }
    if args.base:
        base_db = str((args.base_db or args.db).resolve())
        base_hmip = [*hmip[:-1], base_db]
        commands["base hmip list -f csv"] = (base_hmip, {**BENCH_ENV, "PYTHONPATH": str(args.base.resolve())}, None)
    work = Path(tempfile.mkdtemp(prefix="hmip-csv-"))
    try:
        samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for run in range(args.runs):  # interleaved, so drift hits every command alike
            for name, (command, env, stdin) in commands.items():
                samples[name].append(timed(command, env, work / f"{len(samples[name]) % 2}-{name[:4]}.out", stdin))
            if run == 0 and args.base:
                same = filecmp.cmp(work / "0-hmip.out", work / "0-base.out", shallow=False)
                print(f"hmip's output byte for byte base's: {same}")
        floor = samples["sqlite3 -csv, same SQL"]
        floor_wall, floor_cpu = statistics.median(s[0] for s in floor), statistics.median(s[1] for s in floor)
        print(f"{'':<24} {'wall':>8} {'CPU':>8} {'peak RSS':>9}   / sqlite3 -csv (wall, CPU)   each run's CPU")
        for name, values in samples.items():
            wall, cpu = statistics.median(s[0] for s in values), statistics.median(s[1] for s in values)
            rss = max(s[2] for s in values)
            each = ", ".join(f"{s[1]:.2f}" for s in values)
            print(
                f"{name:<24} {wall:7.2f}s {cpu:7.2f}s {rss:6.1f} MB   {wall / floor_wall:5.2f}x {cpu / floor_cpu:5.2f}x"
                f"   {each}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def timed(argv: list[str], env: dict[str, str], out: Path, stdin: str | None) -> tuple[float, float, float]:
    """Wall and CPU (user + system) seconds and peak RSS (MB) of one run of argv, its output to `out`."""
    with out.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=sink, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        assert proc.stdin is not None and proc.stderr is not None
        if stdin:
            proc.stdin.write(stdin.encode())
        proc.stdin.close()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
