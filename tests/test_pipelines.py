"""Output for scripts one view at a time (--view, --fields, --no-header), names that match
nothing (a note with the closest names, --strict), and help in the user's words."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import ROOT, run

from hmip_cli.commands.compare import COMPARE_VIEWS
from hmip_cli.commands.db import INFO_VIEWS
from hmip_cli.commands.show import SHOW_VIEWS
from hmip_cli.commands.standards import STANDARDS_VIEWS

COMPARE = ["compare", "--year", "1", "--year", "2"]
MULTI_VIEW = {
    "compare": (COMPARE, COMPARE_VIEWS),
    "show": (["show", "camden"], SHOW_VIEWS),
    "db info": (["db", "info"], INFO_VIEWS),
    "standards": (["standards"], STANDARDS_VIEWS),
}


pytestmark = pytest.mark.usefixtures("reads_shipped_db")


def test_compare_one_view_as_csv_is_one_rectangular_table() -> None:
    code, out, err = run(*COMPARE, "--view", "distribution", "-f", "csv")
    assert code == 0 and "HMIP published" in err  # notes go to stderr, the data stays rectangular
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "sector",
        "year",
        "services",
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
        "not_recorded",
        "evidence",
    ]
    assert len(rows) == 5 and {len(r) for r in rows} == {9}  # two sectors, two years each
    assert all(cell != "" for row in rows for cell in row[:-1])
    # only youth 2018/19 (two services rated) is marked too few to compare
    assert [r[:2] for r in rows if r[-1]] == [["sector", "year"], ["youth", "2018/19"]]


@pytest.mark.parametrize("command", MULTI_VIEW)
def test_every_view_of_every_multi_view_command_stands_alone(command: str) -> None:
    args, views = MULTI_VIEW[command]
    code, everything, _ = run(*args, "-f", "json")
    assert code == 0
    tagged = json.loads(everything)
    # the declared view names (help and completion) are the views the command really produces
    assert [v for v in dict.fromkeys(row["view"] for row in tagged)] == list(views)
    for view in views:
        code, out, err = run(*args, "--view", view, "-f", "json")
        assert code == 0, err
        rows = json.loads(out)
        expected = [{k: v for k, v in row.items() if k != "view"} for row in tagged if row["view"] == view]
        # the view's own columns: no `view` field, and none of the other views' columns
        assert [{k: v for k, v in row.items() if k in rows[0]} for row in expected] == rows
        assert "view" not in rows[0]


def test_without_view_machine_output_keeps_one_tagged_table() -> None:
    _, out, _ = run(*COMPARE, "-f", "tsv")
    header = out.splitlines()[0].split("\t")
    assert header[0] == "view" and {"year", "from_rating", "service_id"} <= set(header)


def test_view_in_a_table_draws_only_that_table() -> None:
    code, out, _ = run(*COMPARE, "--view", "changes", "-f", "table")
    assert code == 0
    assert "each service inspected at every point" in out and "Services  " not in out


def test_an_unknown_view_names_the_views() -> None:
    code, out, err = run(*COMPARE, "--view", "distributon", "-f", "csv")
    assert code == 2 and out == ""
    assert "distribution, paired_distribution, transitions, changes" in err


def test_fields_pick_columns_of_one_view_and_need_view_when_there_are_several() -> None:
    code, out, err = run("show", "camden", "--view", "sources", "--fields", "rating,inspection_id", "-f", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "rating,inspection_id"
    code, out, err = run("show", "camden", "--fields", "rating", "-f", "csv")
    assert code == 2 and out == "" and "--view" in err and "sources" in err


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_no_header_leaves_out_only_the_header(fmt: str) -> None:
    _, with_header, _ = run("list", "--rating", "inadequate", "-f", fmt)
    code, without, err = run("list", "--rating", "inadequate", "-f", fmt, "--no-header")
    assert (code, err) == (0, "")
    assert without == with_header.split("\n", 1)[1]


def test_no_header_is_refused_where_there_is_no_header() -> None:
    code, out, err = run("list", "-f", "json", "--no-header")
    assert code == 2 and out == "" and "--no-header" in err


# --- names that match nothing --------------------------------------------------------------


def test_an_unknown_service_is_named_with_the_closest_names_and_still_exits_0() -> None:
    code, out, err = run("list", "--service", "camdn", "-f", "csv")
    assert code == 0
    assert out.count("\n") == 1  # the header: zero rows is an answer
    assert "--service 'camdn' matches no service" in err and "Camden YJS" in err


def test_strict_makes_a_name_that_matches_nothing_a_usage_error() -> None:
    code, out, err = run("list", "--service", "camdn", "--strict", "-f", "csv")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Camden" in err
    # a known name with no matching rows is an empty answer, not an error, even with --strict
    code, out, err = run("list", "--service", "camden", "--rating", "inadequate", "--strict", "-f", "csv")
    assert (code, err) == (0, "") and out.count("\n") == 1


def test_an_unknown_region_and_standard_get_the_closest_names() -> None:
    code, _, err = run("league", "--region", "londn", "-f", "csv")
    assert code == 0 and "(closest: London)" in err
    code, _, err = run("list", "--standard", "asessment")
    assert code == 2 and "closest: assessment" in err


def test_show_suggests_the_closest_services() -> None:
    code, out, err = run("show", "camdn")
    assert code == 2 and out == ""
    assert "no service matches 'camdn'" in err and "Camden" in err and "hmip list --service" not in err


# --- help ----------------------------------------------------------------------------------


def test_help_says_what_to_type_not_python_types() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "<bool>" not in reference and "<list[str]>" not in reference and "<str>" not in reference
    for metavar in ("YEAR", "TYPE", "RATING", "FORMAT", "VIEW"):
        assert re.search(rf"--\w[\w-]* +(-\w +)?{metavar} ", reference), metavar


def test_type_help_names_the_sector_of_each_provider_type() -> None:
    _, out, _ = run("list", "--help")
    flat = " ".join(out.replace("│", " ").split())
    assert "CRC, NPS, PDU, region (probation), YOT (youth)" in flat


def test_serve_help_names_the_web_extra() -> None:
    _, out, _ = run("serve", "--help")
    assert "pip install '.[web]'" in out


def test_readme_figures_pivot_example_shows_the_whole_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [row for row in readme.splitlines() if row.startswith("hmip figures") and "--pivot" in row]
    args = line.split("#")[0].split()[1:]
    args = [a.strip('"') for a in " ".join(args).replace('"serious further offences"', "SFO").split()]
    args = ["serious further offences" if a == "SFO" else a for a in args]
    code, out, err = run(*args, "-f", "csv")
    assert code == 0, err
    assert len(out.splitlines()) == 14  # a header and 13 rows
