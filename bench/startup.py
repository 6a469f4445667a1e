"""Start-up of `hmip list --rating inadequate -f tsv` against `sqlite-utils query` on the same SQL,
interleaved, with CPU time (user + system) beside wall time: on a shared machine the CPU time is
the steadier figure.

Usage: python bench/startup.py [--runs 15] [--base OLD/src]
(`--base` adds another hmip source tree run with PYTHONPATH, say main before a change.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import BENCH_ENV, ROOT  # noqa: E402 - bench/ is not a package
from run import BUNDLED, SMALL_SQL  # noqa: E402


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of argv in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--base", type=Path, help="another hmip source tree (its src/), run with PYTHONPATH")
    args = parser.parse_args(argv)
    # the sqlite-utils beside this Python (the venv's), not a shim found first on PATH
    beside = Path(sys.executable).parent / "sqlite-utils"
    sqlite_utils = str(beside) if beside.exists() else "sqlite-utils"
    list_args = ["list", "--rating", "inadequate", "--format", "tsv", "--db", str(BUNDLED)]
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "hmip list": ([sys.executable, "-m", "hmip_cli", *list_args], BENCH_ENV),
        "sqlite-utils query": ([sqlite_utils, "query", str(BUNDLED), SMALL_SQL, "--tsv"], BENCH_ENV),
        "typer 0.29 app, 6 options": (
            [sys.executable, str(HERE / "typer_floor.py"), "--db", str(BUNDLED), "--rating", "Inadequate"],
            BENCH_ENV,
        ),
    }
    if args.base:
        base_env = {**BENCH_ENV, "PYTHONPATH": str(args.base.resolve())}
        commands["base hmip list"] = ([sys.executable, "-m", "hmip_cli", *list_args], base_env)
    for command, env in commands.values():  # warm the page cache and .pyc files
        run_once(command, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved, so drift hits every command alike
        for name, (command, env) in commands.items():
            samples[name].append(run_once(command, env))
    peer = samples["sqlite-utils query"]
    peer_wall, peer_cpu = statistics.median(w for w, _ in peer), statistics.median(c for _, c in peer)
    print(f"{'':<28} {'wall':>8} {'CPU':>8}   ratio to sqlite-utils (wall, CPU)   runs: {args.runs}")
    for name, values in samples.items():
        wall, cpu = statistics.median(w for w, _ in values), statistics.median(c for _, c in values)
        print(
            f"{name:<28} {wall * 1000:6.0f} ms {cpu * 1000:6.0f} ms   {wall / peer_wall:5.2f}x {cpu / peer_cpu:5.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
