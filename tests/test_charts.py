"""`hmip chart …`: golden pictures at 100 columns, with and without colour, and what they must agree with.

Regenerate goldens with UPDATE_GOLDEN=1 and review them as a diff (`less -R` shows the colour ones).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from helpers import check_golden, read_golden, run
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from hmip_cli.queries.charts import Bar, Distribution, HeatGroup, Heatmap, HeatRow, StandardKey
from hmip_cli.render.charts import renderable, split

ANSI = re.compile(r"\x1b\[[0-9;]*m")

CHARTS: dict[str, list[str]] = {
    "distribution": ["chart", "distribution"],
    "distribution-probation": ["chart", "distribution", "--type", "CRC", "--type", "NPS"],
    "heatmap": ["chart", "heatmap", "--year", "2018/19", "--type", "CRC", "--type", "NPS"],
    "history": ["chart", "history", "northshire crc"],
    "history-testborough": ["chart", "history", "testborough"],
}


pytestmark = pytest.mark.usefixtures("reads_fixture_db")


@pytest.fixture(autouse=True)
def fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("COLORTERM", raising=False)


def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 256-colour terminal, pinned: FORCE_COLOR makes Rich draw colour into CliRunner's capture."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")


def draw(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("name", CHARTS)
def test_golden_without_colour(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = draw(*CHARTS[name])
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 100
    check_golden(f"chart-{name}.txt", out)


@pytest.mark.parametrize("name", CHARTS)
def test_golden_in_colour(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    colour(monkeypatch)
    out = draw(*CHARTS[name])
    assert "\x1b[38;5;" in out or "\x1b[1;38;5;" in out
    assert max(len(ANSI.sub("", line)) for line in out.splitlines()) <= 100
    check_golden(f"chart-{name}-color.txt", out)


@pytest.mark.parametrize("name", ["distribution", "heatmap"])
def test_a_pipe_draws_the_same_picture_as_no_color(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # not a terminal and NO_COLOR unset: still a picture, in patterns and letters
    out = draw(*CHARTS[name])
    assert out == read_golden(f"chart-{name}.txt")


def test_no_color_wins_over_a_colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    colour(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    out = draw(*CHARTS["distribution"])
    assert "38;5;" not in out and "48;5;" not in out
    assert ANSI.sub("", out) == read_golden("chart-distribution.txt")


def test_console_width_is_what_the_chart_fills() -> None:
    result = run(*CHARTS["distribution"])
    for width in (60, 100, 140):
        console = Console(file=io.StringIO(), width=width, color_system=None)
        chart = Distribution("t", (Bar("2018/19", (1, 7, 21, 1, 0)),))
        console.print(renderable(chart))
        lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
        bar = next(line for line in lines if line.startswith("2018/19"))
        assert len(bar) == width
    assert result.stdout.splitlines()[2].startswith("2018/19  6  ")  # the fixture database: 6 in 2018/19
    assert len(result.stdout.splitlines()[2]) == 100


def test_console_width_golden_matches_the_command(reads_fixture_db: Path) -> None:
    """Console(width=100) drawing the query's data gives the command's picture, byte for byte."""
    from hmip_cli.queries.charts import heatmap
    from hmip_cli.queries.filters import resolve_filters
    from hmip_cli.store.connection import reading
    from hmip_cli.store.locations import for_reading

    with reading(for_reading(reads_fixture_db)) as conn:
        chart = heatmap(conn, resolve_filters(conn, years=["2018/19"], types=["CRC", "NPS"]))
    console = Console(file=io.StringIO(), width=100, color_system=None, highlight=False, markup=False)
    console.print(renderable(chart))
    assert console.file.getvalue() == read_golden("chart-heatmap.txt")  # type: ignore[attr-defined]


def test_distribution_counts_are_compares() -> None:
    compared = json.loads(run("compare", "--year", "1", "--year", "2", "-f", "json").stdout)
    expected = [
        f"{r['outstanding']} ({round(100 * r['outstanding'] / r['services'])}%)"
        for r in compared
        if r["view"] == "distribution"
    ]
    out = run("chart", "distribution").stdout
    assert re.findall(r" O (\d+ \(\d+%\))", out) == expected
    totals = [int(m) for m in re.findall(r"^\d{4}/\d{2}\s+(\d+)", out, re.M)]
    assert totals == [r["services"] for r in compared if r["view"] == "distribution"]


def test_heatmap_rows_follow_the_league() -> None:
    league = json.loads(run("league", "--year", "2018/19", "--type", "CRC", "-f", "json").stdout)
    out = run("chart", "heatmap", "--year", "2018/19", "--type", "CRC").stdout
    rows = [line for line in out.splitlines() if re.match(r"^\s*\d+\s{2}\S", line)]
    assert len(rows) == len(league)
    for line, entry in zip(rows, league, strict=True):
        assert line.split()[0] == str(entry["rank"])
        strip = entry["strip"].replace("-", "")  # the heatmap shows only the type's own standards
        cells = [cell.removesuffix("†") for cell in line.split()[-(1 + len(strip)) :]]  # † a secondary source
        assert cells[0] == {"Good": "G", "Requires improvement": "R", "Inadequate": "I"}[entry["overall"]]
        assert "".join(cells[1:]) == strip


def test_one_year_is_one_bar() -> None:
    out = draw("chart", "distribution", "--year", "2019/20", "--standard", "assessment")
    assert out.startswith("Probation services, probation-2018 framework, assessment rating by programme year")
    assert len(re.findall(r"^\d{4}/\d{2} ", out, re.M)) == 1


def test_nothing_to_draw_is_a_note_not_an_error() -> None:
    result = run("chart", "heatmap", "--type", "region", "--year", "1")
    assert result.exit_code == 0
    assert "nothing matches" in result.stderr
    assert result.stdout.startswith("Ratings by standard")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "history", "no such service"], "no service matches"),
        (["chart", "distribution", "--year", "9"], "--year 9"),
        (["chart", "heatmap", "--type", "prison"], "--type"),
        (["chart", "distribution", "--standard", "nope"], "--standard"),
    ],
)
def test_usage_errors_leave_stdout_empty(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("hmip: error:") and message in result.stderr


def test_chart_group_has_help_with_examples() -> None:
    for name in ("distribution", "heatmap", "history"):
        result = run("chart", name, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout
    assert "distribution" in run("chart", "--help").stdout


def test_data_is_never_markup() -> None:
    group = HeatGroup("f", "[bold]Framework[/]", "CRC", (StandardKey("s", "1", "[red]x[/red]"),))
    group.rows.append(HeatRow(1, "Bath & [wales] 'N'", "CRC", None, "Good", (None,)))
    console = Console(file=io.StringIO(), width=100, color_system=None, markup=False, highlight=False)
    console.print(renderable(Heatmap("[t]", (group,))))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    for text in ("[t]", "[bold]Framework[/]", "Bath & [wales] 'N'", "1 [red]x[/red]"):
        assert text in out


@given(
    st.integers(min_value=0, max_value=300), st.lists(st.integers(min_value=0, max_value=500), min_size=5, max_size=5)
)
def test_split_fills_the_width_and_shows_every_non_zero_count(width: int, counts: list[int]) -> None:
    widths = split(width, counts)
    assert len(widths) == len(counts)
    assert all(w == 0 for w, c in zip(widths, counts, strict=True) if c == 0)
    if sum(counts) and width >= sum(1 for c in counts if c):
        assert sum(widths) == width
        assert all(w >= 1 for w, c in zip(widths, counts, strict=True) if c)
        # never more than one cell from the exact share, bar the one-cell minimum and the cells
        # those minimums had to take from the others (width 5, counts 1, 1, 1, 12: 1, 1, 1, 2)
        total = sum(counts)
        raised = sum(1 for c in counts if c and width * c / total < 1)
        for w, c in zip(widths, counts, strict=True):
            assert abs(w - width * c / total) < 2 + raised or w == 1


@pytest.mark.parametrize("columns", [50, 60, 80])
@pytest.mark.parametrize("name", ["distribution", "heatmap", "history"])
def test_narrow_terminals_get_narrow_charts(name: str, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = draw(*CHARTS[name])
    assert max(len(line) for line in out.splitlines()) <= columns
    # every count is still there, whole, however narrow
    if name == "distribution":
        # two years in each of two sectors' charts
        assert len(re.findall(r"[█▓▒░·] (?:O|G|RI|I|NR) \d+ \(\d+%\)", out)) == 2 * 2 * 5
