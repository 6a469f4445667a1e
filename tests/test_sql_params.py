"""`hmip sql --param NAME VALUE`: named parameters, repeatable, bound by SQLite as text."""

from __future__ import annotations

import pytest
from helpers import run


def test_a_named_parameter_is_bound() -> None:
    result = run("sql", "select :n as n", "--param", "n", "5", "-f", "csv")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "n\n5\n", "")


def test_parameters_repeat_and_any_prefix_names_them() -> None:
    result = run(
        "sql",
        "select :a as a, $b as b, @c as c",
        "--param",
        "a",
        "1",
        "--param",
        "b",
        "x y",
        "--param",
        ":c",
        "3",
        "-f",
        "tsv",
    )
    assert result.stdout == "a\tb\tc\n1\tx y\t3\n"


def test_a_value_is_data_never_sql() -> None:
    sneaky = "x'; DROP TABLE ratings; --"
    result = run(
        "sql", "select :v as v, (select count(*) from ratings) > 0 as kept", "--param", "v", sneaky, "-f", "csv"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == f"{sneaky},1"


def test_a_parameter_filters_a_real_query() -> None:
    direct = run("sql", "select count(*) as n from inspections where region = 'Wales'", "-f", "csv", "--no-header")
    bound = run(
        "sql",
        "select count(*) as n from inspections where region = :r",
        "--param",
        "r",
        "Wales",
        "-f",
        "csv",
        "--no-header",
    )
    assert bound.stdout == direct.stdout and int(bound.stdout) > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["select :n"], "(give each :name a value with --param NAME VALUE)"),
        (["select :n", "--param", "n"], "Option '--param' requires 2 arguments"),
        (["select 1", "--param", "a b", "1"], "--param 'a b': not a parameter name"),
        (["select :n", "--param", "n", "1", "--param", "n", "2"], "--param n: given twice"),
    ],
)
def test_a_missing_or_bad_parameter_is_a_usage_error(args: list[str], message: str) -> None:
    result = run("sql", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
