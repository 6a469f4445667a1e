"""-o/--output on every command that writes data, -f xlsx, --bom and the spreadsheet-formula
rule (issue 23 item 1, issue 21 item 3): read back with openpyxl and the csv module."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from helpers import SHIPPED_DB, hmip_command, init_db, process_environment, run, sha256

from hmip_cli.environment import Environment
from hmip_cli.render.safe import inert
from hmip_cli.render.xlsx import NOTES_SHEET

BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def _shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))


def _sheet_rows(path: Path, sheet: int | str = 0) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    chosen = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return [[cell.value for cell in row] for row in chosen.iter_rows()]


def test_list_as_xlsx_has_the_rows_of_csv_and_the_notes(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    code, out, err = run("list", "--rating", "inadequate", "-f", "xlsx", "-o", target)
    assert (code, out, err) == (0, "", "")  # the notes are in the workbook
    _, as_csv, notes = run("list", "--rating", "inadequate", "-f", "csv")
    expected = list(csv.reader(io.StringIO(as_csv)))
    rows = _sheet_rows(target)
    assert [["" if v is None else str(v) for v in row] for row in rows] == expected
    assert len(rows) > 10
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["ratings", NOTES_SHEET]
    assert book["ratings"].freeze_panes == "A2"
    written = [row[1] for row in _sheet_rows(target, NOTES_SHEET)[1:]]
    assert written[0].startswith("Overall ratings Inadequate")
    for line in notes.splitlines():
        assert line in written
    assert any("Open Government Licence" in str(line) for line in written)
    # how to cite it, as `hmip cite` says: the software's version and the data's date
    cited = run("cite").stdout.splitlines()
    assert cited and all(line in written for line in cited if line)


def test_xlsx_keeps_numbers_as_numbers_dates_as_text_and_one_sheet_per_view(tmp_path: Path) -> None:
    target = tmp_path / "league.xlsx"
    assert run("league", "-f", "xlsx", "-o", target).exit_code == 0
    book = openpyxl.load_workbook(target)
    _, as_markdown, _ = run("league", "-f", "markdown")
    titles = [line for line in as_markdown.splitlines() if line.startswith("### ")]
    assert len(book.sheetnames) == len(titles) + 1 and len(titles) > 1
    header, first, *_ = _sheet_rows(target)
    row = dict(zip(header, first, strict=True))
    assert isinstance(row["rank"], int) and isinstance(row["standards_known"], int)
    assert isinstance(row["published"], str)  # a month stays a month: "2020-04", never a date
    code, _, err = run("list", "-f", "xlsx", "-o", tmp_path / "n.xlsx", "--no-header")
    assert code == 0, err
    assert _sheet_rows(tmp_path / "n.xlsx")[0][0] != "service"


def test_xlsx_to_a_terminal_is_a_usage_error_and_to_a_pipe_a_workbook(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    result = run("list", "-f", "xlsx", obj=Environment.on(out, err, terminal=True, width=100))
    assert result.exit_code == 2 and out.getvalue() == ""
    assert err.getvalue() == "hmip: error: -f xlsx: a workbook is not for a terminal; add -o FILE.xlsx\n"
    done = subprocess.run(
        hmip_command("list", "-r", "inadequate", "-f", "xlsx"),
        capture_output=True,
        env=process_environment(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith(b"PK")
    (tmp_path / "piped.xlsx").write_bytes(done.stdout)
    assert _sheet_rows(tmp_path / "piped.xlsx")[0][0] == "service"


def test_export_with_bom_starts_with_the_bom_and_is_otherwise_the_export(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    code, out, err = run("export", "-f", "csv", "--bom", "-o", target)
    assert (code, out) == (0, ""), err
    data = target.read_bytes()
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    assert run("export", "-f", "csv", "--bom", "--keep-formulas", "-o", tmp_path / "raw.csv").exit_code == 0
    plain = subprocess.run(
        hmip_command("export", "-f", "csv"), capture_output=True, env=process_environment(), timeout=60, check=False
    ).stdout
    assert (tmp_path / "raw.csv").read_bytes() == BOM + plain


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["compare", "--year", "1", "--year", "2"],
        ["league"],
        ["summary"],
        ["coverage"],
        ["show", "camden"],
        ["standards"],
        ["figures"],
        ["sql", "SELECT 1 AS n"],
        ["db", "info"],
        ["export"],
    ],
)
def test_every_command_that_writes_data_takes_output(args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, out, err = run(*args, "-o", target)
    assert code == 0, err
    assert out == "" and target.read_text(encoding="utf-8").count("\n") >= 1
    code, out, _ = run(*args, "-o", "-")
    assert code == 0 and out == target.read_text(encoding="utf-8")


def test_output_never_overwrites_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = init_db(tmp_path / "own.sqlite")
    monkeypatch.setenv("HMIP_DB", str(own))
    before = sha256(own), sha256(SHIPPED_DB)
    for target in (own, SHIPPED_DB):
        code, out, err = run("list", "-f", "csv", "-o", target)
        assert code == 2 and out == ""
        assert (
            err == f"hmip: error: --output {target}: is an SQLite database; hmip never writes output over a database\n"
        )
    assert (sha256(own), sha256(SHIPPED_DB)) == before


def test_output_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier\n", encoding="utf-8")
    # row 4000 overflows as SQLite computes it: three batches of rows have been written by then
    failing = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) "
        "SELECT x, CASE WHEN x = 4000 THEN abs(-9223372036854775807 - 1) END AS y FROM c"
    )
    code, out, err = run("sql", failing, "-f", "csv")
    assert code == 2 and out.count("\n") > 3000  # to standard output the rows before it went out
    code, _, err = run("sql", failing, "-f", "csv", "-o", target)
    assert code == 2 and err == "hmip: error: sql: integer overflow\n"
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left
    assert run("sql", "SELECT 1 AS n", "-f", "csv", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == "n\n1\n"


@pytest.mark.slow
def test_output_to_a_full_device_is_one_line() -> None:
    done = subprocess.run(
        hmip_command("list", "-o", "/dev/full"),
        capture_output=True,
        text=True,
        env=process_environment({"HMIP_DB": str(SHIPPED_DB)}),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "hmip: error: cannot write the output: No space left on device\n")


# ---- formulas ---------------------------------------------------------------------------------


def test_inert_follows_owasp_and_leaves_numbers_alone() -> None:
    for risky in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert inert(risky) == "'" + risky
    for safe in ("-3", "+4.5", "Good", "", "a=b"):
        assert inert(safe) == safe


FORMULA = '=HYPERLINK("https://evil.example/","click")'


@pytest.fixture
def formula_db(tmp_path: Path) -> Path:
    path = init_db(tmp_path / "formula.sqlite")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE ratings SET note = ? WHERE inspection_id = 'camden-yos-2019-20' AND standard = 'overall'",
            (FORMULA,),
        )
    conn.close()
    return path


def _camden(text: str) -> dict[str, str]:
    return next(r for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))) if r["service"] == "Camden YOS")


def test_csv_is_raw_for_pipelines_and_neutralised_for_excel(formula_db: Path, tmp_path: Path) -> None:
    args = ["list", "--db", formula_db, "--service", "camden", "-f", "csv"]
    assert _camden(run(*args).stdout)["note"] == FORMULA
    assert run(*args, "--bom", "-o", tmp_path / "x.csv").exit_code == 0
    assert _camden((tmp_path / "x.csv").read_text(encoding="utf-8"))["note"] == "'" + FORMULA
    assert run(*args, "--bom", "--keep-formulas", "-o", tmp_path / "y.csv").exit_code == 0
    assert _camden((tmp_path / "y.csv").read_text(encoding="utf-8"))["note"] == FORMULA


def test_xlsx_never_writes_a_formula(formula_db: Path, tmp_path: Path) -> None:
    for extra, prefixed in (([], True), (["--keep-formulas"], False)):
        target = tmp_path / f"f{len(extra)}.xlsx"
        code, _, err = run("list", "--db", formula_db, "--service", "camden", "-f", "xlsx", "-o", target, *extra)
        assert code == 0, err
        sheet = openpyxl.load_workbook(target).worksheets[0]
        header = [c.value for c in sheet[1]]
        cells = [row[header.index("note")] for row in sheet.iter_rows(min_row=2) if row[0].value == "Camden YOS"]
        (cell,) = [c for c in cells if c.value == FORMULA]
        assert cell.data_type == "s"  # a string: exactly the stored text, never evaluated
        assert cell.quotePrefix is prefixed


def test_spreadsheet_options_refused_where_they_mean_nothing() -> None:
    code, out, err = run("list", "-f", "json", "--bom")
    assert code == 2 and out == "" and "--bom: json" in err
    code, out, err = run("list", "-f", "csv", "--keep-formulas")
    assert code == 2 and out == "" and "--keep-formulas" in err
