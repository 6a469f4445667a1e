"""`hmip cite`: how to cite hmip and the data it holds, with the data's date and licence."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from hmip_cli.commands.present import environment
from hmip_cli.options import DbOpt, complete_choices


class CiteFormat(StrEnum):
    PLAIN = "plain"
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"


CITE_HELP = "plain (a sentence for each), bibtex or csl-json (for reference managers)."
CiteFormatOpt = Annotated[
    CiteFormat,
    typer.Option(
        "--format",
        "-f",
        help=CITE_HELP,
        metavar="FORMAT",
        case_sensitive=False,
        autocompletion=complete_choices([f.value for f in CiteFormat]),
    ),
]


def cite(ctx: typer.Context, fmt: CiteFormatOpt = CiteFormat.PLAIN, db: DbOpt = None) -> None:
    """Print a citation for hmip and for the data in the database in use: its latest
    publication, when its sources were compiled, and HMIP's Open Government Licence line.

    Example: hmip cite -f bibtex >> references.bib
    """
    from hmip_cli.queries.citation import citation
    from hmip_cli.render.citation import CITATION_STYLES
    from hmip_cli.render.output import write_text
    from hmip_cli.store.connection import reading_database

    with reading_database(db, environment(ctx).note) as conn:
        cited = citation(conn)
    # the data's dates come from the database: on a terminal they are shown, never obeyed
    write_text(CITATION_STYLES[fmt.value](cited), environment(ctx))
