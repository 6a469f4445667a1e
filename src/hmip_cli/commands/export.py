"""`hmip export`: ratings in a layout `hmip import` reads back."""

from __future__ import annotations

import typer

from hmip_cli.commands.groups import NO_SCOPE, RatingsScope
from hmip_cli.commands.present import environment
from hmip_cli.options import BomOpt, DbOpt, ExportFormat, ExportFormatOpt, KeepFormulasOpt, OutputFileOpt


def export(
    ctx: typer.Context,
    fmt: ExportFormatOpt = ExportFormat.CSV,
    scope: RatingsScope = NO_SCOPE,
    db: DbOpt = None,
    to_file: OutputFileOpt = None,
    bom: BomOpt = False,
    keep_formulas: KeepFormulasOpt = False,
) -> None:
    """Write ratings in a layout `hmip import` reads back (every standard unless --standard).

    Spreadsheets: the CSV is written raw, byte for byte what was stored, for pipelines and
    re-import; a cell beginning = + - @ may then run as a formula if you open the file in a
    spreadsheet. For Excel use --bom (UTF-8 marked, and such cells given a leading ' so they
    stay text; --keep-formulas to write them raw), or `hmip list ... -f xlsx -o FILE.xlsx`.

    Example: hmip export --type PDU -o pdu.csv
    """
    from hmip_cli.queries.export import export_inspections, export_long
    from hmip_cli.render.output import Destination, OutputFormat, emit, emit_objects
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        selection = scope.select(conn, default_standards=())
        to = Destination(to_file, bom=bom, keep_formulas=keep_formulas)
        if fmt == ExportFormat.CSV:
            emit(selection.noted(export_long(conn, selection.filters)), OutputFormat.CSV, env, to=to)
        else:
            emit_objects(export_inspections(conn, selection.filters), fmt, env, to=to)
            for line in selection.notes:  # nested records carry no notes: stderr, after the data
                env.note(line)
