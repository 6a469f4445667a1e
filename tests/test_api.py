"""hmip_cli.api: each function returns the rows its command's `-f json` writes, and the notes it
writes to stderr, for the same filters."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import run, run_python

from hmip_cli import api
from hmip_cli.errors import UsageError
from hmip_cli.queries.filters import resolve_filters


def machine(*args: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr.splitlines()


CASES: list[tuple[Any, dict[str, Any], list[str]]] = [
    (api.ratings, {"rating": "inadequate", "latest": True}, ["list", "--rating", "inadequate", "--latest"]),
    (
        api.ratings,
        {"type": ["CRC", "NPS"], "year": "1", "standard": "all"},
        ["list", "-t", "CRC", "-t", "NPS", "-y", "1", "--standard", "all"],
    ),
    (api.ratings, {"provider_type": "PDU", "published": "2022"}, ["list", "--type", "PDU", "--published", "2022"]),
    (api.ratings, {"service": "camdn"}, ["list", "--service", "camdn"]),
    (api.compare, {"year": ["1", "2"]}, ["compare", "--year", "1", "--year", "2"]),
    (
        api.compare,
        {"year": ["1", "2"], "type": "CRC", "paired": True},
        ["compare", "-y", "1", "-y", "2", "-t", "CRC", "--paired"],
    ),
    (api.league, {"year": "2018/19", "type": "CRC"}, ["league", "--year", "2018/19", "--type", "CRC"]),
    (api.league, {}, ["league"]),
    (api.summary, {"by": "standard", "sector": "probation"}, ["summary", "--by", "standard", "--sector", "probation"]),
    (api.summary, {"by": "type", "latest": True}, ["summary", "--by", "type", "--latest"]),
    (api.coverage, {}, ["coverage"]),
    (api.gaps, {}, ["gaps"]),
    (api.gaps, {"sector": "youth"}, ["gaps", "--sector", "youth"]),
    (api.ratings, {"source_kind": "secondary"}, ["list", "--source-kind", "secondary"]),
    (api.league, {"latest": True, "include_ceased": True}, ["league", "--latest", "--include-ceased"]),
    (
        api.figures,
        {"topic": "serious further offences", "pivot": "offence,period"},
        ["figures", "--topic", "serious further offences", "--pivot", "offence,period"],
    ),
    (api.figures, {"search": "unpaid work"}, ["figures", "--search", "unpaid work"]),
]


@pytest.mark.parametrize(("function", "keywords", "command"), CASES, ids=[" ".join(c[2]) for c in CASES])
def test_each_function_returns_its_commands_machine_rows_and_notes(
    function: Any, keywords: dict[str, Any], command: list[str]
) -> None:
    rows, notes = machine(*command)
    answer = function(**keywords)
    assert list(answer) == rows
    assert answer.notes == notes
    if rows:
        assert answer.columns == list(rows[0])


def test_the_count_of_who_is_inadequate_now_is_the_commands() -> None:
    listed = run("list", "--rating", "inadequate", "--latest", "-f", "csv", "--no-header")
    assert len(api.ratings(rating="inadequate", latest=True)) == len(listed.stdout.splitlines()) > 0


@pytest.mark.slow
def test_the_issues_one_liner_prints_the_commands_count() -> None:
    printed = run_python("from hmip_cli import api; print(len(api.ratings(rating='inadequate', latest=True)))")
    listed = run("list", "--rating", "inadequate", "--latest", "-f", "csv", "--no-header")
    assert int(printed) == len(listed.stdout.splitlines())


def test_every_filter_resolve_filters_takes_is_a_keyword() -> None:
    parameters = set(inspect.signature(resolve_filters).parameters) - {"conn", "default_standards"}
    assert set(api.FILTERS.values()) == parameters
    assert {"rating", "year", "type", "region", "service", "standard", "round", "sector", "published", "latest"} <= set(
        api.FILTERS
    )


def test_fields_view_and_db_work_as_the_options_do(own_db: Path) -> None:
    picked = api.ratings(rating="good", fields=["service", "rating"], db=own_db, limit=3)
    rows, _ = machine("list", "--rating", "good", "--fields", "service,rating", "--db", own_db, "--limit", "3")
    assert list(picked) == rows and picked.columns == ["service", "rating"]
    changes = api.compare(year=["1", "2"], view="changes")
    rows, _ = machine("compare", "-y", "1", "-y", "2", "--view", "changes")
    assert list(changes) == rows


def test_a_bad_value_is_the_commands_usage_error_and_an_unknown_keyword_a_type_error() -> None:
    with pytest.raises(UsageError, match="--rating"):
        api.ratings(rating="brilliant")
    with pytest.raises(UsageError, match="matches no service"):
        api.ratings(service="camdn", strict=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        api.ratings(colour="red")
    with pytest.raises(TypeError, match="'rating'"):
        api.league(rating="good")  # `hmip league` has no --rating either


def test_to_pandas_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match="pip install pandas"):
        api.ratings(limit=1).to_pandas()


def test_to_pandas_keeps_the_rows_columns_and_notes() -> None:
    pytest.importorskip("pandas")
    answer = api.summary(by="standard", sector="probation")
    frame = answer.to_pandas()
    assert list(frame.columns) == answer.columns
    assert len(frame) == len(answer)
    assert frame.attrs["notes"] == answer.notes


def test_rows_is_a_sequence_of_dicts() -> None:
    answer = api.ratings(rating="inadequate")
    assert answer[0] == answer.rows[0] and answer[:2] == answer.rows[:2]
    assert repr(answer).startswith(f"<Rows: {len(answer)} rows of service, provider_type")
    assert answer.titles and answer.titles[0].startswith("Overall ratings Inadequate")


@pytest.mark.parametrize("command", ["list", "compare", "league", "summary", "coverage", "figures", "gaps"])
def test_fields_are_those_the_commands_fields_option_takes(command: str) -> None:
    names = api.fields(command)
    assert names and "view" not in names
    several_views = {
        "compare": ["compare", "-y", "1", "-y", "2", "--view", "distribution"],
        "coverage": ["coverage", "--view", "coverage"],
    }
    args = several_views.get(command, [command])
    chosen = [n for n in names if n in {"service", "year", "sector", "rating", "measure", "rank", "axis"}][:1] or names[
        :1
    ]
    result = run(*args, "--fields", chosen[0], "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == chosen[0]
    assert api.fields("sql") == []
