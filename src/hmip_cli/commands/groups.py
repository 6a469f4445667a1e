"""Option groups: options most commands share, declared once as one value.

A command takes `scope: Scope` (or a subset of it: `CountsScope`, `RatingsScope`) or `output:
Output` as one parameter; `expand_groups` (applied by `hmip_cli.app` to every command it
registers) shows Typer the group's options in that place, in field order, and hands the command
one value of the group. So `--rating … --strict` and `--fields … --no-header` are written once,
here, not in each command's signature; the command makes one Selection of its scope
(queries/selection.py)."""

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
    DomainOpt,
    FieldsOpt,
    FormatOpt,
    IncludeCeasedOpt,
    KeepFormulasOpt,
    LatestOpt,
    NoHeaderOpt,
    OutputFileOpt,
    PublishedOpt,
    RatingOpt,
    RegionOpt,
    RoundOpt,
    SectorOpt,
    ServiceOpt,
    SourceKindOpt,
    StandardOpt,
    StrictOpt,
    TypeOpt,
    WideOpt,
    YearOpt,
)

if TYPE_CHECKING:
    from hmip_cli.queries.selection import Selection
    from hmip_cli.render.output import Destination
    from hmip_cli.render.writers import Writer
    from hmip_cli.tabular import Result


class OptionGroup:
    """A frozen dataclass whose Annotated fields are Typer options: a command parameter of this
    type (or `Annotated[it, Only(...)]`) stands for those options (see `expand_groups`)."""


@dataclass(frozen=True)
class Scope(OptionGroup):
    """The selection options as given (None: not given): which inspections or ratings a command
    is of. One definition for every command that selects; each takes the options that make sense
    for it (`Annotated[Scope, Only(...)]`: the aliases below), the rest keep their defaults."""

    rating: RatingOpt = None
    year: YearOpt = None
    published: PublishedOpt = None
    round_: RoundOpt = None
    sector: SectorOpt = None
    provider_type: TypeOpt = None
    region: RegionOpt = None
    source_kind: SourceKindOpt = None
    service: ServiceOpt = None
    standard: StandardOpt = None
    domain: DomainOpt = None
    latest: LatestOpt = False
    include_ceased: IncludeCeasedOpt = False
    strict: StrictOpt = False

    def select(self, conn: sqlite3.Connection, **more: Any) -> Selection:
        """Resolved, every value checked, names that match nothing noted (an error with --strict);
        `more`: the resolver's other settings (default_standards)."""
        from hmip_cli.queries.selection import select

        return select(
            conn,
            strict=self.strict,
            ratings=self.rating,
            years=self.year,
            published=self.published,
            rounds=self.round_,
            sectors=self.sector,
            types=self.provider_type,
            regions=self.region,
            services=self.service,
            standards=self.standard,
            domains=self.domain,
            source_kinds=self.source_kind,
            latest=self.latest,
            include_ceased=self.include_ceased,
            **more,
        )


@dataclass(frozen=True)
class Only:
    """Marks a group parameter that takes only these of the group's options, in the group's order."""

    names: tuple[str, ...]


_PLACE = ("year", "published", "round_", "sector", "provider_type", "region", "source_kind", "service")
"""Which inspections: when, under which framework, of what kind, where, on whose word, whom."""

RatingsScope = Annotated[Scope, Only(tuple(f.name for f in dataclasses.fields(Scope)))]
"""Every filter: commands that list ratings (list, export)."""
CountsScope = Annotated[Scope, Only((*_PLACE, "latest", "include_ceased", "strict"))]
"""Commands that count or rank ratings they choose themselves (compare, league, summary, report,
the charts): a --rating or --domain filter would only empty their counts."""
GapsScope = Annotated[Scope, Only((*(name for name in _PLACE if name != "source_kind"), "strict"))]
"""`hmip gaps`: inspections with no rating, so no rating, standard, rating's source or latest rating
to filter by."""
TotalsScope = Annotated[Scope, Only(("sector", "provider_type"))]
"""`hmip coverage`: HMIP's published totals, each of one sector and maybe some provider types."""


@dataclass(frozen=True)
class Output(OptionGroup):
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

_EXPANDED = "__hmip_groups_expanded__"


def _options_of(group: type, only: Only | None = None) -> list[tuple[str, Any, Any]]:
    """(name, Annotated type, default) of each field of a group that is a Typer option (of
    those `only` names, when given)."""
    hints = typing.get_type_hints(group, include_extras=True)
    return [
        (f.name, hints[f.name], f.default)
        for f in dataclasses.fields(group)
        if typing.get_origin(hints[f.name]) is Annotated and (only is None or f.name in only.names)
    ]


def _is_group(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, OptionGroup)


def _group_of(annotation: Any) -> tuple[type, Only | None] | None:
    """The group a parameter's annotation names (`Scope`, or `Annotated[Scope, Only(...)]`)."""
    if _is_group(annotation):
        return annotation, None
    if typing.get_origin(annotation) is Annotated:
        group, *extras = typing.get_args(annotation)
        if _is_group(group):
            return group, next((e for e in extras if isinstance(e, Only)), None)
    return None


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
        found = _group_of(annotation)
        if found is not None:
            group, only = found
            options = _options_of(group, only)
            groups[parameter.name] = (group, [name for name, _, _ in options])
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
