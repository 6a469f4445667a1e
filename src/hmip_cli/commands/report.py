"""`hmip report --out FILE`: the charts and tables in one shareable file (HTML or Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hmip_cli.commands.groups import Scope
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, SectorOpt, TypeOpt, YearOpt

OUT_HELP = "File to write: .html (charts as inline SVG, no network needed) or .md (the tables)."
OutOpt = Annotated[Path, typer.Option("--out", "-o", help=OUT_HELP, dir_okay=False)]


def report(
    ctx: typer.Context,
    out: OutOpt,
    year: YearOpt = None,
    sector: SectorOpt = None,
    provider_type: TypeOpt = None,
    db: DbOpt = None,
) -> None:
    """Write a self-contained report: ratings by year, the standards heatmap, compare and league tables, sources.

    Every chart and table is one sector (the league: one framework), titled with its scope.

    The HTML page needs nothing else (no scripts, fonts or images to fetch) and prints cleanly;
    every rating links to the page where it is stated. The file is replaced atomically.

    Example: hmip report --out report.html --type CRC --type NPS
    """
    from hmip_cli.queries.charts import report_contents
    from hmip_cli.render.report import report_kind, write_report
    from hmip_cli.store.connection import reading_database

    report_kind(out)  # a wrong file type fails before any work
    with reading_database(db, environment(ctx).note) as conn:
        filters = Scope(year, sector=sector, provider_type=provider_type).filters(conn)
        kind = write_report(report_contents(conn, filters), out)
    environment(ctx).note(f"{kind} report written to {out}")
