"""The layering holds: domain modules never load typer or rich; only render/ imports rich."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_python

PACKAGE = ROOT / "src" / "hmip_cli"
HEADLESS = ("schemas", "ingest", "store", "queries", "actions")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", HEADLESS)
def test_headless_layers_import_neither_typer_nor_rich(layer: str) -> None:
    for path in (PACKAGE / layer).rglob("*.py"):
        assert not imported_modules(path) & {"typer", "rich", "click"}, path


def test_only_render_imports_rich() -> None:
    offenders = [
        p
        for p in PACKAGE.rglob("*.py")
        if "rich" in imported_modules(p) and "render" not in p.relative_to(PACKAGE).parts
    ]
    assert offenders == []


@pytest.mark.slow
def test_importing_domain_modules_loads_no_ui_library() -> None:
    modules = [
        "hmip_cli.schemas.records",
        "hmip_cli.ingest.pipeline",
        "hmip_cli.store.connection",
        "hmip_cli.store.writer",
        "hmip_cli.queries.compare",
        "hmip_cli.queries.league",
        "hmip_cli.queries.listing",
        "hmip_cli.queries.summary",
    ]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'typer', 'click'))))"
    )
    assert json.loads(run_python(code)) == []


@pytest.mark.slow
def test_a_read_command_does_not_import_sqlite_utils_or_pydantic_eagerly() -> None:
    # start-up time: `hmip list` needs sqlite3 and the read path only
    code = (
        "import sys\n"
        "from hmip_cli import app\n"
        "print(','.join(sorted(m for m in ('sqlite_utils', 'rich.table', 'rich.console') if m in sys.modules)))"
    )
    assert run_python(code).strip() == ""


def test_import_linter_contracts_hold() -> None:
    """pyproject.toml's [tool.importlinter] contracts: the layers (commands > render > queries |
    actions > store | ingest > schemas), render importing no store or queries, the store no
    ingest, schemas no database, typer only in commands and rich only in render."""
    pytest.importorskip("importlinter", reason="pip install '.[test]' brings import-linter")
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True, no_logo=True))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(" KEPT") == 6


_SQL_WORDS = re.compile(r"\b(SELECT|CASE WHEN|JOIN|WHERE|GROUP BY|ORDER BY|INSERT|CREATE)\b")


def test_schemas_hold_no_sql() -> None:
    """SQL lives in the store and the queries: a rule schemas/ states in Python (a provider
    type's sector, a source's kind) is written in SQL once, by the store's views."""
    offenders = []
    for path in (PACKAGE / "schemas").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL_WORDS.search(node.value):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
