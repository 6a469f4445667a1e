"""`hmip db …`: where the database is, what it holds, how it is made, and keeping it level with the shipped data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hmip_cli.commands.groups import PLAIN_OUTPUT, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, view_option

INFO_VIEWS = ("database", "by_sector", "by_type")

app = typer.Typer(no_args_is_help=True, help="The database: where it is, what it holds, how it is built.")


@app.command("info")
def info(
    ctx: typer.Context,
    db: DbOpt = None,
    view: Annotated[str | None, view_option(*INFO_VIEWS)] = None,
    output: Output = PLAIN_OUTPUT,
) -> None:
    """Counts of services, inspections and ratings, per year and provider type, and the file in use.

    Example: hmip db info --format json
    """
    from hmip_cli.queries.info import database_info
    from hmip_cli.store.connection import reading
    from hmip_cli.store.locations import for_reading

    location = for_reading(db)
    with reading(location, environment(ctx).note) as conn:
        output.viewing(view).write(database_info(conn, location), environment(ctx))


@app.command("path")
def path(ctx: typer.Context, db: DbOpt = None) -> None:
    """Print the path of the database file commands read (and, for imports, write).

    Example: sqlite3 "$(hmip db path)" .tables
    """
    from hmip_cli.render.output import write_text
    from hmip_cli.store.locations import for_reading

    write_text(f"{for_reading(db).path}\n", environment(ctx))


@app.command("status")
def status(ctx: typer.Context, db: DbOpt = None, output: Output = PLAIN_OUTPUT) -> None:
    """Whether your database predates the data this hmip ships, and what `hmip db sync` would change.

    Compares the shipped release your database records (its identity and compile date) with this
    hmip's, and stages the shipped rows against yours as a dry-run import: nothing is written.

    Example: hmip db status
    """
    from hmip_cli.actions.syncing import sync_status
    from hmip_cli.store.locations import for_reading

    output.write(sync_status(for_reading(db)).result(), environment(ctx))


SYNC_UPDATE_HELP = (
    "Take the shipped values where they differ from stored ones, listing each change "
    "(without it, any difference is a conflict and nothing is written)."
)


@app.command("sync")
def sync(
    ctx: typer.Context,
    db: DbOpt = None,
    update: Annotated[bool, typer.Option("--update", help=SYNC_UPDATE_HELP)] = False,
) -> None:
    """Bring the data this hmip ships into your database, under the import's rules.

    New shipped ratings, inspections and figures are added; a stored value the shipped data
    would change (a correction, or your own change) is a conflict: each is listed, nothing is
    written, exit 3, unless --update. The shipped sources go through `hmip import` itself.

    Example: hmip db sync --update
    """
    from hmip_cli.actions.syncing import sync as sync_database
    from hmip_cli.store.locations import resolve

    env = environment(ctx)
    outcome = sync_database(resolve(db), update=update, on_change=env.note)
    env.note(f"synced: {outcome.ratings}; {outcome.figures}")
    if outcome.release is not None:
        env.note(f"now holds the shipped data: {outcome.release.describe()}")


@app.command("init")
def init(
    ctx: typer.Context,
    db: DbOpt = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Start with no inspections instead of a copy of the bundled data.")
    ] = False,
) -> None:
    """Create your own database (a copy of the bundled one, or empty) where imports will go.

    Example: hmip db init --db mine.sqlite --empty
    """
    from hmip_cli.errors import DatabaseError
    from hmip_cli.store.connection import open_write
    from hmip_cli.store.locations import resolve

    location = resolve(db)
    if location.path.exists():
        raise DatabaseError(f"{location.path}: already exists; remove it first to start again")
    open_write(location, start="empty" if empty else "bundled").close()
    environment(ctx).note(f"created {location.path}")


@app.command("migrate")
def migrate(ctx: typer.Context, db: DbOpt = None) -> None:
    """Bring an older database's schema up to this version of hmip.

    Example: hmip db migrate --db old.sqlite
    """
    from hmip_cli.store.connection import open_write
    from hmip_cli.store.locations import resolve

    location = resolve(db)
    open_write(location, start="existing").close()
    environment(ctx).note(f"{location.path}: schema is up to date")


@app.command("build")
def build(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Where to write the database (replaced atomically).")],
    source: Annotated[
        str | None,
        typer.Option("--source", help="Long-layout ratings CSV (default: the bundled data/source/ratings.csv)."),
    ] = None,
    figures: Annotated[
        str | None, typer.Option("--figures", help="Figures CSV (default: the bundled data/source/figures.csv).")
    ] = None,
    replace_shipped: Annotated[
        bool,
        typer.Option(
            "--replace-shipped",
            help="Allow OUT to be a checkout's data/findings.sqlite (a maintainer's rebuild); "
            "the installed copy is never replaced.",
        ),
    ] = False,
    compiled: Annotated[
        str | None,
        typer.Option(
            "--compiled",
            metavar="YYYY-MM-DD",
            help="When the sources were compiled (default: `compiled` in release.toml beside the ratings CSV).",
        ),
    ] = None,
) -> None:
    """Build a database from the sourced CSVs; this is how data/findings.sqlite is made.

    scores.csv, known_inspections.csv and provider_types.csv are read from beside the ratings
    file; one that is not there leaves its table empty (and is named).

    Example: hmip db build data/findings.sqlite --source data/source/ratings.csv --replace-shipped
    """
    from hmip_cli.actions.building import build_from_sources
    from hmip_cli.store.connection import refuse_replacing_shipped
    from hmip_cli.store.locations import bundled_source

    refuse_replacing_shipped(out, allow_checkout=replace_shipped)
    ratings_file = Path(source) if source else bundled_source("ratings.csv")
    figures_file = Path(figures) if figures else bundled_source("figures.csv")
    for line in build_from_sources(out, ratings_file, figures_file, compiled).messages():
        environment(ctx).note(line)
