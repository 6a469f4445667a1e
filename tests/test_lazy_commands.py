"""The command tree is built on demand: one command's module and parameters per run, every
command still listed by --help, suggested on a typo and documented."""

from __future__ import annotations

import json

import pytest
from helpers import run, run_python

from hmip_cli.app import COMMANDS


def test_help_lists_every_command_under_its_panel() -> None:
    result = run("--help")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    for name, (_, _, panel) in COMMANDS.items():
        listed = [i for i, line in enumerate(lines) if line.strip("│ ").startswith(f"{name} ")]
        assert listed, f"{name} missing from --help"
        panels = [line for line in lines[: listed[0]] if line.startswith("╭─ ")]
        assert panels[-1].startswith(f"╭─ {panel} "), (name, panels[-1])


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_its_own_help(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0, result.stderr
    assert f"hmip {name}" in result.stdout


def test_a_typo_is_still_answered_with_the_nearest_command() -> None:
    result = run("lst")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No such command 'lst'. Did you mean 'list'?" in result.stderr


@pytest.mark.slow
def test_running_one_command_imports_and_builds_only_that_command() -> None:
    code = (
        "import io, json, sys, contextlib\n"
        "from typer.main import get_command\n"
        "from hmip_cli.app import app\n"
        "root = get_command(app)\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    root.main(['list', '--limit', '1', '--format', 'tsv'], standalone_mode=False)\n"
        "print(json.dumps({'built': sorted(root.commands),"
        " 'modules': sorted(m for m in sys.modules if m.startswith('hmip_cli.commands.'))}))\n"
    )
    seen = json.loads(run_python(code))
    assert seen["built"] == ["list"]
    assert "hmip_cli.commands.list" in seen["modules"]
    others = {f"hmip_cli.commands.{module}" for module, _, _ in COMMANDS.values()} - {"hmip_cli.commands.list"}
    assert not others & set(seen["modules"]), seen["modules"]


@pytest.mark.slow
def test_a_plain_listing_reads_no_frameworks_file() -> None:
    # the frameworks' TOML is parsed and validated only for --round, --domain, --latest and the like
    code = (
        "import io, json, sys, contextlib\n"
        "import hmip_cli.schemas.frameworks as fw\n"
        "from typer.main import get_command\n"
        "from hmip_cli.app import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    get_command(app).main(['list', '--rating', 'inadequate', '--format', 'tsv'], standalone_mode=False)\n"
        "print(fw._parse_frameworks.cache_info().currsize)\n"
    )
    assert run_python(code).strip() == "0"
