"""One Selection: every command that selects inspections or ratings takes its filters from the
one `Scope` group (the subset that makes sense for it) and makes one Selection of them
(queries/selection.py); a name that matches nothing is a note on the result, not a warning each
command prints, and --strict makes it a usage error everywhere."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
import typer
from helpers import ROOT, run

from hmip_cli.commands.typer_compat import get_command

pytestmark = pytest.mark.usefixtures("reads_shipped_db")

FILTERS = {
    "--rating",
    "--year",
    "--published",
    "--round",
    "--sector",
    "--type",
    "--region",
    "--service",
    "--standard",
    "--domain",
    "--source-kind",
    "--latest",
    "--include-ceased",
    "--strict",
}
COUNTS = FILTERS - {"--rating", "--standard", "--domain"}
SELECTING: dict[tuple[str, ...], set[str]] = {
    ("list",): FILTERS,
    ("export",): FILTERS,
    ("compare",): COUNTS | {"--standard"},  # compare, summary and a distribution count one standard: their own
    ("league",): COUNTS,
    ("summary",): COUNTS | {"--standard"},
    ("report",): COUNTS,
    ("chart", "distribution"): COUNTS | {"--standard"},
    ("chart", "heatmap"): COUNTS,
    ("gaps",): COUNTS - {"--latest", "--include-ceased", "--source-kind"},  # a gap has no rating, so no source
    ("coverage",): {"--sector", "--type"},
}


def options_of(path: tuple[str, ...]) -> set[str]:
    from hmip_cli.app import app

    command = get_command(app)
    for name in path:
        command = command.get_command(typer.Context(command), name)  # type: ignore[attr-defined]
    return {opt for param in command.params for opt in param.opts if opt in FILTERS}


@pytest.mark.parametrize("path", SELECTING, ids=" ".join)
def test_each_selecting_command_takes_the_filters_that_make_sense_for_it(path: tuple[str, ...]) -> None:
    assert options_of(path) == SELECTING[path]


def test_the_commands_named_in_the_issue_are_accepted(tmp_path: Path) -> None:
    code, _, err = run("report", "--service", "camden", "--out", tmp_path / "camden.md")
    assert code == 0, err
    assert "Camden" in (tmp_path / "camden.md").read_text(encoding="utf-8")

    code, out, err = run("export", "--rating", "inadequate", "--latest")
    assert code == 0, err
    exported = list(csv.DictReader(io.StringIO(out)))
    assert exported and {row["rating"] for row in exported} == {"Inadequate"}
    # --latest: each service once at most, at its latest inspection
    assert len({row["service_id"] for row in exported}) == len({row["inspection_id"] for row in exported})

    code, out, err = run("chart", "distribution", "--region", "london", "--published", "2022")
    assert code == 0, err
    assert "region matching 'london'" in out and "2022" in out

    code, out, err = run("league", "--service", "durham", "-f", "csv")
    assert code == 0, err
    services = [row["service"] for row in csv.DictReader(io.StringIO(out))]
    assert services and all("durham" in s.lower() for s in services)


def test_coverage_keeps_the_totals_of_the_sector_and_type_chosen() -> None:
    every = list(csv.DictReader(io.StringIO(run("coverage", "-f", "csv", "--view", "coverage").stdout)))
    youth = list(
        csv.DictReader(io.StringIO(run("coverage", "-f", "csv", "--view", "coverage", "--sector", "youth").stdout))
    )
    crc = list(csv.DictReader(io.StringIO(run("coverage", "-f", "csv", "--view", "coverage", "--type", "CRC").stdout)))
    assert youth and {r["sector"] for r in youth} == {"youth"} and len(youth) < len(every)
    assert crc and all("CRC" in r["provider_type"] for r in crc)


NAMED = [path for path in SELECTING if "--service" in SELECTING[path]]


@pytest.mark.parametrize("path", NAMED, ids=" ".join)
def test_a_name_that_matches_nothing_is_a_note_or_with_strict_an_error(path: tuple[str, ...], tmp_path: Path) -> None:
    extra = {("report",): ["--out", str(tmp_path / "r.md")], ("compare",): ["--year", "1", "--year", "2"]}
    more = extra.get(path, [])
    code, out, err = run(*path, "--service", "camdn", *more)
    assert code == 0, err
    note = "--service 'camdn' matches no service in the database (closest: Camden YJS"
    if path[0] == "chart":
        assert note in out  # a chart is a picture: its notes are drawn under it
    else:
        assert note in err and "matches no service" not in out  # data on stdout, notes beside it
    code, out, err = run(*path, "--service", "camdn", "--strict", *more)
    assert (code, out) == (2, "")
    assert err.startswith("hmip: error: --service 'camdn' matches no service")


def test_on_a_terminal_the_note_is_under_the_table_whichever_view_is_shown() -> None:
    from hmip_cli.environment import Environment

    out, err = io.StringIO(), io.StringIO()
    env = Environment.on(out, err, terminal=True, width=100)
    code, _, _ = run("compare", "--year", "1", "--year", "2", "--region", "londn", "--view", "changes", obj=env)
    assert code == 0
    assert "--region 'londn' matches no region" in out.getvalue()


def test_the_commands_make_no_warnings_of_their_own() -> None:
    """The groups ↔ present circle is gone: the option groups import nothing of the commands,
    and no command resolves filters but through the Selection."""
    commands = ROOT / "src" / "hmip_cli" / "commands"
    groups = ast.parse((commands / "groups.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(groups) if isinstance(n, ast.ImportFrom)}
    assert "hmip_cli.commands.present" not in imported
    for path in commands.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "resolve_filters" not in text and "warn_unmatched" not in text, path


def _standards_listed(*args: str) -> set[str]:
    code, out, err = run("list", *args, "-f", "csv")
    assert code == 0, err
    return {row["standard"] for row in csv.DictReader(io.StringIO(out))}


def test_a_code_names_the_standard_of_each_sector_that_has_it() -> None:
    """2.1 is probation's assessment and youth's court-assessment: --sector or --type picks one;
    a listing without either lists both, each under its own slug."""
    assert _standards_listed("--standard", "2.1", "--sector", "youth") == {"court-assessment"}
    assert _standards_listed("--standard", "2.1", "--type", "CRC") == {"assessment"}
    assert _standards_listed("--standard", "2.1") == {"assessment", "court-assessment"}


def test_a_count_of_one_standard_never_takes_a_code_naming_two() -> None:
    code, _, err = run("summary", "--standard", "2.1")
    assert code == 2
    assert "assessment (probation), court-assessment (youth); give its slug, or --sector" in err
    code, out, err = run("summary", "--standard", "2.1", "--sector", "youth", "-f", "csv")
    assert code == 0, err
    assert {row["framework"] for row in csv.DictReader(io.StringIO(out))} <= {"youth-2018", "youth-2021"}


def test_a_standard_outside_the_sector_chosen_is_an_error_not_an_empty_answer() -> None:
    code, out, err = run("summary", "--standard", "court-assessment", "--sector", "probation", "-f", "csv")
    assert (code, out) == (2, "")
    assert "'court-assessment' is a youth standard, outside the sector chosen (probation)" in err


def _league(*args: str) -> tuple[dict[tuple[str, str], str], str]:
    code, out, err = run("league", *args, "-f", "csv", "--fields", "rank,service,framework")
    assert code == 0, err
    return {(r["framework"], r["service"]): r["rank"] for r in csv.DictReader(io.StringIO(out))}, err


def test_a_service_named_keeps_its_place_in_the_whole_league() -> None:
    """`league --service durham` shows where Durham stands among every service of the league, not
    first among the few named (County Durham and Darlington PDU was `1`)."""
    whole, _ = _league()
    named, err = _league("--service", "durham")
    assert len(named) >= 3
    assert all(rank == whole[key] for key, rank in named.items())
    assert named[("probation-2023", "County Durham and Darlington PDU")] != "1"
    assert "rank among all 46 services this league ranks without --service" in err


def test_a_latest_league_says_latest_once() -> None:
    _, err = _league("--latest", "--type", "PDU")
    assert "each service's latest inspection" in err
    assert "latest inspection of each service" not in err
