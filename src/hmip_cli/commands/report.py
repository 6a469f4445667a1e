"""`hmip report --out FILE`: the charts and tables in one shareable file (HTML or Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hmip_cli.commands.groups import NO_SCOPE, CountsScope
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, MinServicesOpt
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES

OUT_HELP = "File to write: .html (charts as inline SVG, no network needed) or .md (the tables)."
OutOpt = Annotated[Path, typer.Option("--out", "-o", help=OUT_HELP, dir_okay=False)]


def report(
    ctx: typer.Context,
    out: OutOpt,
    scope: CountsScope = NO_SCOPE,
    min_services: MinServicesOpt = DEFAULT_MIN_SERVICES,
    db: DbOpt = None,
) -> None:
    """Write a self-contained report: ratings by publication year, standards heatmap, league tables, sources.

    By default it covers every inspection, with bars and counts by the year each report was
    published (most inspections have no programme year). --year, --published or --round given
    twice or more compare along that axis instead, as hmip compare does; the scope options are
    those of hmip list. Every chart and table is one sector (the league: one framework,
    numbered within itself), titled with its scope.

    The HTML page needs nothing else (no scripts, fonts or images to fetch) and prints cleanly;
    every rating links to the page where it is stated. The file is replaced atomically.

    Example: hmip report --out report.html --type CRC --type NPS
    """
    from hmip_cli.queries.charts import report_contents
    from hmip_cli.render.report import report_kind, write_report
    from hmip_cli.store.connection import reading_database

    report_kind(out)  # a wrong file type fails before any work
    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn)
        kind = write_report(report_contents(conn, selection.filters, min_services), out)
    for line in selection.notes:
        env.note(line)
    env.note(f"{kind} report written to {out}")
