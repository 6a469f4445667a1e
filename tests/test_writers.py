"""The writer registry: one writer per format, chosen by the registry and asked what it can do;
--fields checked and applied in one place (tabular.project) for every command."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT, run

from hmip_cli.environment import Environment
from hmip_cli.render.output import emit
from hmip_cli.render.writers import WRITERS, OutputFormat, writer_for
from hmip_cli.tabular import Column, Result, View

pytestmark = pytest.mark.usefixtures("reads_shipped_db")


def test_every_format_is_one_writer_named_as_its_option_value() -> None:
    assert list(WRITERS) == list(OutputFormat)
    assert all(writer.name == fmt.value for fmt, writer in WRITERS.items())


def test_the_default_writer_is_a_table_on_a_terminal_and_tsv_in_a_pipe() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert writer_for(None, Environment.on(out, err, terminal=True)).name == "table"
    assert writer_for(None, Environment.on(out, err, terminal=False)).name == "tsv"
    assert writer_for("CSV", Environment.on(out, err)).name == "csv"


def test_capabilities_say_what_each_writer_does() -> None:
    table, tsv, json_writer = WRITERS[OutputFormat.TABLE], WRITERS[OutputFormat.TSV], WRITERS[OutputFormat.JSON]
    assert table.needs_all_rows and table.carries_notes and not table.streaming
    assert tsv.streaming and tsv.header and not tsv.carries_notes and not tsv.needs_all_rows
    assert not json_writer.header and json_writer.objects is not None
    assert WRITERS[OutputFormat.CSV].objects is None
    xlsx = WRITERS[OutputFormat.XLSX]
    assert xlsx.binary and xlsx.spreadsheet and xlsx.carries_notes and not WRITERS[OutputFormat.CSV].binary
    assert [w.name for w in WRITERS.values() if w.bom] == ["csv", "tsv"]


def test_no_module_chooses_output_by_comparing_format_names() -> None:
    # the writer registry is the one place an output format's name means anything (ingest/
    # names the import layouts, which are input)
    pattern = re.compile(r"""==\s*["'](table|csv|tsv|json|ndjson|markdown)["']|in \(["'](csv|tsv|table)""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "src" / "hmip_cli").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line) and "ingest" not in path.parts
    ]
    assert offenders == []


def _result(summary: Callable[[], str]) -> Result:
    view = View("things", "Things", [Column("name", "Name")], [("a",), ("b",)], notes=["a note"])
    view.summary = summary
    return Result([view])


def test_only_a_writer_that_shows_the_summary_computes_it() -> None:
    asked: list[str] = []

    def summary() -> str:
        asked.append("yes")
        return "2 things"

    out, err = io.StringIO(), io.StringIO()
    emit(_result(summary), "csv", Environment.on(out, err, terminal=False))
    assert (out.getvalue(), err.getvalue(), asked) == ("name\na\nb\n", "a note\n", [])
    out, err = io.StringIO(), io.StringIO()
    emit(_result(summary), "table", Environment.on(out, err, terminal=True, colour=False, width=40))
    assert asked == ["yes"]
    assert "2 things" in out.getvalue() and "a note" in out.getvalue() and err.getvalue() == ""


@pytest.mark.parametrize(
    "args",
    [
        ["list", "-r", "inadequate"],
        ["league", "--year", "1"],
        ["figures", "--topic", "serious further offences"],
    ],
)
def test_fields_are_checked_with_one_message_everywhere(args: list[str]) -> None:
    code, out, err = run(*args, "--fields", "nope", "-f", "csv")
    assert code == 2 and out == ""
    assert err.startswith("hmip: error: --fields: unknown field 'nope' (accepted: ")
    assert err.count("\n") == 1


def test_fields_may_name_a_column_the_default_leaves_out() -> None:
    # list: the store selects just these columns (plain and as JSON built by SQLite)
    code, out, _ = run("list", "-r", "inadequate", "--fields", "inspection_id,rating", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and list(rows[0]) == ["inspection_id", "rating"]
    assert {r["rating"] for r in rows} == {"Inadequate"}
    code, out, _ = run("list", "-r", "inadequate", "--fields", "inspection_id,rating", "-f", "json")
    assert [list(r) for r in json.loads(out)] == [["inspection_id", "rating"]] * len(rows)
    # league and figures: every column is computed, --fields picks among them
    code, out, _ = run("league", "--year", "1", "--fields", "service_id,rank", "-f", "csv")
    assert code == 0 and out.splitlines()[0] == "service_id,rank"
    code, out, _ = run("figures", "--topic", "serious further offences", "--fields", "figure_id", "-f", "tsv")
    assert code == 0 and out.splitlines()[0] == "figure_id" and len(out.splitlines()) > 1


def test_default_columns_are_unchanged_without_fields() -> None:
    _, out, _ = run("list", "-r", "inadequate", "-f", "csv")
    assert out.splitlines()[0] == "service,provider_type,region,year,published,standard,rating,source_url,note"
    _, out, _ = run("figures", "-f", "csv")
    assert out.splitlines()[0] == "topic,measure,breakdown,period,value,unit"


def test_no_header_is_refused_by_a_writer_without_one() -> None:
    code, out, err = run("list", "-f", "markdown", "--no-header")
    assert code == 2 and out == ""
    assert "--no-header: markdown has no header line (it applies to table, csv, tsv and xlsx)" in err


def test_the_registry_imports_no_writer_library_at_start_up(tmp_path: Path) -> None:
    from helpers import run_python

    loaded = run_python(
        "import sys, hmip_cli.render.writers; print(sorted(m for m in ('csv', 'json', 'rich') if m in sys.modules))"
    )
    assert loaded.strip() == "[]"
