"""The import benchmarks: hmip's validated import and re-import against their floor (plain
csv.reader + executemany into hmip's own schema, `import_floor.py`) and their peers (the sqlite3
CLI's `.import` and `sqlite-utils insert`, neither of which validates), run interleaved, and the
same at a fixed large size (2 million rows in a full run) for memory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from generate import ROWS_PER_INSPECTION, generate
from measure import HERE, ROOT, Measure, Row, Sample, fmt_s, run_once, say

IMPORT_TARGET = 1.5  # hmip import / the csv.reader + executemany floor on the hmip schema
IMPORT_MB = 100.0  # peak RSS of an import, at any size
JUDGED_FROM_ROWS = 500_000
"""Below this the ratio is shown, not judged: hmip's start-up (about 0.3 s against the floor's
0.05 s) and its fixed steps (scratch database, schema check, ANALYZE) are most of a small import."""

HMIP, FLOOR, SQLITE3, SQLITE_UTILS = "hmip import", "floor import", "sqlite3 .import", "sqlite-utils insert"
HMIP_AGAIN, FLOOR_AGAIN = "hmip re-import", "floor re-import"


def empty_database(path: Path) -> Path:
    """A database with hmip's schema and nothing in it, as the import and its floor start from."""
    subprocess.run(["hmip", "db", "init", "--empty", "--db", str(path)], check=True, capture_output=True, cwd=ROOT)
    return path


def hmip_import(csv_path: Path, db: Path) -> Sample:
    return run_once(["hmip", "import", str(csv_path), "--db", str(db)])


def floor_import(csv_path: Path, db: Path) -> Sample:
    return run_once([sys.executable, str(HERE / "import_floor.py"), str(db), str(csv_path)])


def bench_import(
    csv_path: Path, n_rows: int, work: Path, runs: int, budget: float, rows: list[Row], benchmark: str = "2 import"
) -> Path:
    """Each run: hmip, its floor and sqlite3 into fresh databases, then hmip and the floor again
    over the same file (a re-import: every row unchanged); sqlite-utils, much the slowest, only as
    often as `budget` seconds allow. The first hmip database is kept for the query benchmarks."""
    say(f"\n[{benchmark}] {n_rows:,} rows (median of {runs}, interleaved; sqlite-utils as the time budget allows)")
    deadline = time.perf_counter() + budget
    big = work / f"big-{benchmark.replace(' ', '-')}.sqlite"
    have_sqlite3 = shutil.which("sqlite3") is not None
    names = (HMIP, FLOOR, HMIP_AGAIN, FLOOR_AGAIN, SQLITE3, SQLITE_UTILS)
    measures = {name: Measure(name) for name in names}
    for i in range(runs):
        db, floor_db = empty_database(work / f"hmip-{i}.sqlite"), empty_database(work / f"floor-{i}.sqlite")
        measures[HMIP].samples.append(hmip_import(csv_path, db))
        measures[FLOOR].samples.append(floor_import(csv_path, floor_db))
        measures[HMIP_AGAIN].samples.append(hmip_import(csv_path, db))
        measures[FLOOR_AGAIN].samples.append(floor_import(csv_path, floor_db))
        floor_db.unlink()
        if i == 0:
            db.rename(big)
        else:
            db.unlink()
        if have_sqlite3:
            db3 = work / f"s3-{i}.sqlite"
            measures[SQLITE3].samples.append(run_once(["sqlite3", str(db3), f".import --csv {csv_path} ratings"]))
            db3.unlink()
        su = measures[SQLITE_UTILS]
        if not su.samples or time.perf_counter() + su.samples[-1].wall < deadline:
            db2 = work / f"su-{i}.sqlite"
            su.samples.append(run_once(["sqlite-utils", "insert", str(db2), "ratings", str(csv_path), "--csv"]))
            db2.unlink()
    if not have_sqlite3:
        say("    sqlite3 CLI not found: skipped")
    for m in measures.values():
        if m.samples:
            say(
                f"    {m.name:<20} {fmt_s(m.wall):>9}   {n_rows / m.wall:>10,.0f} rows/s   "
                f"peak RSS {m.rss_mb:6.1f} MB   ({len(m.samples)} runs)"
            )
    rows.extend(import_rows(benchmark, n_rows, measures))
    return big


def import_rows(benchmark: str, n_rows: int, measures: dict[str, Measure]) -> list[Row]:
    """hmip's import and re-import beside the floor (ratio judged), the peers (shown), and memory."""
    hmip, floor, again = measures[HMIP], measures[FLOOR], measures[HMIP_AGAIN]
    label = f"{n_rows:,} rows"
    ratio, again_ratio = hmip.wall / floor.wall, again.wall / hmip.wall
    judged = n_rows >= JUDGED_FROM_ROWS
    target = f"≤ {IMPORT_TARGET}x" + ("" if judged else f" (judged from {JUDGED_FROM_ROWS:,} rows)")
    out = [
        Row(benchmark, f"hmip import {label} (wall)", f"{fmt_s(hmip.wall)} ({n_rows / hmip.wall:,.0f} rows/s)"),
        Row(benchmark, "csv.reader + executemany into hmip's schema (floor, wall)",
            f"{fmt_s(floor.wall)} ({n_rows / floor.wall:,.0f} rows/s)"),
        Row(benchmark, "hmip import / floor", f"{ratio:.2f}x", target, ratio <= IMPORT_TARGET if judged else None),
        Row(benchmark, "hmip import peak RSS", f"{hmip.rss_mb:.1f} MB", f"≤ {IMPORT_MB:.0f} MB",
            hmip.rss_mb <= IMPORT_MB),
        Row(benchmark, "hmip re-import, every row unchanged (wall)", fmt_s(again.wall)),
        Row(benchmark, "hmip re-import / hmip import", f"{again_ratio:.2f}x", "≤ 1x" if judged else "",
            again_ratio <= 1.0 if judged else None),
        Row(benchmark, "hmip re-import peak RSS", f"{again.rss_mb:.1f} MB", f"≤ {IMPORT_MB:.0f} MB",
            again.rss_mb <= IMPORT_MB),
    ]  # fmt: skip
    floor_again = measures.get(FLOOR_AGAIN)
    if floor_again is not None and floor_again.samples:
        out.append(Row(benchmark, "floor re-import, upserts (wall)", fmt_s(floor_again.wall)))
        out.append(Row(benchmark, "hmip re-import / floor re-import", f"{again.wall / floor_again.wall:.2f}x"))
    for name in (SQLITE3, SQLITE_UTILS):
        m = measures.get(name)
        if m is None:
            continue
        if not m.samples:
            out.append(Row(benchmark, f"{name} (peer)", "skipped (CLI not installed)"))
            continue
        runs = f", {len(m.samples)} runs" if name == SQLITE_UTILS else ""
        out.append(Row(benchmark, f"{name}, one bare table, no validation (peer{runs}, wall)",
                       f"{fmt_s(m.wall)} ({n_rows / m.wall:,.0f} rows/s)"))  # fmt: skip
        out.append(Row(benchmark, f"hmip import / {name}", f"{hmip.wall / m.wall:.2f}x"))
    return out


def bench_import_at_size(work: Path, target_rows: int, rows: list[Row], shape: str = "synthetic") -> None:
    """One run each of hmip's import, its floor and hmip's re-import, at a fixed size."""
    source = work / f"rows-{target_rows}.csv"
    n_rows = generate(round(target_rows / ROWS_PER_INSPECTION[shape]), source, shape=shape)
    say(f"\n[2b] import {n_rows:,} {shape} rows ({source.stat().st_size / 1e6:.0f} MB of CSV; one run each)")
    db, floor_db = empty_database(work / "size-hmip.sqlite"), empty_database(work / "size-floor.sqlite")
    measures = {name: Measure(name) for name in (HMIP, FLOOR, HMIP_AGAIN)}
    measures[HMIP].samples.append(hmip_import(source, db))
    measures[FLOOR].samples.append(floor_import(source, floor_db))
    measures[HMIP_AGAIN].samples.append(hmip_import(source, db))
    for m in measures.values():
        say(f"    {m.name:<20} {fmt_s(m.wall):>9}   {n_rows / m.wall:>10,.0f} rows/s   peak RSS {m.rss_mb:6.1f} MB")
    rows.extend(import_rows(f"2b import, {n_rows:,} {shape} rows", n_rows, measures))
    for path in (db, floor_db, source):
        path.unlink()
