"""The format goldens read a small fixture database (tests/data/fixture, built by the real import
at test time), never the shipped data: adding 40 rows to data/source/ratings.csv and rebuilding
the shipped database changes no golden file. Proved on a copy of the checkout, whose shipped data
grows by 40 ratings of every kind a golden shows, and whose golden tests must still pass."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SHIPPED_DB, rows, sha256

GOLDEN_TESTS = ("tests/test_output.py", "tests/test_tables.py", "tests/test_charts.py")


def forty_rows() -> list[list[str]]:
    """40 ratings that every golden would show if it read the shipped data: CRCs and NPS
    divisions in 2018/19 and 2019/20 (compare, league, heatmap), Inadequate ones (list), standards
    (summary), youth services and PDUs (distribution, db info), a new service (sql)."""
    kinds = [
        ("CRC", "probation-2018", "2018/19", "Inadequate", "leadership", "1.1"),
        ("NPS", "probation-2018", "2019/20", "Good", "assessment", "2.1"),
        ("YOT", "youth-2018", "2019/20", "Inadequate", "staff", "1.2"),
        ("PDU", "probation-2023", "", "Requires improvement", "leadership", ""),
    ]
    grown = []
    for number in range(5):
        for provider_type, framework, year, rating, standard, code in kinds:
            service_id = f"grown-{provider_type.lower()}-{number}"
            inspection_id = f"{service_id}-{year.replace('/', '-') or '2026-01'}"
            name = f"Grown {provider_type} {number}"
            common = [inspection_id, service_id, name, provider_type, "London", framework, year, "", "2026-01"]
            source = f"https://example.org/{inspection_id}"
            grown.append([*common, "overall", "", rating, source, ""])
            grown.append([*common, standard, code, rating, source, ""])
    assert len(grown) == 40
    return grown


def copy_checkout(to: Path) -> Path:
    for name in ("src", "tests", "data"):
        shutil.copytree(ROOT / name, to / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", to / "pyproject.toml")
    return to


@pytest.mark.slow
def test_growing_the_shipped_data_changes_no_golden(tmp_path: Path) -> None:
    copy = copy_checkout(tmp_path / "checkout")
    env = {**os.environ, "PYTHONPATH": f"{copy / 'src'}{os.pathsep}{copy / 'tests'}", "UPDATE_GOLDEN": ""}
    env.pop("HMIP_DB", None)
    imported = subprocess.run(
        [sys.executable, "-c", "import hmip_cli; print(hmip_cli.__file__)"], env=env, capture_output=True, text=True
    )
    assert imported.stdout.strip() == str(copy / "src" / "hmip_cli" / "__init__.py")

    ratings = copy / "data" / "source" / "ratings.csv"
    with ratings.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(forty_rows())
    shipped = copy / "data" / "findings.sqlite"
    before = sha256(shipped)
    built = subprocess.run(
        [sys.executable, "-m", "hmip_cli", "db", "build", str(shipped), "--source", str(ratings), "--replace-shipped"],
        env=env,
        capture_output=True,
        text=True,
        cwd=copy,
    )
    assert built.returncode == 0, built.stderr
    assert sha256(shipped) != before
    assert rows(shipped, "SELECT count(*) FROM ratings") == [
        (rows(SHIPPED_DB, "SELECT count(*) FROM ratings")[0][0] + 40,)
    ]

    goldens = {path: path.read_bytes() for path in (copy / "tests" / "golden").rglob("*") if path.is_file()}
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", *GOLDEN_TESTS],
        env=env,
        capture_output=True,
        text=True,
        cwd=copy,
    )
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert {path: path.read_bytes() for path in goldens} == goldens
