"""Tables at any width: goldens of every table-producing command at five widths, and the rule
that no value is cropped (every number whole on screen, or its column named as hidden) and no
word is split, for the real commands and for Hypothesis' random tables at widths 40-200.

Regenerate the goldens with UPDATE_GOLDEN=1 and review them as a diff.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest
from helpers import check_golden, run
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from hmip_cli.environment import Environment
from hmip_cli.render.layout import WORD_CAP, wrap
from hmip_cli.render.output import make_console
from hmip_cli.render.tables import print_tables
from hmip_cli.tabular import Column, Result, View

# 80 and 120 columns in the fast loop; every width in the whole suite
WIDTHS = [w if w in (80, 120) else pytest.param(w, marks=pytest.mark.slow) for w in (60, 80, 100, 120, 160)]

TABLE_COMMANDS: dict[str, list[str]] = {
    "list-inadequate": ["list", "--rating", "inadequate"],
    "compare-probation": ["compare", "--year", "1", "--year", "2", "--type", "CRC", "--type", "NPS"],
    "league-crc-2018": ["league", "--year", "2018/19", "--type", "CRC"],
    "summary-type": ["summary", "--by", "type"],
    "summary-standard": ["summary", "--by", "standard"],
    "show-testborough": ["show", "testborough"],
    "standards-2018": ["standards", "--framework", "probation-2018"],
    # db info's first view names the file in use, which differs by checkout: its two tables
    "db-info-by-sector": ["db", "info", "--view", "by_sector"],
    "db-info-by-type": ["db", "info", "--view", "by_type"],
    "figures-sfo": ["figures", "--topic", "serious further offences"],
    "figures-pivot": ["figures", "--topic", "serious further offences", "--pivot", "offence,period"],
    "figures-check": ["figures", "check", "--all"],
    "sql-services": ["sql", "SELECT service_id, name FROM services ORDER BY 1 LIMIT 12"],
    "coverage": ["coverage"],
    "show-northshire": ["show", "northshire crc"],
    "list-latest-inadequate": ["list", "--rating", "inadequate", "--latest"],
    "league-probation-2018": ["league", "--round", "probation-2018"],
}
HIDDEN = re.compile(r"\d+ columns? hidden: (?P<names>[^;]+);\s+use\s+--wide\s+or\s+-f\s+csv")

PLAIN = Environment.on(io.StringIO(), io.StringIO(), terminal=False)


pytestmark = pytest.mark.usefixtures("reads_fixture_db")


def table_at(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*args, "-f", "table")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def hidden_columns(text: str) -> set[str]:
    """The columns a table's notes name as hidden (a note may wrap over lines)."""
    return {n.strip() for found in HIDDEN.finditer(text) for n in found["names"].split(",")}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", TABLE_COMMANDS)
def test_table_golden_at_width(name: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = table_at(TABLE_COMMANDS[name], width, monkeypatch)
    assert "\x1b[" not in text
    assert all(len(line.rstrip()) <= width for line in text.splitlines()), name
    check_golden(f"widths/{name}-{width}.txt", text)


@pytest.mark.parametrize("name", TABLE_COMMANDS)
def test_a_wider_terminal_never_draws_a_longer_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same rows at 80, 120 and 160 columns: each wider table no longer than the narrower."""
    lengths = [len(table_at(TABLE_COMMANDS[name], width, monkeypatch).splitlines()) for width in (80, 120, 160)]
    assert lengths == sorted(lengths, reverse=True), (name, lengths)


def _tokens(text: str) -> Counter[str]:
    return Counter(token.removeprefix("=") for token in text.split())  # `=5`: a shared rank


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["list-inadequate", "league-crc-2018", "summary-type", "summary-standard"])
def test_every_number_is_whole_or_its_column_is_named(name: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine rows say what the table must show: each number in full, or the column named."""
    text = table_at(TABLE_COMMANDS[name], width, monkeypatch)
    hidden = hidden_columns(text)
    machine = run(*TABLE_COMMANDS[name], "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(machine)))
    numeric = [k for k in rows[0] if all(re.fullmatch(r"-?\d+(\.\d)?", r[k] or "0") for r in rows)]
    on_screen = _tokens(text)
    for key in numeric:
        if key in hidden:
            continue
        for value, count in Counter(r[key] for r in rows if r[key]).items():
            assert on_screen[value] >= count, (name, width, key, value)


@pytest.mark.parametrize("width", (80, 90, 100))
def test_summary_by_type_keeps_its_labels_and_whole_numbers(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's example: at 80-100 columns the Type column vanished and YOT's Good showed `1`."""
    text = table_at(["summary", "--by", "type"], width, monkeypatch)
    rows = list(csv.DictReader(io.StringIO(run("summary", "--by", "type", "-f", "csv").stdout)))
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    for row in rows:
        assert row["type"] in lines, (width, row["type"])
        assert row["rated"] in lines[row["type"]] and row["good"] in lines[row["type"]]


def test_list_at_80_columns_keeps_ratings_and_years_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = table_at(["list", "--rating", "inadequate"], 80, monkeypatch)
    assert "Inade" not in text.replace("Inadequate", "")
    assert "2018/1\n" not in text and "2018/19" in text
    rows = run("list", "--rating", "inadequate", "-f", "csv").stdout.count("\n") - 1
    assert len(text.splitlines()) < rows * 4  # was 629 lines for 38 rows


def test_wide_shows_every_column_and_full_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run("show", "testborough", "-f", "table", "--view", "sources").stdout
    wide = run("show", "testborough", "-f", "table", "--view", "sources", "--wide").stdout
    assert hidden_columns(narrow) and not hidden_columns(wide)
    machine = run("show", "testborough", "--view", "sources", "-f", "csv").stdout
    for row in csv.DictReader(io.StringIO(machine)):
        assert row["source_url"] in wide


def test_sources_on_a_terminal_are_links_labelled_with_their_host() -> None:
    out = io.StringIO()
    console = Console(file=out, width=160, force_terminal=True, color_system="truecolor", markup=False)
    view = View("v", "t", (Column("source_url", "Source", "url"),), [("https://www.example.org/a/long/path",)])
    print_tables(Result([view]), console, make_console(io.StringIO(), PLAIN))
    text = out.getvalue()
    assert "\x1b]8;" in text and "https://www.example.org/a/long/path" in text
    assert re.sub(r"\x1b\][^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", text).split() == [
        "t",
        "Source",
        "─" * 11,
        "example.org",
    ]


# --- the property: random tables at random widths ------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30)
KINDS = ("text", "short", "int", "float", "rating")
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate", None)


@st.composite
def tables(draw: st.DrawFn) -> View:
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=9))
    columns = [Column(f"c{i}", " ".join(draw(st.lists(WORD, min_size=1, max_size=3))), k) for i, k in enumerate(kinds)]
    cells = {
        "text": st.lists(WORD, min_size=0, max_size=8).map(" ".join),
        "short": st.text(alphabet="ABCDEFGHIJ", min_size=1, max_size=12),
        "int": st.integers(min_value=-100_000, max_value=10**9),
        "float": st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(lambda f: round(f, 1)),
        "rating": st.sampled_from(RATINGS),
    }
    rows = draw(st.lists(st.tuples(*(cells[k] for k in kinds)), min_size=0, max_size=12))
    return View("random", "", columns, rows)


def _number(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(view=tables(), width=st.integers(min_value=40, max_value=200))
def test_no_value_is_cropped_and_no_word_is_split(view: View, width: int) -> None:
    rows = list(view.rows)
    out = io.StringIO()
    print_tables(
        Result([View(view.name, "", view.columns, rows)]),
        make_console(out, PLAIN, width=width),
        make_console(io.StringIO(), PLAIN),
    )
    text = out.getvalue()
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    hidden = hidden_columns(text)
    body = HIDDEN.sub("", text)
    shown = [i for i, c in enumerate(view.columns) if c.key not in hidden]
    assert shown, "at least one column is always drawn"
    # every number of a shown column whole on screen, as often as it occurs
    numbers = Counter(_number(r[i]) for r in rows for i in shown if view.columns[i].kind in ("int", "float"))
    on_screen = _tokens(body)
    for value, count in numbers.items():
        assert on_screen[value] >= count, value
    # and no word split: every word on screen is a whole word of the table, or one shortened with …
    known = {w for c in view.columns for w in c.label.split()} | {"O", "G", "RI", "I", "NR", "Not", "recorded"}
    # the line naming columns the same on every row (`… · not given: Year, Note`)
    known |= {"On", "every", "row:", "·", "not", "given", "given:"} | {f"{w}," for w in known}
    known |= {w for r in rows for v in r if isinstance(v, str) for w in v.split()}
    known |= {w for r in rows for v in r if v is None or isinstance(v, str) for w in (v or "Not recorded").split()}
    for token in on_screen:
        if token in known or set(token) == {"─"} or re.fullmatch(r"-?\d+(\.\d)?", token):
            continue
        assert token.endswith("…") and any(w.startswith(token[:-1]) and len(w) > WORD_CAP for w in known), token


@given(text=st.lists(WORD, max_size=12).map(" ".join), width=st.integers(min_value=1, max_value=60))
def test_wrap_breaks_only_at_spaces(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    for original, drawn in zip(text.split(), " ".join(lines).split(), strict=True):
        assert drawn == original or (drawn.endswith("…") and original.startswith(drawn[:-1]))


# --- colour only adds ----------------------------------------------------------------------


@pytest.mark.parametrize("system", ["standard", "256", "truecolor"])
def test_the_four_ratings_stay_distinct_in_every_colour_system(system: str) -> None:
    """In 16 colours, distinct hues: bright yellow beside yellow (or bold green beside green) is no
    difference to the eye, so colours are compared modulo the bright variants."""
    from rich.color import Color, ColorSystem

    from hmip_cli.render.styles import RATING_STYLES, chart_palette

    target = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT, "truecolor": ColorSystem.TRUECOLOR}[
        system
    ]
    four = ("Outstanding", "Good", "Requires improvement", "Inadequate")

    def seen(colour: str) -> object:
        drawn = Color.parse(colour).downgrade(target)
        if system == "standard":
            return drawn.number % 8 if drawn.number is not None else None
        return drawn.triplet or drawn.number

    colours, _ink = chart_palette(system)
    assert len({seen(colours[name]) for name in four}) == 4
    assert len({seen(RATING_STYLES[name].split()[-1]) for name in four}) == 4


def test_a_text_cell_that_reads_like_a_rating_is_not_coloured() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system="standard", markup=False)
    view = View("v", "", (Column("note", "Note"), Column("rating", "Rating", "rating")), [("Good", "Good")])
    print_tables(Result([view]), console, make_console(io.StringIO(), PLAIN))
    body = out.getvalue().splitlines()[-1]
    assert body.startswith("Good") and "\x1b[32mGood" in body  # the rating column only
