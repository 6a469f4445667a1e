"""The smallest Typer 0.29 apps that show where a Typer program's start-up goes: one command
with N plain `str` options (none of them given), run once, against `sqlite-utils --version`.

Typer 0.29 coerces every parameter through a Pydantic TypeAdapter (typer/core.py
`_TyperParameter.process_value` calls `get_runtime_param()` for every parameter, given or not;
typer/_coercion.py `build_runtime_param` -> typer/_adapters.py `try_build_adapter`). Neither
`parser=` nor any other public setting avoids it: `parser=` is wrapped in a TypeAdapter too
(`build_leaf_adapter`), and 0.29 has no `click_type`. So the first option imports pydantic, and
each option builds an adapter when the command runs.

The apps marked "hmip's conversion" are the same apps with hmip's one private override installed
(hmip_cli/commands/typer_compat.py `coerce_in_plain_python`: typer.core's `build_runtime_param`
replaced by one that converts str, list[str], Enum, path, bool and plain-number values as Typer's
adapters do, and hands anything else to Typer's own): no pydantic, no adapter.

Usage: python bench/typer_options.py [--runs 7]   (prints one line per app: median wall, ratio)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def app_source(options: int, plain: bool = False) -> str:
    """A Typer app of one command with `options` optional str options; it prints how many were given.
    `plain`: with hmip's conversion installed (typer_compat.coerce_in_plain_python)."""
    install = (
        "from hmip_cli.commands.typer_compat import coerce_in_plain_python\ncoerce_in_plain_python()\n" if plain else ""
    )
    params = ", ".join(f"o{n}: Annotated[str | None, typer.Option('--o{n}')] = None" for n in range(options))
    body = " + ".join(f"(o{n} is not None)" for n in range(options)) or "0"
    return (
        f"from typing import Annotated\nimport typer\n{install}app = typer.Typer(add_completion=False)\n"
        f"@app.command()\ndef main({params}) -> None:\n    print({body})\napp()\n"
    )


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    # the sqlite-utils beside this Python (the venv's), not a shim found first on PATH
    beside = Path(sys.executable).parent / "sqlite-utils"
    sqlite_utils = str(beside) if beside.exists() else "sqlite-utils"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "sqlite-utils --version": [sqlite_utils, "--version"],
        "python -c 'import typer'": [sys.executable, "-c", "import typer"],
        "python -c 'import typer, pydantic'": [sys.executable, "-c", "import typer, pydantic"],
        **{f"typer app, {n} str options": [sys.executable, "-c", app_source(n)] for n in (0, 1, 6, 19, 31)},
        **{
            f"typer app, {n} str options, hmip's conversion": [sys.executable, "-c", app_source(n, plain=True)]
            for n in (1, 19, 31)
        },
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv_ in commands.values():
        wall(argv_)  # warm caches
    for _ in range(args.runs):  # interleaved, so machine drift hits every app alike
        for name, argv_ in commands.items():
            samples[name].append(wall(argv_))
    peer = statistics.median(samples["sqlite-utils --version"])
    for name, values in samples.items():
        value = statistics.median(values)
        print(f"{name:<52} {value * 1000:7.0f} ms   {value / peer:5.2f}x sqlite-utils --version")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
