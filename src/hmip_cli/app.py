"""The root `hmip` command: registers the command groups; heavy imports wait for the command."""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from typing import Annotated, Any

import typer

from hmip_cli import __version__, interrupts
from hmip_cli.commands.typer_compat import (
    NoArgsIsHelpError,
    TyperGroup,
    coerce_in_plain_python,
    get_command,
    get_group,
    show_in_help,
    take_pairs,
)
from hmip_cli.environment import Environment
from hmip_cli.errors import INTERRUPTED_MESSAGE, DataError, ExitCode, HmipError, OutputError

# Every command, in the order --help lists them: name -> (its module in hmip_cli.commands, named
# after it, `import_` as `import` is a keyword; its function or Typer group; help panel). A
# command's module is imported, and its parameters built, only when that command runs (or help or
# completion lists it): start-up pays for one.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("list", "list_command", "Query"),
    "show": ("show", "show", "Query"),
    "standards": ("standards", "standards", "Query"),
    "compare": ("compare", "compare", "Compare"),
    "league": ("league", "league", "Compare"),
    "summary": ("summary", "summary", "Compare"),
    "coverage": ("coverage", "coverage", "Compare"),
    "gaps": ("gaps", "gaps", "Compare"),
    "report": ("report", "report", "Compare"),
    "import": ("import_", "import_file", "Data"),
    "export": ("export", "export", "Data"),
    "template": ("template", "template", "Data"),
    "extract": ("extract", "extract", "Data"),
    "sql": ("sql", "sql", "Data"),
    "cite": ("cite", "cite", "Data"),
    "docs": ("docs", "docs", "Data"),
    "serve": ("serve", "serve", "Database"),
    # groups after commands, as Typer lists what add_typer registered
    "figures": ("figures", "app", "Query"),
    "chart": ("chart", "chart", "Compare"),
    "db": ("db", "app", "Database"),
}


def _build_command(name: str) -> Any:
    """The Click command Typer makes for one entry of COMMANDS, exactly as app.command() or
    app.add_typer() on the root would have made it."""
    from hmip_cli.commands.groups import expand_groups

    module, attribute, panel = COMMANDS[name]
    target = getattr(importlib.import_module(f"hmip_cli.commands.{module}"), attribute)
    holder = typer.Typer(add_completion=False)
    if isinstance(target, typer.Typer):
        # a group's commands take option groups too (expand_groups leaves an expanded one alone)
        for info in [*target.registered_commands, target.registered_callback]:
            if info is not None and info.callback is not None:
                info.callback = expand_groups(info.callback)
        holder.add_typer(target, name=name, rich_help_panel=panel)
        return _reflowed(get_group(holder).commands[name])
    holder.command(name, rich_help_panel=panel)(expand_groups(target))
    return _reflowed(take_pairs(get_command(holder)))


def _reflowed(command: Any) -> Any:
    """A command (and its subcommands) whose help paragraphs are one line each, so the help
    wraps to the terminal's width instead of keeping the docstring's line breaks."""
    if getattr(command, "help", None):
        command.help = reflow(command.help)
    for sub in getattr(command, "commands", {}).values():
        _reflowed(sub)
    return command


def reflow(text: str) -> str:
    """Join the lines of each paragraph; an indented or `\b` paragraph (an example, a list) is kept."""
    paragraphs = []
    for paragraph in text.strip().split("\n\n"):
        lines = paragraph.splitlines()
        if paragraph.startswith("\b") or any(line.startswith("  ") for line in lines[1:]):
            paragraphs.append(paragraph)
        else:
            paragraphs.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(paragraphs)


class OneLineErrors(TyperGroup):
    """The root command: the one error barrier every command runs inside, and subcommands
    resolved on demand (Click's documented LazyGroup pattern: list_commands and get_command)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(name for name in COMMANDS if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = _build_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS:
            # not a command: Typer's "did you mean" looks among the commands already built
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """The barrier: a usage error, the tool's own error (HmipError) or SQLite's becomes one
        stderr line and its ExitCode; anything else is a bug and stays loud. With --traceback
        or HMIP_TRACEBACK=1 the tool's and SQLite's errors are re-raised too. `obj`: the
        Environment to run in (tests pass a fake terminal); by default the process's own."""
        if os.environ.get("_HMIP_COMPLETE"):
            # the shell asks for completions: ours quote names with spaces and match any case
            from hmip_cli.commands.completion import use_hmip_completion

            use_hmip_completion()
        env = extra.pop("obj", None) or Environment.from_process()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, obj=env, **extra)
        try:
            outcome = super().main(args, prog_name, complete_var, standalone_mode=False, obj=env, **extra)
        except typer.Abort:
            env.note("hmip: aborted")
            sys.exit(int(ExitCode.ERROR))
        except typer.TyperException as error:
            sys.exit(_usage_error(error, env))
        except KeyboardInterrupt:
            outcome = ExitCode.INTERRUPTED
        except HmipError as error:
            if env.traceback:
                raise
            if isinstance(error, OutputError):
                _drop_unwritten_output(env)
            sys.exit(_hmip_error(error, env))
        except sqlite3.DatabaseError as error:
            from hmip_cli.store.connection import is_interrupt

            if is_interrupt(error):
                outcome = ExitCode.INTERRUPTED  # Ctrl-C during a statement: SQLite stopped it
            elif env.traceback or (
                isinstance(error, sqlite3.IntegrityError)
                and getattr(error, "sqlite_errorname", "") != "SQLITE_CONSTRAINT_TRIGGER"
            ):
                raise  # a broken constraint is hmip's bug, not the user's situation
            elif isinstance(error, sqlite3.IntegrityError):
                # RAISE() in a trigger someone added to their database: theirs to lift, and the
                # transaction it stopped has rolled back
                refused = f"a trigger in the database refused the change ({error})"
                env.note(f"hmip: error: database: {refused}; nothing was written")
                sys.exit(int(ExitCode.ERROR))
            else:
                # locked beyond the busy timeout, disk full, a file that is not a database
                env.note(f"hmip: error: database: {error}")
                sys.exit(int(ExitCode.ERROR))
        if outcome == ExitCode.INTERRUPTED:
            # Typer turns a KeyboardInterrupt anywhere in a command into exit code 130, silently
            env.note(INTERRUPTED_MESSAGE)
        sys.exit(int(outcome) if isinstance(outcome, int) else 0)


def _drop_unwritten_output(env: Environment) -> None:
    """After a write to standard output failed (a full disk), what is still buffered would fail
    again at the interpreter's exit and print a traceback of its own: send it to /dev/null."""
    if env.out is not sys.__stdout__ or sys.__stdout__ is None:
        return  # a test's stream, or no standard output at all
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
        os.close(devnull)
    except OSError:
        pass


def _hmip_error(error: HmipError, env: Environment) -> int:
    """One line (a DataError: its located problems, then one line counting them); its exit code."""
    if isinstance(error, DataError):
        for line in error.problems:
            env.note(line)
        hidden = error.total - len(error.problems)
        more = f" ({hidden} more not shown)" if hidden > 0 else ""
        noun = "problem" if error.total == 1 else "problems"
        env.note(f"hmip: {error.total} {noun}{more}; nothing was written")
    else:
        env.note(f"hmip: error: {error}")
    return int(error.exit_code)


def _usage_error(error: typer.TyperException, env: Environment) -> int:
    context = getattr(error, "ctx", None)
    if isinstance(error, NoArgsIsHelpError) and context is not None:
        # building the error drew the help already (Typer's rich help prints as it is made);
        # without rich, the help is the error's message
        shown = error.format_message()
        if shown:
            env.out.write(shown + "\n")
        return int(ExitCode.USAGE)
    hint = f" (see `{context.command_path} --help`)" if context is not None else ""
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    misplaced = _misplaced_option(error, context)
    if misplaced:
        hint = f"; {misplaced} goes after the command, e.g. `hmip list {misplaced} …` (see `hmip list --help`)"
    # a typed choice's or range's message comes through Pydantic, which prefixes "Value error, "
    env.note(f"hmip: error: {message.replace('Value error, ', '')}{hint}")
    return int(getattr(error, "exit_code", ExitCode.USAGE))


_COMMAND_OPTIONS = ("--db", "--format", "-f", "--year", "--type", "--sector", "--published", "--round")
"""Options of the commands, not of `hmip` itself: given before the command, they are misplaced."""


def _misplaced_option(error: typer.TyperException, context: Any) -> str:
    """`hmip --db x list`: the option a user put before the command, or ''."""
    name = getattr(error, "option_name", "") or ""
    if context is None or context.parent is not None or name not in _COMMAND_OPTIONS:
        return ""
    return str(name)


def _metavar_or_nothing(self: Any, ctx: Any) -> str | None:
    """Help shows what to type (YEAR, TYPE), never a Python type (`<list[str]>`), and nothing for a flag."""
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    if self.metavar is not None:
        return str(self.metavar)
    longest = max(self.opts, key=len).lstrip("-")
    return str(longest.upper().replace("-", "_"))


def _argument_metavar(self: Any, ctx: Any) -> str | None:
    return None  # the argument's name (SERVICE, QUERY) is already shown beside it


# Typer 0.29 prints a Python type beside every option and argument; this is the one place hmip
# says instead what the user types.
show_in_help(_metavar_or_nothing, _argument_metavar)
# Typer 0.29 converts every option through Pydantic (an import and an adapter per option, given
# or not); hmip's options are converted the same way without it (typer_compat.PlainRuntimeParam)
coerce_in_plain_python()


GLOSSARY = (
    "Words: a programme year (--year 2018/19) is HMIP's April-March inspection year, set only where a"
    " source places an inspection; a publication period (--published 2022) is when the report came"
    " out. A framework is a set of standards HMIP inspected against (probation-2018, pdu-2021, youth-2021"
    " …); a round (--round) is the inspections made under one framework. A domain is a group of"
    " standards (1 Organisational delivery). Rating points: Outstanding 3, Good 2, Requires improvement 1,"
    " Inadequate 0, counted only for standards recorded here; a time point is one year, period or round"
    " that compare sets beside another. The strip is a league row's standards in letters (O G R I, ·"
    " not recorded, - not inspected on). YOT is hmip's provider type for every youth service, whether HMIP"
    " called it a youth offending team or service (YOS) or a youth justice service (YJS); CRC and NPS"
    " (ceased June 2021) and PDU and region are probation."
)


app = typer.Typer(
    cls=OneLineErrors,
    name="hmip",
    help="HM Inspectorate of Probation inspection findings: query, compare and rank services.",
    epilog=GLOSSARY,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit()


def version_line() -> str:
    """`hmip 0.1.0; data: 275 inspections to 2026-01, compiled 2026-12-06`: the code, and the
    shipped data as its build recorded it (one small read; nothing heavy is imported)."""
    from hmip_cli.store.release import shipped_release

    release = shipped_release()
    data = release.describe() if release is not None else "not dated (a database built before hmip recorded it)"
    return f"hmip {__version__}; data: {data}"


VERSION_HELP = "Show the version, and the shipped data's latest publication and compile date, and exit."
VersionOpt = Annotated[
    bool,
    typer.Option(
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Show the version, and the shipped data's latest publication and compile date, and exit.",
    ),
]
TRACEBACK_HELP = "On an error, show Python's traceback instead of one line (also HMIP_TRACEBACK=1); for debugging."
TracebackOpt = Annotated[bool, typer.Option("--traceback", help=TRACEBACK_HELP)]
NO_PAGER_HELP = "Print a long table straight through instead of through PAGER (a pager runs only on a terminal)."
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)]


@app.callback()
def root(
    ctx: typer.Context, version: VersionOpt = False, traceback: TracebackOpt = False, no_pager: NoPagerOpt = False
) -> None:
    """HM Inspectorate of Probation inspection findings: query, compare and rank services."""
    if traceback and isinstance(ctx.obj, Environment):
        ctx.obj.traceback = True
    if no_pager and isinstance(ctx.obj, Environment):
        ctx.obj.pager = False


def main() -> None:
    """Console-script entry. A closed pipe (`hmip list | head -1`) needs nothing here: Typer turns
    EPIPE into a quiet exit 1 and pacifies the final flush (tests/test_output.py holds that).
    Ctrl-C: see hmip_cli/interrupts.py; from here on it unwinds, so rollbacks and clean-ups run."""
    interrupts.during_command()
    try:
        app()
    except KeyboardInterrupt:
        interrupts.after_command()
        sys.stderr.write(f"{INTERRUPTED_MESSAGE}\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except SystemExit:
        interrupts.after_command()
        raise
