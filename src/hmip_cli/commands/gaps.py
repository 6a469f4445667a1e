"""`hmip gaps`: inspections known to have taken place whose rating is not recorded here."""

from __future__ import annotations

import typer

from hmip_cli.commands.groups import NO_SCOPE, PLAIN_OUTPUT, Output, Scope
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, ServiceOpt, StrictOpt


def gaps(
    ctx: typer.Context,
    scope: Scope = NO_SCOPE,
    service: ServiceOpt = None,
    output: Output = PLAIN_OUTPUT,
    strict: StrictOpt = False,
    db: DbOpt = None,
) -> None:
    """List inspections known to have taken place whose rating no source we hold states, with the evidence.

    They come from data/source/known_inspections.csv (a report page, a presentation naming the
    inspection). No rating is recorded for them and none is inferred, not even from HMIP's
    published totals; views whose scope holds one name it ("1 not recorded here: South
    Yorkshire CRC (2019/20)"). An inspection stops being a gap once its rating is imported.
    --source-kind matches no gap: a gap has no rating, so no rating's source.

    Example: hmip gaps --sector youth -f csv
    """
    from hmip_cli.queries.gaps import gaps as gaps_result
    from hmip_cli.store.connection import reading_database

    env = environment(ctx)
    with reading_database(db, env.note) as conn:
        filters = scope.checked(conn, env, strict=strict, services=service)
        output.write(gaps_result(conn, filters), env, conn)
