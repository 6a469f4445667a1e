"""Make docs/chart-*.png: each terminal chart, drawn from the bundled data, as a picture.

Each chart is drawn on a recording Rich console (100 columns, true colour), exported as SVG,
and photographed by headless Chromium (no network: the SVG's web-font links are removed, so a
local monospace font is used).

Usage: python scripts/chart_pngs.py [--out DIR]   (needs `chromium` on PATH)
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from hmip_cli.queries.charts import Distribution, Heatmap, History, distribution, heatmap, history
from hmip_cli.queries.filters import resolve_filters
from hmip_cli.render.charts import renderable
from hmip_cli.store.connection import reading
from hmip_cli.store.locations import Location, bundled_database, for_reading

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 100
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def charts(location: Location) -> dict[str, tuple[str, Distribution | Heatmap | History]]:
    with reading(location) as conn:
        return {
            "distribution": ("hmip chart distribution", distribution(conn, resolve_filters(conn))),
            "heatmap": (
                "hmip chart heatmap --year 2018/19 --type CRC --type NPS",
                heatmap(conn, resolve_filters(conn, years=["2018/19"], types=["CRC", "NPS"])),
            ),
            "history": ('hmip chart history "durham tees valley crc"', history(conn, "durham tees valley crc")),
        }


def svg(title: str, chart: Distribution | Heatmap | History) -> str:
    console = Console(
        file=io.StringIO(),
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(renderable(chart))
    text = console.export_svg(title=title)
    return re.sub(r"@font-face\s*\{[^}]*\}", "", text)


def photograph(svg_text: str, png: Path, chromium: str) -> None:
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg_text)
    if match is None:
        raise SystemExit("rich's SVG has no viewBox")
    width, height = (int(float(v) + 0.999) for v in match.groups())
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "chart.html"
        page.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<style>html,body{margin:0;background:#fff}svg{display:block}</style></head>"
            f"<body>{svg_text}</body></html>",
            encoding="utf-8",
        )
        done = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={Path(folder) / 'profile'}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0 or not png.exists():
            raise SystemExit(f"chromium failed for {png.name}:\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    location = for_reading(bundled_database())
    for name, (title, chart) in charts(location).items():
        png = args.out / f"chart-{name}.png"
        photograph(svg(title, chart), png, chromium)
        print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")


if __name__ == "__main__":
    main()
