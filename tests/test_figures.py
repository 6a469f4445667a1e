"""Published figures: schema, import, the bundled data, listing, search, pivot and the totals check."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from helpers import FIGURES_CSV, SOURCE_CSV, run, write
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hmip_cli.errors import DataError
from hmip_cli.ingest.figures import is_figures_csv, validate_figures
from hmip_cli.queries.figure_checks import find_total_checks
from hmip_cli.queries.figures import FigureRecord, quote_fts
from hmip_cli.schemas.figures import Figure, Unit, format_breakdown, parse_breakdown, parse_period
from hmip_cli.store.connection import create_from_bundled

SFO = "serious further offences"
UNITS = "count, percent, GBP, GBP thousand, GBP million, GBP billion"


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads and writes a temporary copy of the bundled database, with plain output."""
    copy = tmp_path / "findings.sqlite"
    # a byte-for-byte copy would be the shipped database itself, which is never written
    create_from_bundled(copy)
    monkeypatch.setenv("HMIP_DB", str(copy))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("FORCE_COLOR", "GITHUB_ACTIONS", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return copy


def tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def figure_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM figures").fetchone()[0]


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = FIGURES_CSV.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "figures-broken.csv"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# ---- schema ------------------------------------------------------------------------------------


def figure(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "figure_id": "x-1",
        "topic": "staff survey",
        "measure": "staff positive",
        "breakdown": "provider=NPS;offence=Murder",
        "period": "2021",
        "value": "60",
        "unit": "percent",
    }
    values.update(changes)
    return values


def test_a_figure_parses_its_breakdown_period_unit_and_value() -> None:
    parsed = Figure.model_validate(figure(period="2018-19", unit="%", value="12.5"))
    assert parsed.breakdown == {"provider": "NPS", "offence": "Murder"}
    assert parsed.period == "2018/19"
    assert parsed.period_span.first == "2018-04-01" and parsed.period_span.last == "2019-03-31"
    assert parsed.unit is Unit.PERCENT
    assert parsed.value == 12.5


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"unit": "furlongs"}, "unit", "accepted: count, percent"),
        ({"value": "101"}, "value", "not a percentage"),
        ({"value": "-1"}, "value", "not a percentage"),
        ({"unit": "count", "value": "2.5"}, "value", "not a count"),
        ({"value": "nan"}, "value", ""),
        ({"value": "lots"}, "value", "not a number"),
        ({"breakdown": "provider"}, "breakdown", "has no '='"),
        ({"breakdown": "a=1;a=2"}, "breakdown", "appears twice"),
        ({"breakdown": "period=2015"}, "breakdown", "reserved"),
        ({"period": "2019-13"}, "period", "not a period"),
        ({"period": "2019-12/2019-10"}, "period", "ends before it starts"),
        ({"figure_id": "Has Spaces"}, "figure_id", "not an id"),
        ({"source_url": "example.org"}, "source_url", "not a web address"),
    ],
)
def test_invalid_figures_name_the_field(changes: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Figure.model_validate(figure(**changes))
    text = str(caught.value)
    assert field in text
    assert fragment in text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2015", "2015-01-01", "2015-12-31"),
        ("2018/19", "2018-04-01", "2019-03-31"),
        ("2014-2021", "2014-01-01", "2021-12-31"),
        ("2020-06", "2020-06-01", "2020-06-30"),
        ("2020-02", "2020-02-01", "2020-02-29"),
        ("2019-10/2019-12", "2019-10-01", "2019-12-31"),
        ("2020-06-30", "2020-06-30", "2020-06-30"),
    ],
)
def test_periods_cover_the_days_they_name(text: str, start: str, end: str) -> None:
    period = parse_period(text)
    assert (period.label, period.first, period.last) == (text, start, end)


_keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda k: k != "period")
_values = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=";="), min_size=1
    )
    .map(lambda v: " ".join(v.split()))
    .filter(bool)
)


@given(st.dictionaries(_keys, _values, max_size=4))
def test_breakdowns_round_trip(dimensions: dict[str, str]) -> None:
    assert parse_breakdown(format_breakdown(dimensions)) == dimensions


@given(st.integers(1990, 2040), st.integers(1, 12), st.integers(0, 30))
def test_a_normalised_period_parses_to_itself(year: int, month: int, length: int) -> None:
    end_year, end_month = divmod(month - 1 + length, 12)
    text = f"{year}-{month:02d}/{year + end_year}-{end_month + 1:02d}"
    period = parse_period(text)
    assert parse_period(period.label) == period
    assert period.first <= period.last


@given(st.text(max_size=40))
def test_search_text_never_breaks_fts5(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter')")
    conn.execute("INSERT INTO t VALUES ('unpaid work requirements completed')")
    quoted = quote_fts(query)
    if quoted:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", [quoted]).fetchall()


# ---- reading the figures file ---------------------------------------------------------------------


def test_the_bundled_figures_file_validates() -> None:
    text = FIGURES_CSV.read_text(encoding="utf-8")
    assert is_figures_csv(text)
    figures = validate_figures(text, "figures.csv")
    assert len(figures) == 146
    assert {f.unit for f in figures} == {Unit.COUNT, Unit.PERCENT, Unit.GBP_MILLION}


def test_every_problem_is_located_and_nothing_is_returned(tmp_path: Path) -> None:
    text = FIGURES_CSV.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",2015,2,count,", ",2015,2,furlongs,")
    text[70] = text[70].replace(",55,percent,", ",155,percent,")
    text.append(text[1])
    with pytest.raises(DataError) as caught:
        validate_figures("\n".join(text) + "\n", "f.csv")
    assert caught.value.problems == [
        f"f.csv:3: unit: unknown unit 'furlongs' (accepted: {UNITS})",
        "f.csv:71: value: 155 is not a percentage (accepted: 0 to 100 for unit percent)",
        "f.csv:148: figure_id: 'sfo-nps-murder-2015' is also at line 2 (accepted: one row per figure_id)",
    ]


# ---- the bundled database --------------------------------------------------------------------------


def test_the_pivot_reproduces_hmips_sfo_table() -> None:
    code, out, err = run("figures", "--topic", SFO, "--pivot", "offence,period", "--format", "tsv")
    assert (code, err) == (0, "")
    rows = tsv(out)
    assert list(rows[0]) == ["provider", "offence", "2015", "2016", "2017", "2018"]
    totals = {(r["provider"], r["offence"]): [r[y] for y in ("2015", "2016", "2017", "2018")] for r in rows}
    assert totals[("All", "Total")] == ["494", "516", "635", "493"]
    assert totals[("NPS", "Total")] == ["292", "281", "362", "282"]
    assert totals[("NPS", "Murder")] == ["28", "24", "47", "43"]
    assert [r["offence"] for r in rows if r["provider"] == "CRC"] == [
        "Murder",
        "Manslaughter",
        "Rape",
        "Violence against the person",
        "Sexual assault",
        "Total",
    ]


def test_the_pivot_in_json_has_one_key_per_column_value() -> None:
    code, out, err = run("figures", "--topic", SFO, "--pivot", "offence,period", "-b", "provider=all", "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [{"offence": "Total", "2015": 494, "2016": 516, "2017": 635, "2018": 493}]


def test_the_pivot_as_a_table_and_markdown() -> None:
    code, out, _ = run("figures", "--topic", SFO, "--pivot", "offence,period", "-f", "table")
    assert code == 0
    assert "SFO reviews received (count): offence by period" in out
    assert "Violence against the person" in out
    code, out, _ = run("figures", "--topic", SFO, "--pivot", "period,risk", "-f", "markdown")
    assert code == 0
    assert "| Period | Low | Medium | High | Very High | Not specified | Total |" in out
    assert "| 2018/19 | 20 | 75 | 38 | 2 | 8 | 143 |" in out


def test_two_figures_in_one_cell_is_a_usage_error_naming_the_measure() -> None:
    code, out, err = run("figures", "--topic", "staffing", "--pivot", "provider,period")
    assert code == 2
    assert out == ""
    assert err.startswith(
        "hmip: error: --pivot provider,period: two figures fall in one cell (provider=NPS, period=2019)"
    )
    assert "--measure 'NPS staff with workloads exceeding capacity'" in err
    code, out, _ = run("figures", "--topic", "staffing", "--measure", "vacancies", "--pivot", "provider,period")
    assert code == 0
    assert tsv(out) == [{"provider": "NPS", "2019": "615"}]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--pivot", "offense,period", "--topic", SFO], "no figure chosen has a breakdown key 'offense'"),
        (["--pivot", "offence"], "expected ROW,COLUMN"),
        (["--pivot", "period,period"], "must differ"),
        (["--topic", "weather"], "--topic 'weather': no such topic (accepted: accredited programmes"),
        (["--period", "last year"], "--period: not a period: 'last year'"),
        (["--breakdown", "provider"], "--breakdown 'provider'"),
        (["--search", "  "], "--search: give one or more words"),
        (["--fields", "colour"], "--fields: unknown field 'colour'"),
    ],
)
def test_usage_errors_are_one_line_and_leave_stdout_empty(args: list[str], fragment: str) -> None:
    code, out, err = run("figures", *args)
    assert code == 2
    assert out == ""
    assert fragment in err
    assert err.count("\n") == 1


def test_search_finds_unpaid_work() -> None:
    code, out, err = run("figures", "--search", "unpaid work", "--fields", "figure_id,value,unit")
    assert (code, err) == (0, "")
    assert tsv(out) == [
        {"figure_id": "unpaid-work-completion-2019q4", "value": "90.8", "unit": "percent"},
        {"figure_id": "unpaid-work-completion-2021q1", "value": "41.8", "unit": "percent"},
    ]


@pytest.mark.parametrize("query", ["risk-of-harm", "2.1", "NOT", '"unbalanced', "AND OR", "murder*"])
def test_search_syntax_is_never_an_error(query: str) -> None:
    code, _, err = run("figures", "--search", query)
    assert (code, err) == (0, "")


def test_search_stems_words() -> None:
    code, out, _ = run("figures", "--search", "completion", "--fields", "figure_id")
    assert code == 0
    ids = {r["figure_id"] for r in tsv(out)}
    assert {"unpaid-work-completion-2019q4", "programmes-completion-2021q1"} <= ids


def test_topic_and_period_filters() -> None:
    code, out, _ = run("figures", "--topic", "STAFF SURVEY", "--fields", "figure_id,period")
    assert code == 0
    rows = tsv(out)
    assert len(rows) == 12 and {r["period"] for r in rows} == {"2021"}
    # a period selects the figures whose period lies within it
    code, out, _ = run("figures", "--period", "2021", "--topic", "unpaid", "--fields", "figure_id")
    assert [r["figure_id"] for r in tsv(out)] == ["unpaid-work-completion-2021q1"]
    code, out, _ = run("figures", "--period", "2015", "--topic", SFO, "-b", "offence=total", "--fields", "value")
    assert [r["value"] for r in tsv(out)] == ["292", "202", "494"]


def test_zero_matching_figures_is_success() -> None:
    code, out, err = run("figures", "--search", "weather")
    assert (code, out, err) == (0, "topic\tmeasure\tbreakdown\tperiod\tvalue\tunit\n", "")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "ndjson", "markdown"])
def test_every_output_format(fmt: str) -> None:
    code, out, err = run("figures", "--topic", "funding", "--format", fmt)
    assert (code, err) == (0, "")
    assert "CRC income below expectation over seven years" in out
    assert "822" in out


def test_the_bundled_figures_pass_the_check() -> None:
    code, out, err = run("figures", "check")
    assert code == 0
    assert tsv(out) == []
    assert err == "figures check: 18 published totals checked, all equal the sum of their parts\n"
    code, out, _ = run("figures", "check", "--all")
    rows = {r["figure_id"]: r for r in tsv(out)}
    assert len(rows) == 18 and {r["status"] for r in rows.values()} == {"ok"}
    assert rows["sfo-nps-total-2015"]["parts"] == "28+2+124+95+43"
    assert rows["sfo-nps-total-2015"]["published_total"] == "292"
    assert rows["sfo-all-total-2015"]["parts"] == "292+202"
    assert rows["sfo-all-total-2015"]["over"] == "provider"
    assert rows["sfo-murder-risk-total"]["sum_of_parts"] == "143"


def test_the_check_catches_a_broken_total(tmp_path: Path, environment: Path) -> None:
    broken = broken_copy(
        tmp_path,
        "sfo-nps-total-2016,serious further offences,SFO reviews received,provider=NPS;offence=Total,2016,281,",
        "sfo-nps-total-2016,serious further offences,SFO reviews received,provider=NPS;offence=Total,2016,290,",
    )
    code, out, err = run("import", str(broken))
    assert (code, out) == (0, "")
    assert err.startswith("0 figures added, 1 changed, 145 unchanged")
    code, out, err = run("figures", "check")
    assert code == 3
    rows = tsv(out)
    # the NPS total is off by 9, and so the all-provider total no longer equals NPS + CRC
    assert [(r["figure_id"], r["sum_of_parts"], r["published_total"], r["difference"]) for r in rows] == [
        ("sfo-nps-total-2016", "281", "290", "9"),
        ("sfo-all-total-2016", "525", "516", "-9"),
    ]
    assert {r["status"] for r in rows} == {"differs"}
    assert err == "hmip: figures check: 18 published totals checked, 2 differ from the sum of the parts\n"


def test_the_check_is_about_additive_units_and_recorded_parts() -> None:
    def record(figure_id: str, value: float, unit: str = "count", **dims: str) -> FigureRecord:
        return FigureRecord(figure_id, "t", "m", "2020", "2020-01-01", "2020-12-31", value, unit, dict(dims))

    checks = find_total_checks(
        [
            record("a", 1, kind="A"),
            record("b", 2, kind="B"),
            record("t", 4, kind="Total"),
            record("p1", 60, "percent", kind="A"),
            record("p2", 60, "percent", kind="Total"),
            record("lonely", 5, other="All"),
        ]
    )
    assert [(c.total.figure_id, c.sum_of_parts, c.passed) for c in checks] == [("t", 3, False)]


# ---- import ------------------------------------------------------------------------------------------


def test_importing_the_bundled_figures_changes_nothing(environment: Path) -> None:
    code, out, err = run("import", str(FIGURES_CSV))
    assert (code, out) == (0, "")
    assert err.startswith("0 figures added, 0 changed, 146 unchanged")


def test_imported_figures_are_searchable_and_replace_their_breakdown(tmp_path: Path, environment: Path) -> None:
    path = write(
        tmp_path / "new.csv",
        "figure_id,topic,measure,breakdown,period,value,unit,source_title,source_published,source_url\n"
        "ap-starts-2022,accredited programmes,accredited programme starts,provider=PS;region=Wales,2022,1200,count,,,\n"
        "nps-po-vacancies,staffing,probation officer vacancies,provider=PS,2019,600,count,,,https://example.org/x\n",
    )
    code, _, err = run("import", str(path), "--dry-run")
    assert code == 0 and err.startswith("dry run, nothing written: 1 figures added, 1 changed, 0 unchanged")
    assert figure_count(environment) == 146
    code, _, err = run("import", str(path))
    assert code == 0 and err.startswith("1 figures added, 1 changed, 0 unchanged")
    assert figure_count(environment) == 147
    code, out, _ = run("figures", "--search", "programme starts", "--fields", "figure_id,breakdown")
    assert tsv(out) == [{"figure_id": "ap-starts-2022", "breakdown": "provider=PS;region=Wales"}]
    code, out, _ = run("figures", "--search", "vacancies", "-b", "provider=ps", "--fields", "measure,value")
    assert tsv(out) == [{"measure": "probation officer vacancies", "value": "600"}]
    code, out, _ = run("figures", "-b", "provider=NPS", "--search", "vacancies")
    assert tsv(out) == []


def test_a_bad_figures_file_is_rejected_whole(tmp_path: Path, environment: Path) -> None:
    broken = broken_copy(tmp_path, ",2018/19,20,count,", ",2018/19,20,percnt,")
    with open(broken, "a", encoding="utf-8") as handle:
        handle.write("zz-new,funding,new money,,2022,5,GBP million,,,\n")
    code, out, err = run("import", str(broken))
    assert code == 3
    assert out == ""
    assert err.splitlines() == [
        f"{broken}:54: unit: unknown unit 'percnt' (accepted: {UNITS})",
        "hmip: 1 problem; nothing was written",
    ]
    assert figure_count(environment) == 146


def test_a_figures_header_with_an_unknown_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("figure_id,topic,measure,period,value,unit,colour\nx,t,m,2020,1,count,red\n", encoding="utf-8")
    code, out, err = run("import", str(path))
    assert (code, out) == (3, "")
    assert err.startswith(f"{path}:1: colour: unknown column (accepted: breakdown, figure_id")


def test_figures_import_from_stdin_with_an_explicit_format(environment: Path) -> None:
    text = "figure_id,topic,measure,period,value,unit\nstdin-1,funding,money from stdin,2022,1.5,GBP million\n"
    code, _, err = run("import", "-", "--format", "figures-csv", input=text)
    assert code == 0 and err.startswith("1 figures added")
    code, out, _ = run("figures", "--search", "stdin", "--fields", "value,unit")
    assert tsv(out) == [{"value": "1.5", "unit": "GBP million"}]


# ---- building and migrating ---------------------------------------------------------------------------


def test_db_build_loads_the_figures(tmp_path: Path) -> None:
    out_path = tmp_path / "built.sqlite"
    code, out, err = run("db", "build", str(out_path), "--source", SOURCE_CSV)
    assert (code, out) == (0, "")
    assert ", 146 figures," in err
    code, out, _ = run("db", "info", "--db", str(out_path), "-f", "tsv")
    assert {r["key"]: r["value"] for r in tsv(out) if r["view"] == "database"}["inspections"] == "275"
    # the FTS index points at rowids that VACUUM must not have moved
    code, out, _ = run("figures", "--db", str(out_path), "--search", "unpaid work", "--fields", "figure_id")
    assert [r["figure_id"] for r in tsv(out)] == ["unpaid-work-completion-2019q4", "unpaid-work-completion-2021q1"]


def test_db_build_rejects_a_bad_figures_file(tmp_path: Path) -> None:
    broken = broken_copy(tmp_path, ",2021,55,percent,", ",2021,155,percent,")
    out_path = tmp_path / "built.sqlite"
    code, out, err = run("db", "build", str(out_path), "--figures", str(broken))
    assert (code, out) == (3, "")
    assert f"{broken}:71: value: 155 is not a percentage" in err
    assert not out_path.exists()


def test_an_older_database_gains_the_figures_tables_on_migrate(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from hmip_cli.store.schema import migrations

    old = tmp_path / "old.sqlite"
    db = Database(old)
    migrations.apply(db, stop_before="m002_figures")
    db.close()
    code, out, err = run("figures", "--db", str(old))
    assert (code, out) == (1, "")
    assert "older than this hmip; run `hmip db migrate`" in err
    code, _, _ = run("db", "migrate", "--db", str(old))
    assert code == 0
    code, out, err = run("figures", "--db", str(old))
    assert (code, out, err) == (0, "topic\tmeasure\tbreakdown\tperiod\tvalue\tunit\n", "")
    code, _, err = run("import", str(FIGURES_CSV), "--db", str(old))
    assert code == 0 and err.startswith("146 figures added")


def test_help_documents_the_check_exit_code() -> None:
    code, out, _ = run("figures", "check", "--help")
    assert code == 0
    assert "3 when any differs" in out
