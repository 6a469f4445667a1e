"""One period grammar for every option and data file (schemas/periods.py): its properties, and
every place that takes a period taking every spelling."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from helpers import run
from hypothesis import given
from hypothesis import strategies as st

from hmip_cli.schemas.figures import Figure
from hmip_cli.schemas.periods import Period, parse_period

years = st.integers(min_value=1990, max_value=2099)


@st.composite
def singles(draw: st.DrawFn) -> str:
    """One period in any single spelling: year, month, day, April–March year (three ways)."""
    year = draw(years)
    kind = draw(st.sampled_from(["year", "month", "day", "financial", "financial-long", "financial-hyphen"]))
    if kind == "year":
        return f"{year}"
    if kind == "month":
        return f"{year}-{draw(st.integers(1, 12)):02d}"
    if kind == "day":
        month = draw(st.integers(1, 12))
        return f"{year}-{month:02d}-{draw(st.integers(1, calendar.monthrange(year, month)[1])):02d}"
    if kind == "financial":
        return f"{year}/{(year + 1) % 100:02d}"
    if kind == "financial-long":
        return f"{year}/{year + 1}"
    if (year + 1) % 100 <= 12:
        return f"{year}/{(year + 1) % 100:02d}"  # 2011-12 would be a month: written with /
    return f"{year}-{(year + 1) % 100:02d}"


@st.composite
def periods(draw: st.DrawFn) -> str:
    """Any spelling the grammar accepts, ranges included."""
    first = draw(singles())
    if draw(st.booleans()):
        return first
    second = draw(singles())
    a, b = parse_period(first), parse_period(second)
    if b.last < a.first:
        first, second = second, first
    return f"{first}..{second}"


@given(periods())
def test_a_label_parses_back_to_its_period(text: str) -> None:
    period = parse_period(text)
    again = parse_period(period.label)
    assert again == period
    assert again.label == period.label  # the label is already normal: it is a fixed point


@given(singles(), singles())
def test_a_range_holds_its_ends(first_text: str, second_text: str) -> None:
    a, b = parse_period(first_text), parse_period(second_text)
    if b.last < a.first:
        a, b = b, a
        first_text, second_text = second_text, first_text
    whole = parse_period(f"{first_text}..{second_text}")
    assert (whole.first, whole.last) == (a.first, b.last)
    for day in (a.first, b.last):
        assert parse_period(day).within(whole)
    if a.last <= b.last and a.first <= b.first:
        assert a.within(whole) and b.within(whole)


@given(years, years)
def test_a_range_of_years_is_the_same_period_however_written(x: int, y: int) -> None:
    start, end = sorted((x, y))
    assert parse_period(f"{start}-{end}") == parse_period(f"{start}..{end}") == parse_period(f" {start}..{end} ")
    assert parse_period(f"{start}..{end}") == Period(f"{start}-01-01", f"{end}-12-31", "")


@given(years, st.integers(1, 12), st.integers(1, 12))
def test_a_range_of_months_is_the_same_period_however_written(year: int, m1: int, m2: int) -> None:
    a, b = sorted((m1, m2))
    assert parse_period(f"{year}-{a:02d}/{year}-{b:02d}") == parse_period(f"{year}-{a:02d}..{year}-{b:02d}")


@given(st.text(max_size=30))
def test_any_text_is_a_period_or_a_value_error(text: str) -> None:
    try:
        period = parse_period(text)
    except ValueError as exc:
        assert "accepted:" in str(exc)
    else:
        assert dt.date.fromisoformat(period.first) <= dt.date.fromisoformat(period.last)


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2022", "2022-01-01", "2022-12-31", "2022"),
        ("2022-05", "2022-05-01", "2022-05-31", "2022-05"),
        ("2021-12", "2021-12-01", "2021-12-31", "2021-12"),  # a month, never 2021/22
        ("2022-23", "2022-04-01", "2023-03-31", "2022/23"),
        ("2022 / 2023", "2022-04-01", "2023-03-31", "2022/23"),
        ("1999/00", "1999-04-01", "2000-03-31", "1999/00"),
        ("2020-02-29", "2020-02-29", "2020-02-29", "2020-02-29"),
        ("2019..2021", "2019-01-01", "2021-12-31", "2019..2021"),
        ("2014-2021", "2014-01-01", "2021-12-31", "2014-2021"),
        ("2019-10/2019-12", "2019-10-01", "2019-12-31", "2019-10/2019-12"),
        ("2018-19..2020/21", "2018-04-01", "2021-03-31", "2018/19..2020/21"),
    ],
)
def test_each_spelling(text: str, first: str, last: str, label: str) -> None:
    period = parse_period(text)
    assert (period.first, period.last, period.label) == (first, last, label)


@pytest.mark.parametrize("text", ["2019-13", "2022/24", "2021..2019", "2019-02-30", "last year", "20221", "2019-10/"])
def test_what_is_not_a_period_names_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"accepted: a year \(2022\)"):
        parse_period(text)


@pytest.mark.parametrize(("text", "missing"), [("2019..", "last"), ("..2021", "first"), (" .. ", "first")])
def test_a_range_without_an_end_says_which_is_missing(text: str, missing: str) -> None:
    with pytest.raises(ValueError, match=rf"a range needs both ends \({missing} missing\)"):
        parse_period(text)


SPELLINGS = ["2019..2021", "2019-2021", "2019/20", "2019-20", "2020-06", "2019-10/2019-12", "2020-06-30"]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_option_that_takes_a_period_takes_every_spelling(text: str, reads_shipped_db: object) -> None:
    for args in (["list", "--published", text], ["figures", "--period", text], ["summary", "--published", text]):
        code, _, err = run(*args)
        assert code == 0, (args, err)


@pytest.mark.parametrize("text", SPELLINGS)
def test_a_figures_file_takes_every_spelling(text: str) -> None:
    figure = Figure.model_validate(
        {"figure_id": "x", "topic": "t", "measure": "m", "period": text, "value": "1", "unit": "count"}
    )
    assert parse_period(figure.period) == parse_period(text)


def test_figures_and_published_read_a_range_alike(reads_shipped_db: object) -> None:
    assert run("figures", "--period", "2019..2021").stdout == run("figures", "--period", "2019-2021").stdout
    assert run("list", "--published", "2019..2021").stdout == run("list", "--published", "2019-2021").stdout
    assert run("figures", "--period", "2019..2021").stdout.count("\n") > 1
