"""Canary: the private Typer parts hmip relies on (all named in hmip_cli.commands.typer_compat)
are still there and still behave as hmip assumes. A failure here after a Typer upgrade names
the part that moved; fix typer_compat (and only it), then move the pin in pyproject.toml."""

from __future__ import annotations

import inspect
import re
import tomllib

import typer
from helpers import ROOT, run

from hmip_cli.commands import typer_compat


def test_the_installed_typer_is_the_minor_version_pinned_and_checked() -> None:
    installed = ".".join(typer.__version__.split(".")[:2])
    assert installed == typer_compat.TESTED_MINOR, (
        f"typer {typer.__version__} is installed; typer_compat was checked against {typer_compat.TESTED_MINOR}.x"
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [d for d in project["dependencies"] if re.match(r"typer\b", d)]
    major, minor = (int(part) for part in typer_compat.TESTED_MINOR.split("."))
    assert pins == [f"typer>={major}.{minor},<{major}.{minor + 1}"], pins


def test_the_classes_hmip_subclasses_have_the_methods_it_overrides() -> None:
    overridden = {
        typer_compat.TyperGroup: ("list_commands", "get_command", "resolve_command", "main"),
        typer_compat.BashComplete: ("complete", "get_completion_args", "get_completions"),
        typer_compat.ZshComplete: ("complete", "format_completion", "get_completion_args", "get_completions"),
        typer_compat.FishComplete: ("complete", "get_completion_args", "get_completions"),
        typer_compat.TyperOption: ("display_type_rich",),
        typer_compat.TyperArgument: ("display_type_rich",),
    }
    for cls, methods in overridden.items():
        for method in methods:
            assert callable(getattr(cls, method, None)), f"{cls.__qualname__}.{method} is gone"
    assert list(inspect.signature(typer_compat.TyperOption.display_type_rich).parameters) == ["self", "ctx"]
    assert issubclass(typer_compat.BashComplete, typer_compat.ShellComplete)
    assert issubclass(typer_compat.NoArgsIsHelpError, typer.TyperException)


def test_completion_classes_are_registered_by_shell_name() -> None:
    assert list(inspect.signature(typer_compat.add_completion_class).parameters) == ["cls", "name"]
    item = typer_compat.CompletionItem("Camden YJS", help="a service")
    assert (item.value, item.help) == ("Camden YJS", "a service")


def test_get_group_and_get_command_build_click_commands_from_an_app() -> None:
    inner = typer.Typer()

    @inner.command("one")
    def one() -> None:
        """One."""

    @inner.command("two")
    def two() -> None:
        """Two."""

    holder = typer.Typer()
    holder.add_typer(inner, name="inner")
    assert sorted(typer_compat.get_group(holder).commands["inner"].commands) == ["one", "two"]  # type: ignore[attr-defined]
    assert isinstance(typer_compat.get_command(inner), typer_compat.TyperGroup)


def test_help_shows_what_to_type_not_a_python_type() -> None:
    # display_type_rich is what Typer's rich help calls beside each option: hmip's replacement
    # must still be the one called
    result = run("list", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "YEAR" in result.stdout
    assert "list[str]" not in result.stdout and "TEXT" not in result.stdout


def test_no_arguments_is_the_help_not_an_error() -> None:
    result = run("db")
    assert result.exit_code == 2  # NoArgsIsHelpError: help on stdout, usage exit code
    assert "Usage" in result.stdout and result.stderr == ""
