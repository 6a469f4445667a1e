"""The generated CLI reference matches the code, and the code passes ruff and mypy."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

ROOT = Path(__file__).resolve().parents[1]


def load_cli_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date() -> None:
    cli_docs = load_cli_docs()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_docs.render(), (
        "docs/cli.md has drifted: run python scripts/cli_docs.py"
    )


def test_every_command_has_help_text() -> None:
    from typer.main import get_command

    from hmip_cli.app import app

    cli_docs = load_cli_docs()
    root = get_command(app)
    for path in cli_docs.command_paths()[1:]:
        command = root
        for name in path:
            command = command.get_command(typer.Context(command), name)  # type: ignore[attr-defined]
        assert (command.help or "").strip(), f"hmip {' '.join(path)} has no help"


def _tool(name: str) -> list[str]:
    if shutil.which(name) is None and importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return [sys.executable, "-m", name]


@pytest.mark.slow
def test_ruff_is_clean() -> None:
    folders = [name for name in ("src", "tests", "scripts", "bench") if (ROOT / name).is_dir()]
    done = subprocess.run([*_tool("ruff"), "check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean() -> None:
    done = subprocess.run(_tool("mypy"), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
