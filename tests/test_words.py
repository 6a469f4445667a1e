"""Words (issue 22 item 6): notes say plainly what was left out, help has one meaning per term
and reflows to the terminal, and the common slips get a hint that names the fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import run

pytestmark = pytest.mark.usefixtures("reads_shipped_db")

DOCS = Path(__file__).parent.parent / "docs"


def test_a_left_out_note_says_not_counted_with_examples_near_the_years_asked() -> None:
    result = run("compare", "--year", "1", "--year", "2", "--sector", "probation", "-f", "csv")
    note = next(line for line in result.stderr.splitlines() if "no programme year" in line)
    assert re.search(r"\d+ inspections have no programme year and are not counted \(e\.g\. ", note)
    assert note.endswith("--published or --round places them")
    first = re.search(r"\(e\.g\. [^(]+\((\d{4})", note)
    assert first is not None and int(first[1]) <= 2021  # near 2018/19, not alphabetical (a 2022 PDU)


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["list", "--year", "2019"], "--year 2019/20, or reports published in 2019: --published 2019"),
        (["list", "--type", "YJS"], "are all type YOT; use --type YOT or --sector youth"),
        (["list", "--type", "yos"], "are all type YOT"),
        (["--db", "x.sqlite", "list"], "--db goes after the command, e.g. `hmip list --db …`"),
    ],
)
def test_common_slips_get_a_hint(args: list[str], hint: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert hint in result.stderr and result.stderr.count("\n") == 1


def test_points_are_empty_not_zero_when_no_standard_is_known() -> None:
    rows = json.loads(
        run("league", "--round", "probation-2018", "--fields", "service,points,standards_known", "-f", "json").stdout
    )
    unknown = [r for r in rows if r["standards_known"] == 0]
    assert unknown and all(r["points"] is None for r in unknown)
    assert all(r["points"] is not None for r in rows if r["standards_known"])


def test_an_empty_result_on_a_terminal_names_its_title_once() -> None:
    import io

    from rich.console import Console

    from hmip_cli.render.tables import print_tables
    from hmip_cli.tabular import Column, Result, View

    def printed(terminal: bool) -> str:
        screen = io.StringIO()
        console = Console(file=screen, width=100, force_terminal=terminal, color_system=None, markup=False)
        view = View("v", "Ratings of nothing", (Column("service", "Service"),), [], empty_note="no matching rows")
        print_tables(Result([view]), console, console)
        return screen.getvalue()

    assert printed(terminal=True).count("Ratings of nothing") == 1 and "no matching rows" in printed(True)
    # apart (stdout to a file), the message on stderr names what is empty
    assert "Ratings of nothing: no matching rows" in printed(terminal=False)


def test_help_has_a_glossary_and_reflows_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    top = run("--help").stdout
    for word in ("programme year", "framework", "round", "domain", "strip", "YOT", "YOS", "YJS", "Rating points"):
        assert word in top
    compare = run("compare", "--help").stdout
    # one paragraph of the docstring is one paragraph on screen, wrapped at 160, not at the source's breaks
    assert "--year (HMIP programme year, only where a source places the inspection), --published" in compare
    assert "time points" in compare


def test_every_code_fence_in_the_docs_is_closed() -> None:
    for path in DOCS.glob("*.md"):
        fences = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("```")]
        opening = fences[0::2]
        closing = fences[1::2]
        assert len(fences) % 2 == 0, path.name
        assert all(line == "```" for line in closing), (path.name, closing)
        assert opening  # every doc has an example
