"""`hmip standards`: the frameworks reference and the rating scale."""

from __future__ import annotations

from typing import Annotated

import typer

from hmip_cli.commands.groups import PLAIN_OUTPUT, Output
from hmip_cli.commands.present import environment
from hmip_cli.options import FrameworkOpt, view_option

STANDARDS_VIEWS = ("standards", "scale")


def standards(
    ctx: typer.Context,
    framework: FrameworkOpt = None,
    view: Annotated[str | None, view_option(*STANDARDS_VIEWS)] = None,
    output: Output = PLAIN_OUTPUT,
) -> None:
    """The standards frameworks: domains, codes, slugs and names by provider type, and the rating scale.

    Example: hmip standards --framework probation-2018
    """
    from hmip_cli.queries.reference import standards_reference

    output.viewing(view).write(standards_reference(framework or ()), environment(ctx))
