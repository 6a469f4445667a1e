"""Generate HMIP inspections in the long CSV import layout (reproducible: fixed seed), in two shapes.

Usage: python bench/generate.py --inspections 100000 --out bench/out/ratings.csv [--shape template]

`synthetic` (the default): each inspection gets an `overall` row plus 6 to 10 standard rows, using
only the standards its framework defines for its provider type (read from
hmip_cli.schemas.frameworks, not hard-coded), ids increasing: 8.7 rows per inspection, keys sorted.
`template`: the shipped data/source/ratings.csv copied again and again with suffixed ids
(`camden-yos-2019-20-x000042`), in the shipped file's row order: the real record's shape, 1.76
rows per inspection, long notes and URLs, an inspection's rows apart and keys unsorted.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from hmip_cli.schemas.frameworks import ProviderType, frameworks
from hmip_cli.schemas.records import LONG_COLUMNS

COLUMNS = list(LONG_COLUMNS)  # exactly the import layout hmip reads
TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "source" / "ratings.csv"
SHAPES = ("synthetic", "template")
ROWS_PER_INSPECTION = {"synthetic": 8.7, "template": 1.76}
"""What each shape gives on average, to aim a file at a number of rows."""

# (provider type, framework, programme years, weight)
MIX: list[tuple[ProviderType, str, tuple[str, ...], int]] = [
    (ProviderType.CRC, "probation-2018", ("2018/19", "2019/20", "2020/21"), 15),
    (ProviderType.NPS, "probation-2018", ("2018/19", "2019/20", "2020/21"), 8),
    (ProviderType.PDU, "pdu-2021", ("2021/22", "2022/23"), 20),
    (ProviderType.PDU, "probation-2023", ("2023/24", "2024/25"), 20),
    (ProviderType.YOT, "youth-2018", ("2018/19", "2019/20", "2020/21"), 15),
    (ProviderType.YOT, "youth-2021", ("2021/22", "2022/23", "2023/24"), 15),
    (ProviderType.REGION, "probation-2023", ("2023/24", "2024/25"), 7),
]

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Kent, Surrey and Sussex",
]

RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
RATING_WEIGHTS = [8, 42, 35, 15]
NOTES = ["", "", "", "", "rating from the published report", "see the summary, page 4"]
SEED = 20240501


def generate(inspections: int, out: Path, seed: int = SEED, shape: str = "synthetic") -> int:
    """Write `inspections` inspections of `shape` to `out`; return the number of data rows."""
    if shape == "template":
        return template_copies(inspections, out)
    if shape != "synthetic":
        raise ValueError(f"unknown shape {shape!r} (accepted: {', '.join(SHAPES)})")
    rng = random.Random(seed)
    catalogue = frameworks()
    choices = [(provider, slug, years, catalogue[slug].standards_for(provider)) for provider, slug, years, _ in MIX]
    weights = [w for *_, w in MIX]
    rows = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for index in range(inspections):
            provider, slug, years, standards = rng.choices(choices, weights)[0]
            year = rng.choice(years)
            first = int(year[:4])
            region = rng.choice(REGIONS)
            service_id = f"svc-{index:06d}-{provider.value.lower()}"
            service = f"Synthetic {index:06d} {provider.value}"
            inspection_id = f"{service_id}-{year.replace('/', '-')}"
            month = rng.randint(4, 12)
            fieldwork = f"{first}-{month:02d}" if rng.random() < 0.6 else ""
            published = f"{first + (month + 2 > 12)}-{(month + 1) % 12 + 1:02d}-{rng.randint(1, 28):02d}"
            source_url = f"https://example.org/hmip/{service_id}/{year.replace('/', '-')}"
            overall = rng.choices(RATINGS, RATING_WEIGHTS)[0]
            picked = rng.sample(standards, k=min(len(standards), rng.randint(6, 10)))
            base = [inspection_id, service_id, service, provider.value, region, slug, year, fieldwork, published]
            writer.writerow([*base, "overall", "", overall, source_url, rng.choice(NOTES)])
            for standard in picked:
                rating = rng.choices(RATINGS, RATING_WEIGHTS)[0]
                writer.writerow([*base, standard.slug, standard.code or "", rating, source_url, rng.choice(NOTES)])
            rows += 1 + len(picked)
    return rows


def template_copies(inspections: int, out: Path) -> int:
    """The shipped ratings copied until at least `inspections` inspections are written, every
    copy's `inspection_id` and `service_id` suffixed with its number (`-x000001`), rows in the
    shipped order; the number of data rows."""
    with TEMPLATE.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        template = list(reader)
    if header != COLUMNS:
        raise ValueError(f"{TEMPLATE} is not in the long layout")
    ids = header.index("inspection_id"), header.index("service_id")
    per_copy = len({row[ids[0]] for row in template})
    copies = max(1, -(-inspections // per_copy))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for copy in range(1, copies + 1):
            suffix = f"-x{copy:06d}"
            for row in template:
                copied = list(row)
                for index in ids:
                    copied[index] += suffix
                writer.writerow(copied)
    return copies * len(template)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=100_000, help="number of inspections (default 100000)")
    parser.add_argument("--out", type=Path, default=Path("bench/out/ratings.csv"), help="CSV file to write")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--shape", choices=SHAPES, default="synthetic", help="synthetic (default) or template")
    args = parser.parse_args(argv)
    rows = generate(args.inspections, args.out, args.seed, args.shape)
    print(f"wrote {args.shape} inspections (asked {args.inspections}), {rows} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
