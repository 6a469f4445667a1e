"""`hmip docs`: the documents a command's help points to, shipped with hmip and read offline."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.present import environment
from hmip_cli.store.locations import DOCS

NameArg = Annotated[
    str | None,
    typer.Argument(
        help=f"Which document: {', '.join(DOCS)}. Without it, the list.",
        show_default=False,
        autocompletion=lambda incomplete: [n for n in DOCS if n.startswith(incomplete.lower())],
    ),
]


def docs(ctx: typer.Context, name: NameArg = None) -> None:
    """Print one of the documents that ship with hmip (markdown), or list them.

    Example: hmip docs data | less
    """
    from hmip_cli.render.output import write_text
    from hmip_cli.store.locations import shipped_doc

    if name is None:
        write_text("".join(f"{doc}\t{what}\n" for doc, what in DOCS.items()), environment(ctx))
        return
    if name.lower() not in DOCS:
        raise typer.BadParameter(f"{name!r} is not a document (accepted: {', '.join(DOCS)})", param_hint="NAME")
    write_text(shipped_doc(name.lower()).read_text(encoding="utf-8"), environment(ctx))
