"""`hmip league` and `hmip summary --by standard` on a large database, against their floor: one
SQL statement that ranks the same (each service's latest inspection per framework by
`row_number`, counts and points by `GROUP BY`, ranks by `rank()`), run by the sqlite3 CLI.
Wall time and peak RSS, interleaved; `--base PATH` adds another hmip source tree (say, main
before a change) run with PYTHONPATH, whose failures are reported, not raised.

Usage: python bench/league.py DB [DB ...] [--runs 3] [--base /tmp/old/src]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Measure, Row, fmt_s, run_once, say

LEAGUE_TARGET = 1.5  # hmip league / the one-statement SQL league
LEAGUE_MB = 100.0

FLOOR_SQL = """
WITH chosen AS (
  SELECT i.inspection_id, i.service, i.provider_type, i.framework, row_number() OVER (
    PARTITION BY i.framework, i.service_id ORDER BY i.published IS NULL, i.published DESC,
    i.inspection_year IS NULL, i.inspection_year DESC, i.inspection_id DESC) AS newest
  FROM inspections i),
profiled AS (
  SELECT c.framework, c.service, c.inspection_id, o.rating AS overall, o.points AS overall_points,
    count(s.slug) AS known, coalesce(sum(CASE WHEN s.slug IS NOT NULL THEN r.points END), 0) AS points,
    sum(s.slug IS NOT NULL AND r.rating = 'Outstanding') AS o, sum(s.slug IS NOT NULL AND r.rating = 'Good') AS g,
    sum(s.slug IS NOT NULL AND r.rating = 'Requires improvement') AS ri,
    sum(s.slug IS NOT NULL AND r.rating = 'Inadequate') AS i
  FROM chosen c
  LEFT JOIN ratings o ON o.inspection_id = c.inspection_id AND o.standard = 'overall'
  LEFT JOIN ratings r ON r.inspection_id = c.inspection_id AND r.standard != 'overall'
  LEFT JOIN standards s ON s.framework = c.framework AND s.provider_type = c.provider_type AND s.slug = r.standard
  WHERE c.newest = 1 GROUP BY c.inspection_id)
SELECT framework, rank() OVER (PARTITION BY framework ORDER BY overall_points IS NULL, overall_points DESC),
  service, overall, CAST(points AS REAL) / known, known, points, o, g, ri, i
FROM profiled
ORDER BY framework, overall_points IS NULL, overall_points DESC, known = 0, CAST(points AS REAL) / known DESC,
  lower(service)
"""


def sizes(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ratings, inspections = conn.execute(
            "SELECT (SELECT count(*) FROM ratings), (SELECT count(*) FROM inspections)"
        ).fetchone()
    finally:
        conn.close()
    return int(ratings), int(inspections)


def bench_league(db: Path, runs: int, rows: list[Row], base: Path | None = None) -> None:
    ratings, inspections = sizes(db)
    label = f"5 league, {ratings:,} ratings"
    say(f"\n[{label}] ({inspections:,} inspections; median wall of {runs}, max peak RSS)")
    hmip = ["hmip"]
    commands = {
        "hmip league": [*hmip, "league", "-f", "tsv", "--db", str(db)],
        "hmip summary --by standard": [*hmip, "summary", "--by", "standard", "-f", "tsv", "--db", str(db)],
    }
    if shutil.which("sqlite3"):
        commands["one SQL statement (sqlite3 CLI)"] = ["sqlite3", "-readonly", str(db), FLOOR_SQL]
    if base is not None:
        before = ["env", f"PYTHONPATH={base}", sys.executable, "-m", "hmip_cli"]
        commands["base hmip league"] = [*before, "league", "-f", "tsv", "--db", str(db)]
        commands["base hmip summary --by standard"] = [
            *before, "summary", "--by", "standard", "-f", "tsv", "--db", str(db),
        ]  # fmt: skip
    measures = {name: Measure(name) for name in commands}
    failed: dict[str, str] = {}
    for _ in range(runs):
        for name, argv in commands.items():
            if name in failed:
                continue
            try:
                measures[name].samples.append(run_once(argv))
            except RuntimeError as exc:  # the base may fail (too many SQL variables): say how
                failed[name] = str(exc).splitlines()[-1][-160:]
    for name, m in measures.items():
        if name in failed:
            say(f"    {name:<36} failed: {failed[name]}")
            rows.append(Row(label, f"{name} (wall)", f"fails: {failed[name]}"))
            continue
        say(f"    {name:<36} {fmt_s(m.wall):>9}   CPU {fmt_s(m.cpu):>9}   peak RSS {m.rss_mb:6.1f} MB")
        is_hmip = name.startswith("hmip")
        rows.append(Row(label, f"{name} (wall)", fmt_s(m.wall)))
        rows.append(Row(label, f"{name} (CPU, user + system)", fmt_s(m.cpu)))
        rows.append(
            Row(label, f"{name} peak RSS", f"{m.rss_mb:.1f} MB", f"≤ {LEAGUE_MB:.0f} MB" if is_hmip else "",
                m.rss_mb <= LEAGUE_MB if is_hmip else None)
        )  # fmt: skip
    floor = measures.get("one SQL statement (sqlite3 CLI)")
    if floor is not None and floor.samples:
        ratio = measures["hmip league"].wall / floor.wall
        cpu_ratio = measures["hmip league"].cpu / floor.cpu
        say(f"    hmip league / one SQL statement = {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU")
        for what, value in (("wall", ratio), ("CPU", cpu_ratio)):
            rows.append(
                Row(label, f"hmip league / one SQL statement ({what})", f"{value:.2f}x", f"≤ {LEAGUE_TARGET}x",
                    value <= LEAGUE_TARGET)
            )  # fmt: skip
    for name in ("league", "summary --by standard"):
        old, new = measures.get(f"base hmip {name}"), measures[f"hmip {name}"]
        if old is not None and old.samples:
            rows.append(Row(label, f"hmip {name} / base", f"{new.wall / old.wall:.2f}x"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", type=Path, help="another hmip source tree (its src/), run with PYTHONPATH")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for db in args.databases:
        bench_league(db, args.runs, rows, args.base)
    print("\n| Benchmark | Figure | Value | Target | Result |\n|---|---|---|---|---|")
    for r in rows:
        result = "" if r.met is None else ("MET" if r.met else "**NOT MET**")
        print(f"| {r.benchmark} | {r.figure} | {r.value} | {r.target} | {result} |")
    return 0


if __name__ == "__main__":
    os.environ.pop("PYTHONUNBUFFERED", None)
    raise SystemExit(main())
