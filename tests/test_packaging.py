"""The distribution's name and its command, as pyproject.toml declares them (the installed
metadata is checked by tests/test_environment.py's pip install, a slow test)."""

from __future__ import annotations

import tomllib

from helpers import ROOT


def test_the_distribution_is_hmip_cli_and_its_command_is_hmip() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "hmip-cli"
    assert project["scripts"] == {"hmip": "hmip_cli.app:main"}


def test_the_readme_shows_each_way_to_install_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("pip install .", "pipx install", "uv tool install", "hmip-cli"):
        assert command in readme
