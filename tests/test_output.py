"""Every command's output, every format: golden files at a fixed width, and the pipe contract.

Regenerate goldens with UPDATE_GOLDEN=1 and review them as a diff.
"""

from __future__ import annotations

import csv
import io
import json
import shlex
import subprocess
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, check_golden, hmip_command, read_golden, run, run_process

FORMATS = ("table", "csv", "tsv", "json", "ndjson", "markdown")
EXTENSIONS = {"table": "txt", "csv": "csv", "tsv": "tsv", "json": "json", "ndjson": "ndjson", "markdown": "md"}

COMMANDS: dict[str, list[str]] = {
    "list-inadequate": ["list", "--rating", "inadequate"],
    "compare-probation": ["compare", "--year", "1", "--year", "2", "--type", "CRC", "--type", "NPS"],
    "league-crc-2018": ["league", "--year", "2018/19", "--type", "CRC"],
    "summary-standard": ["summary", "--by", "standard"],
    "show-testborough": ["show", "testborough"],
    "standards-2018": ["standards", "--framework", "probation-2018"],
}


# conftest pins COLUMNS=120 and clears the colour variables: the goldens are at that width
pytestmark = pytest.mark.usefixtures("reads_fixture_db")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", COMMANDS)
def test_golden_output(name: str, fmt: str) -> None:
    code, out, err = run(*COMMANDS[name], "--format", fmt)
    assert code == 0, err
    assert "\x1b[" not in out
    check_golden(f"{name}.{EXTENSIONS[fmt]}", out)


@pytest.mark.parametrize("name", COMMANDS)
def test_csv_and_json_hold_the_same_cells(name: str) -> None:
    _, as_csv, _ = run(*COMMANDS[name], "-f", "csv")
    _, as_json, _ = run(*COMMANDS[name], "-f", "json")
    _, as_ndjson, _ = run(*COMMANDS[name], "-f", "ndjson")
    csv_rows = list(csv.DictReader(io.StringIO(as_csv)))
    json_rows = json.loads(as_json)
    assert json_rows == [json.loads(line) for line in as_ndjson.splitlines()]
    assert len(csv_rows) == len(json_rows) > 0
    for from_csv, from_json in zip(csv_rows, json_rows, strict=True):
        assert list(from_csv) == list(from_json)
        assert from_csv == {
            k: "" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v)) for k, v in from_json.items()
        }


def test_json_is_typed() -> None:
    _, out, _ = run("league", "--year", "1", "-f", "json")
    first = json.loads(out)[0]
    assert isinstance(first["rank"], int) and isinstance(first["standards_known"], int)
    assert first["mean_points"] is None or isinstance(first["mean_points"], float)
    _, out, _ = run("list", "--type", "PDU", "-f", "json")
    assert any(row["year"] is None for row in json.loads(out))


def test_ratings_are_spelled_in_full_in_machine_formats() -> None:
    _, out, _ = run("list", "-r", "ri", "-f", "csv")
    ratings = {row["rating"] for row in csv.DictReader(io.StringIO(out))}
    assert ratings == {"Requires improvement"}


def test_zero_rows_is_success_with_a_header_only() -> None:
    # Testborough is a known name, never rated Inadequate: an empty answer, not a typo, so no note either
    empty = ["list", "--service", "testborough", "--rating", "inadequate"]
    code, out, err = run(*empty, "-f", "csv")
    assert (code, err) == (0, "")
    assert out == "service,provider_type,region,year,published,standard,rating,source_url,note\n"
    code, out, err = run(*empty, "-f", "json")
    assert (code, out) == (0, "[]\n")
    code, out, err = run(*empty, "-f", "table")
    assert code == 0 and "no matching rows" in err and "Service" in out


def test_a_failing_command_leaves_stdout_empty() -> None:
    code, out, err = run("compare", "--year", "1", "--year", "9")
    assert code == 2
    assert out == ""
    assert err.startswith("hmip: error: --year 9") and err.count("\n") == 1


def test_fields_select_and_order_columns() -> None:
    code, out, _ = run("list", "-r", "inadequate", "--fields", "rating,service_id", "-f", "csv")
    assert code == 0
    assert out.splitlines()[0] == "rating,service_id"
    code, out, err = run("list", "--fields", "rating,nope")
    assert code == 2 and out == "" and "unknown field 'nope'" in err and "service_id" in err


def test_every_command_has_help_with_an_example() -> None:
    for args in (["list"], ["compare"], ["league"], ["summary"], ["show"], ["standards"], ["import"], ["db", "info"]):
        code, out, _ = run(*args, "--help")
        assert code == 0
        assert "Example:" in out, args


@pytest.mark.slow
def test_piped_output_is_plain_tsv(reads_fixture_db: Path) -> None:
    done = run_process("list", "--rating", "inadequate", "--db", reads_fixture_db)
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout and "─" not in done.stdout
    lines = done.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["service", "provider_type", "region"]
    assert all(line.count("\t") == 8 for line in lines)
    assert done.stdout == read_golden("list-inadequate.tsv")


@pytest.mark.slow
def test_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(
        f"{shlex.join(map(str, hmip_command('list', '--standard', 'all', '--db', SHIPPED_DB)))} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.startswith("service\t")
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


@pytest.mark.parametrize(
    ("args", "header"),
    [
        (["summary", "--by", "type", "--fields", "share_ri_or_inadequate,type"], "share_ri_or_inadequate,type"),
        (["league", "--fields", "service_id,rank"], "service_id,rank"),
        (["sql", "SELECT service_id, name FROM services", "--fields", "name"], "name"),
        (["figures", "--fields", "value,topic"], "value,topic"),
    ],
)
def test_fields_work_on_every_listing_command(args: list[str], header: str) -> None:
    code, out, err = run(*args, "-f", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == header
    assert len(lines) > 1 and all(line.count(",") >= header.count(",") for line in lines[1:])
