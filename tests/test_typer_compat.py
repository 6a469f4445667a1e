"""Canary: the private Typer parts hmip relies on (all named in hmip_cli.commands.typer_compat)
are still there and still behave as hmip assumes. A failure here after a Typer upgrade names
the part that moved; fix typer_compat (and only it), then move the pin in pyproject.toml."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
from helpers import ROOT, run, run_python
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize("group", ["db", "chart"])
def test_no_arguments_is_the_help_once_not_an_error(group: str) -> None:
    result = run(group)
    assert result.exit_code == 2  # NoArgsIsHelpError: help on stdout, usage exit code
    assert result.stdout.count("Usage") == 1 and result.stderr == ""


# ---- options converted without Pydantic (typer_compat.PlainRuntimeParam) ----------------------


def _every_parameter() -> list[tuple[str, Any, Any]]:
    """(where, command, parameter) for every parameter of every hmip command, Typer's own
    (--help, the completion options) included."""
    from hmip_cli.app import COMMANDS, _build_command, app

    found: list[tuple[str, Any, Any]] = []

    def visit(path: str, command: Any) -> None:
        context = typer.Context(command)
        for param in command.get_params(context):
            if hasattr(param, "type_descriptor"):
                found.append((f"{path} {param.name}", command, param))
        for name, sub in getattr(command, "commands", {}).items():
            visit(f"{path} {name}", sub)

    visit("hmip", typer_compat.get_command(app))
    for name in COMMANDS:
        visit(f"hmip {name}", _build_command(name))
    return found


PARAMETERS = _every_parameter()
WORDS = ["", " ", "0", "7", "007", "-1", "+3", " 5", "1_000", "65535", "65536", "1.5", "2.", "nan", "x", "-"]
WORDS += ["tsv", "TSV", "Csv", "ndjson", "table ", "caf\udce9", "Camden YJS", "2018/19", "true", "no"]


def _outcome(convert: Any, value: Any, param: Any, context: Any) -> tuple[str, Any, Any]:
    try:
        result = convert.coerce(value, param=param, ctx=context)
    except Exception as error:  # the error itself is what is compared
        return ("error", type(error), error.format_message() if hasattr(error, "format_message") else str(error))
    return ("value", type(result), [*result] if isinstance(result, list) else result)


def _values(param: Any, tmp_path: Path) -> list[Any]:
    words: list[Any] = [*WORDS, str(tmp_path), str(tmp_path / "a-file"), str(tmp_path / "missing"), None, True, 3]
    words += [getattr(choice, "value", choice) for choice in (param.type_descriptor.choices or ())]
    words.append(param.default)
    if param.multiple or param.nargs != 1:
        return [None, (), *[(word,) for word in words if isinstance(word, str)], ("a", "b"), tuple(WORDS), ("x", 3)]
    return words


def test_hmip_converts_every_option_exactly_as_typers_own_conversion(tmp_path: Path) -> None:
    # the canary for PlainRuntimeParam: for every parameter of every command, and values of every
    # kind (good, bad, edge), hmip's conversion gives Typer's value or Typer's error, word for word
    build_runtime_param = typer_compat.build_runtime_param

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert len(PARAMETERS) > 300
    for where, command, param in PARAMETERS:
        context = typer.Context(command)
        ours = typer_compat.plain_runtime_param(param.type_descriptor)
        typers = build_runtime_param(param.type_descriptor)
        for value in _values(param, tmp_path):
            expected = _outcome(typers, value, param, context)
            assert _outcome(ours, value, param, context) == expected, (where, value)


@given(st.text(max_size=12), st.data())
@settings(max_examples=300, deadline=None)
def test_any_word_is_converted_as_typer_converts_it(word: str, data: st.DataObject) -> None:
    build_runtime_param = typer_compat.build_runtime_param

    where, command, param = data.draw(st.sampled_from(PARAMETERS))
    value: Any = (word,) if param.multiple or param.nargs != 1 else word
    context = typer.Context(command)
    ours = _outcome(typer_compat.plain_runtime_param(param.type_descriptor), value, param, context)
    assert ours == _outcome(build_runtime_param(param.type_descriptor), value, param, context), (where, value)


def test_typer_builds_a_parameters_conversion_through_the_name_hmip_replaces() -> None:
    # _TyperParameter.get_runtime_param calls typer.core.build_runtime_param by its module-global
    # name, once, and process_value calls .coerce on what it returned: hmip replaces that name
    import hmip_cli.app  # noqa: F401 - importing the app installs the replacement

    typer_core: Any = typer_compat.typer_core
    assert typer_core.build_runtime_param is typer_compat.plain_runtime_param
    source = inspect.getsource(typer_core._TyperParameter.get_runtime_param)
    assert "build_runtime_param(self.type_descriptor)" in source, source
    assert "get_runtime_param().coerce(" in inspect.getsource(typer_core._TyperParameter.process_value)
    assert list(inspect.signature(typer_compat.RuntimeParam.coerce).parameters) == ["self", "value", "param", "ctx"]
    assert list(inspect.signature(typer_compat.RuntimeParam._coerce_value).parameters) == [
        "self",
        "value",
        "param",
        "ctx",
    ]


@pytest.mark.slow
def test_a_listing_imports_no_pydantic() -> None:
    # Typer 0.29 would import it (and build an adapter per option) at the first option parsed;
    # frameworks are plain data
    code = (
        "import io, sys, contextlib\n"
        "from typer.main import get_command\n"
        "from hmip_cli.app import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    get_command(app).main(['list', '--rating', 'inadequate', '--round', 'pdu-2021', '-f', 'tsv',"
        " '--limit', '3'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    assert run_python(code).strip() == "[]"
