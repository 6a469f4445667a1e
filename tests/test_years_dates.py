"""Programme years (2018/19), partial dates (YYYY, YYYY-MM, YYYY-MM-DD) and the ids derived from them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hmip_cli.schemas.dates import ACCEPTED_DATES, parse_partial_date
from hmip_cli.schemas.records import derive_inspection_id, slugify
from hmip_cli.schemas.years import ACCEPTED_YEARS, parse_programme_year, year_slug

YEAR_SHAPE = re.compile(r"^[0-9]{4}/[0-9]{2}$")
DATE_SHAPE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


@pytest.mark.parametrize("text", ["2018/19", "2018-19", "2018/2019", "2018-2019", " 2018 / 19 ", "2018 -2019\n"])
def test_programme_year_spellings(text: str) -> None:
    assert parse_programme_year(text) == "2018/19"


def test_programme_year_across_a_century() -> None:
    assert parse_programme_year("1999/00") == "1999/00"
    assert parse_programme_year("1999/2000") == "1999/00"
    assert parse_programme_year("2099-00") == "2099/00"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2018/20", "spans 2 years"),
        ("2018/2020", "spans 2 years"),
        ("2018/18", "spans 0 years"),
        ("2019/18", "spans 99 years"),
        ("2018/2017", "spans -1 years"),
        ("2018", "not a programme year"),
        ("18/19", "not a programme year"),
        ("2018/9", "not a programme year"),
        ("2018\\19", "not a programme year"),
        ("2018/19/20", "not a programme year"),
        ("", "not a programme year"),
        ("\u0662\u0660\u0661\u0668/\u0661\u0669", "not a programme year"),  # Arabic-Indic digits
    ],
)
def test_bad_programme_years_name_the_accepted_forms(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)) as caught:
        parse_programme_year(text)
    assert f"(accepted: {ACCEPTED_YEARS})" in str(caught.value)


@given(st.integers(min_value=0, max_value=9998), st.sampled_from(["/", "-"]), st.booleans())
@example(999, "/", False)
@example(1999, "-", True)
def test_every_real_programme_year_parses_to_one_shape(start: int, sep: str, long_end: bool) -> None:
    end = start + 1
    text = f"{start:04d}{sep}{end:04d}" if long_end else f"{start:04d}{sep}{end % 100:02d}"
    parsed = parse_programme_year(text)
    assert parsed == f"{start:04d}/{end % 100:02d}"
    assert YEAR_SHAPE.match(parsed)
    assert parse_programme_year(parsed) == parsed


@given(st.text(max_size=20))
@example("2018/20")
@example("0000/01")
def test_arbitrary_text_is_a_year_or_a_value_error(text: str) -> None:
    try:
        parsed = parse_programme_year(text)
    except ValueError as error:
        assert f"(accepted: {ACCEPTED_YEARS})" in str(error)
    else:
        assert YEAR_SHAPE.match(parsed)
        assert parse_programme_year(parsed) == parsed


def test_year_slug_is_the_id_spelling() -> None:
    assert year_slug("2018/19") == "2018-19"


@pytest.mark.parametrize("text", ["2019", "2019-02", "2019-02-28", "2020-02-29", "2019-12-31", " 2019-03 "])
def test_real_partial_dates(text: str) -> None:
    assert parse_partial_date(text) == text.strip()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2019", "not a date"),
        ("2019-13", "no such date"),
        ("2019-00", "no such date"),
        ("2019-02-31", "no such date"),
        ("2021-02-29", "no such date"),
        ("2019-04-31", "no such date"),
        ("2019-2-1", "not a date"),
        ("2019/02", "not a date"),
        ("19-02-01", "not a date"),
        ("2019-02-01T10:00", "not a date"),
        ("0000", "no such date"),
        ("", "not a date"),
        ("\u0662\u0660\u0661\u0669", "not a date"),  # digits of another script are not stored as dates
    ],
)
def test_bad_dates_name_the_accepted_forms(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)) as caught:
        parse_partial_date(text)
    assert f"(accepted: {ACCEPTED_DATES})" in str(caught.value)


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from([4, 7, 10]))
def test_every_real_date_and_its_prefixes_parse_unchanged(day: dt.date, length: int) -> None:
    text = day.isoformat()[:length]
    assert parse_partial_date(text) == text


@given(st.text(max_size=12))
@example("2019-02-29")
@example("2019-02-28\n")
def test_arbitrary_text_is_a_date_or_a_value_error(text: str) -> None:
    try:
        parsed = parse_partial_date(text)
    except ValueError as error:
        assert f"(accepted: {ACCEPTED_DATES})" in str(error)
    else:
        assert DATE_SHAPE.match(parsed)
        assert parsed == text.strip()


@pytest.mark.parametrize(
    ("year", "published", "framework", "expected"),
    [
        ("2018/19", "2018-09-12", "probation-2018", "svc-2018-19"),
        (None, "2022-03-04", "youth-2021", "svc-2022-03"),
        (None, "2022-03", "youth-2021", "svc-2022-03"),
        (None, None, "probation-2023", "svc-probation-2023"),
    ],
)
def test_inspection_id_rule(year: str | None, published: str | None, framework: str, expected: str) -> None:
    assert derive_inspection_id("svc", year, published, framework) == expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Merseyside CRC", "merseyside-crc"),
        (
            "Leicester City Children and Young People's Justice Service",
            "leicester-city-children-and-young-peoples-justice-service",
        ),
        ("Kent, Surrey & Sussex CRC", "kent-surrey-sussex-crc"),
        ("  Camden YOS  ", "camden-yos"),
        ("People\u2019s", "peoples"),
    ],
)
def test_service_id_from_name(name: str, slug: str) -> None:
    assert slugify(name) == slug
