"""Issue 25's import goals, measured: hmip's import against the bare load and the schema floor.

Usage: python bench/import_ratios.py CSV [--runs 3] [--sorted] [--base OLD/src] [--skip-bare]

Each run, interleaved so that the machine's load falls on all alike: `hmip import CSV` into a
fresh `hmip db init --empty` database; `bare_load.py` (csv.reader + executemany into ONE plain
table, nothing checked); `import_floor.py` (csv.reader + executemany into hmip's own schema);
and, with `--base`, another hmip source tree run the same way (`PYTHONPATH=OLD/src python -m
hmip_cli`). `--sorted` first writes a copy of CSV sorted by (inspection_id, standard), the
easy order for a keyed table. Printed: the median CPU time (user + system) and wall time of
each, the largest peak RSS, and hmip's ratios to each, per run and of the medians. CPU is the
figure to judge by on a shared machine: wall time waits for the other jobs.

Goals (issue 25): 200k template-shaped rows <= 3x the bare load; at 1M <= 1.0x the schema floor
in file order and <= 1.3x on sorted keys; peak RSS <= 50 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from imports import empty_database
from measure import BENCH_ENV, HERE, Measure, Sample, run_once, say


def sorted_copy(source: Path, out: Path) -> Path:
    """CSV's rows in key order, the header first: `sort` in the C locale over whole lines orders
    them by inspection_id (the first field, a slug: every character after it sorts above the
    comma) and then, an inspection's fields being the same on each of its rows, by standard.
    For files whose every record is one line (as bench/generate.py writes them)."""
    with source.open("rb", buffering=0) as handle, out.open("wb") as sorted_out:
        sorted_out.write(handle.readline())
        sorted_out.flush()
        subprocess.run(["sort", "-S", "64M", "-T", str(out.parent)], stdin=handle, stdout=sorted_out,
                       check=True, env={**os.environ, "LC_ALL": "C"})  # fmt: skip
    return out


def _figures(sample: Sample) -> str:
    return f"cpu {sample.cpu:7.2f} s  wall {sample.wall:7.2f} s  rss {sample.rss_mb:5.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sorted", action="store_true", help="import a copy sorted by key")
    parser.add_argument("--base", type=Path, help="another hmip's src directory, run beside this one")
    parser.add_argument("--hmip-src", type=Path, help="run this hmip from a copy of its src directory")
    parser.add_argument("--skip-bare", action="store_true", help="leave out the bare load")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        source = sorted_copy(args.csv, work / "sorted.csv") if args.sorted else args.csv
        rows = sum(1 for _ in source.open("rb")) - 1
        say(f"{rows:,} rows of {args.csv.name}{' sorted by key' if args.sorted else ''}, {args.runs} runs interleaved")
        commands = ["hmip", "floor"] + ([] if args.skip_bare else ["bare"]) + (["base"] if args.base else [])
        measures = {name: Measure(name) for name in commands}
        base_env = {**BENCH_ENV, "PYTHONPATH": str(args.base)} if args.base else None
        hmip_env = {**BENCH_ENV, "PYTHONPATH": str(args.hmip_src)} if args.hmip_src else None
        for run in range(args.runs):
            for name in commands:
                db = work / f"{name}-{run}.sqlite"
                env = base_env if name == "base" else hmip_env if name == "hmip" else None
                if name == "bare":
                    argv_ = [sys.executable, str(HERE / "bare_load.py"), str(db), str(source)]
                elif name == "floor":
                    argv_ = [sys.executable, str(HERE / "import_floor.py"), str(empty_database(db)), str(source)]
                else:  # each hmip makes its own empty database: another's schema may be newer
                    hmip = [sys.executable, "-m", "hmip_cli"] if env else ["hmip"]
                    run_once([*hmip, "db", "init", "--empty", "--db", str(db)], env=env)
                    argv_ = [*hmip, "import", str(source), "--db", str(db)]
                sample = run_once(argv_, env=env)
                measures[name].samples.append(sample)
                db.unlink()
                say(f"  run {run + 1} {name:<6} {_figures(sample)}")
            hmip = measures["hmip"].samples[-1]
            for n in commands[1:]:
                other = measures[n].samples[-1]
                say(f"        hmip / {n}: cpu {hmip.cpu / other.cpu:.2f}x  wall {hmip.wall / other.wall:.2f}x")
        say("medians:")
        for name, m in measures.items():
            say(f"  {name:<6} cpu {m.cpu:7.2f} s  wall {m.wall:7.2f} s  peak rss {m.rss_mb:5.1f} MB")
        hmip_m = measures["hmip"]
        for name in commands[1:]:
            m = measures[name]
            say(f"  hmip / {name}: cpu {hmip_m.cpu / m.cpu:.2f}x  wall {hmip_m.wall / m.wall:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
