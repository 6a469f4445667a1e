"""Option groups: options most commands share, declared once as one value.

A command takes `scope: Scope` or `output: Output` as one parameter; `expand_groups` (applied
by `hmip_cli.app` to every command it registers) shows Typer the group's options in that place,
in field order, and hands the command one value of the group. So `--year … --region` and
`--fields … --no-header` are written once, here, not in each command's signature.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import sqlite3
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from hmip_cli.environment import Environment
from hmip_cli.options import (
    BomOpt,
    FieldsOpt,
    FormatOpt,
    KeepFormulasOpt,
    NoHeaderOpt,
    OutputFileOpt,
    PublishedOpt,
    RegionOpt,
    RoundOpt,
    SectorOpt,
    SourceKindOpt,
    TypeOpt,
    WideOpt,
    YearOpt,
)

if TYPE_CHECKING:
    from hmip_cli.queries.filters import Filters
    from hmip_cli.render.output import Destination
    from hmip_cli.render.writers import Writer
    from hmip_cli.tabular import Result


@dataclass(frozen=True)
class Scope:
    """The scope options as given (None: not given): which inspections a view is of."""

    year: YearOpt = None
    published: PublishedOpt = None
    round_: RoundOpt = None
    sector: SectorOpt = None
    provider_type: TypeOpt = None
    region: RegionOpt = None
    source_kind: SourceKindOpt = None

    def filters(self, conn: sqlite3.Connection, **more: Any) -> Filters:
        """Resolved, every value checked; `more`: the other filters resolve_filters takes."""
        from hmip_cli.queries.filters import resolve_filters

        return resolve_filters(
            conn,
            years=self.year,
            published=self.published,
            framework_names=self.round_,
            sectors=self.sector,
            types=self.provider_type,
            regions=self.region,
            source_kinds=self.source_kind,
            **more,
        )

    def checked(self, conn: sqlite3.Connection, env: Environment, *, strict: bool, **more: Any) -> Filters:
        """Resolved, and names that match nothing told (see present.warn_unmatched)."""
        from hmip_cli.commands.present import warn_unmatched

        filters = self.filters(conn, **more)
        warn_unmatched(conn, filters, env, strict=strict)
        return filters


@dataclass(frozen=True)
class Output:
    """The output options as given: --fields, --format, --output, --wide, --no-header, --bom,
    --keep-formulas; and --view, which a command declares itself (its views are its own) and
    sets with `viewing`."""

    fields: FieldsOpt = None
    fmt: FormatOpt = None
    to_file: OutputFileOpt = None
    wide: WideOpt = False
    no_header: NoHeaderOpt = False
    bom: BomOpt = False
    keep_formulas: KeepFormulasOpt = False
    view: str | None = None

    def viewing(self, view: str | None) -> Output:
        return dataclasses.replace(self, view=view)

    def writer(self, env: Environment) -> Writer:
        """The registry's writer for --format (or the environment's default): ask it what it does."""
        from hmip_cli.render.writers import writer_for

        return writer_for(self.fmt, env)

    def field_list(self) -> list[str] | None:
        if self.fields is None:
            return None
        return [f.strip() for f in self.fields.split(",") if f.strip()]

    def write(self, result: Result, env: Environment, conn: sqlite3.Connection | None = None) -> None:
        """The result with the chosen writer; --view and --fields are applied there, once. `conn`:
        the database read, so a spreadsheet's Notes sheet can say how to cite it (`hmip cite`)."""
        from hmip_cli.render.output import emit

        citation = None
        if conn is not None and self.writer(env).spreadsheet:
            from hmip_cli.queries.citation import citation as cite
            from hmip_cli.render.citation import plain

            citation = plain(cite(conn))
        emit(
            result,
            self.fmt,
            env,
            view=self.view,
            fields=self.field_list(),
            wide=self.wide,
            no_header=self.no_header,
            to=self.destination(),
            citation=citation,
        )

    def destination(self) -> Destination:
        from hmip_cli.render.output import Destination

        return Destination(self.to_file, bom=self.bom, keep_formulas=self.keep_formulas)


NO_SCOPE = Scope()
PLAIN_OUTPUT = Output()
"""A group parameter's default, only so it may stand among parameters with defaults: Typer never
sees it, and the command always gets the group built from its options."""

GROUPS: tuple[type, ...] = (Scope, Output)
_EXPANDED = "__hmip_groups_expanded__"


def _options_of(group: type) -> list[tuple[str, Any, Any]]:
    """(name, Annotated type, default) of each field of a group that is a Typer option."""
    hints = typing.get_type_hints(group, include_extras=True)
    return [
        (f.name, hints[f.name], f.default)
        for f in dataclasses.fields(group)
        if typing.get_origin(hints[f.name]) is Annotated
    ]


def expand_groups(command: Callable[..., Any]) -> Callable[..., Any]:
    """The command as Typer should see it: each group parameter replaced by the group's options."""
    if getattr(command, _EXPANDED, False):
        return command
    hints = typing.get_type_hints(command, include_extras=True)
    signature = inspect.signature(command)
    parameters: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    for parameter in signature.parameters.values():
        annotation = hints.get(parameter.name, parameter.annotation)
        if annotation in GROUPS:
            options = _options_of(annotation)
            groups[parameter.name] = (annotation, [name for name, _, _ in options])
            parameters.extend(
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
                for name, hint, default in options
            )
        else:
            parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=annotation))
    if not groups:
        return command

    @functools.wraps(command)
    def run(**values: Any) -> Any:
        for name, (group, fields) in groups.items():
            values[name] = group(**{field: values.pop(field) for field in fields})
        return command(**values)

    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    setattr(run, _EXPANDED, True)
    return run
