"""What every benchmark shares: running a command in a fresh process, its wall time and peak RSS,
medians over runs, and the rows of the results table."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass
class Sample:
    wall: float
    rss_mb: float
    cpu: float = 0.0
    """The child's user + system CPU seconds."""


@dataclass
class Measure:
    name: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)


@dataclass
class Row:
    benchmark: str
    figure: str
    value: str
    target: str = ""
    met: bool | None = None


# Children run as users run them: without these developer-shell settings, which make every
# write a system call (PYTHONUNBUFFERED) and recompile an editable install's sources on every
# start (PYTHONDONTWRITEBYTECODE). Every peer and floor runs under the same environment.
BENCH_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")}


def run_once(argv: list[str], stdout_path: str = os.devnull, env: dict[str, str] | None = None) -> Sample:
    """Run argv in a fresh subprocess; wall seconds, that child's own peak RSS and CPU time."""
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, cwd=ROOT, env=env or BENCH_ENV)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    # ru_maxrss is in KiB on Linux
    return Sample(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def measure_commands(commands: dict[str, list[str]], out: Path, runs: int) -> dict[str, Measure]:
    """A warm-up run of each command (counting its output lines once), then `runs` timed runs each."""
    measures = {name: Measure(name) for name in commands}
    counts = {}
    for name, argv in commands.items():
        run_once(argv, str(out))
        with out.open("rb") as handle:
            counts[name] = sum(1 for _ in handle)
    for _ in range(runs):
        for name, argv in commands.items():
            measures[name].samples.append(run_once(argv))
    for name, m in measures.items():
        say(f"    {name:<36} {fmt_s(m.wall):>9}   peak RSS {m.rss_mb:6.1f} MB   {counts[name]:,} lines out")
    return measures


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def say(text: str) -> None:
    print(text, flush=True)
