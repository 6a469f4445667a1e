"""Query functions on the bundled database, without the CLI: plain data in, plain views out."""

from __future__ import annotations

import csv
import itertools
import sqlite3
from collections.abc import Iterator

import pytest
from helpers import ROOT, SHIPPED_DB, SOURCE_CSV

from hmip_cli.errors import UsageError
from hmip_cli.queries.compare import compare as compare_years
from hmip_cli.queries.filters import resolve_filters
from hmip_cli.queries.league import league_table
from hmip_cli.queries.listing import list_ratings
from hmip_cli.queries.show import find_service, show_service
from hmip_cli.queries.summary import summarise
from hmip_cli.store.connection import open_read
from hmip_cli.store.locations import Location
from hmip_cli.tabular import Result


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = open_read(Location(SHIPPED_DB, "--db"))
    yield connection
    connection.close()


def view_rows(result: Result, name: str) -> list[dict[str, object]]:
    view = next(v for v in result.views if v.name == name)
    keys = [c.key for c in view.columns]
    return [dict(zip(keys, row, strict=True)) for row in view.rows]


def counts(row: dict[str, object]) -> tuple[object, ...]:
    return (row["outstanding"], row["good"], row["requires_improvement"], row["inadequate"])


def test_compare_reproduces_hmips_published_probation_figures(conn: sqlite3.Connection) -> None:
    filters = resolve_filters(conn, years=["1", "2"], types=["CRC", "nps"])
    result = compare_years(conn, filters, "overall")
    first, _second = view_rows(result, "distribution")
    assert first["year"] == "2018/19"
    assert first["services"] == 28
    assert counts(first) == (0, 6, 21, 1)


def test_crcs_reinspected_in_2019_20_were_all_requires_improvement_before(conn: sqlite3.Connection) -> None:
    filters = resolve_filters(conn, years=["2018/19", "2019-20"], types=["CRC"])
    changes = view_rows(compare_years(conn, filters, "overall", paired_only=True), "changes")
    assert len(changes) >= 8
    assert {c["from_rating"] for c in changes} == {"Requires improvement"}
    assert all(c["from_year"] == "2018/19" and c["to_year"] == "2019/20" for c in changes)


def test_youth_services_2019_20_match_hmip(conn: sqlite3.Connection) -> None:
    filters = resolve_filters(conn, years=["1", "2"], types=["YOT"])
    second = view_rows(compare_years(conn, filters, "overall"), "distribution")[1]
    assert (second["year"], second["services"], *counts(second)) == ("2019/20", 16, 1, 6, 8, 1)


def test_paired_services_are_paired_by_service_id_not_name(conn: sqlite3.Connection) -> None:
    filters = resolve_filters(conn, years=["1", "2"])
    changes = view_rows(compare_years(conn, filters, "overall"), "changes")
    ids = [c["service_id"] for c in changes]
    assert len(ids) == len(set(ids))
    transitions = view_rows(compare_years(conn, filters, "overall"), "transitions")
    assert sum(sum(counts(t)) + t["not_recorded"] for t in transitions) == len(changes)  # type: ignore[operator]


def test_compare_needs_two_years(conn: sqlite3.Connection) -> None:
    with pytest.raises(UsageError, match="two or more values of one axis"):
        compare_years(conn, resolve_filters(conn, years=["1", "2018/19"]), "overall")


def test_unknown_year_lists_years_present(conn: sqlite3.Connection) -> None:
    with pytest.raises(UsageError, match=r"years present: 1 = 2018/19, 2 = 2019/20"):
        resolve_filters(conn, years=["2031/32"])
    with pytest.raises(UsageError, match="not a programme year"):
        resolve_filters(conn, years=["2018/20"])


def test_list_inadequate_matches_the_source_csv(conn: sqlite3.Connection) -> None:
    with SOURCE_CSV.open(newline="", encoding="utf-8") as handle:
        expected = sorted(
            r["service"] for r in csv.DictReader(handle) if r["standard"] == "overall" and r["rating"] == "Inadequate"
        )
    result = list_ratings(conn, resolve_filters(conn, ratings=["INADEQUATE"]))
    services = sorted(r["service"] for r in view_rows(result, "ratings"))  # type: ignore[type-var]
    assert services == expected
    assert len(expected) > 0


@pytest.mark.parametrize("value", ["'; DROP TABLE ratings; --", "%", "_", '" OR 1=1', "SELECT"])
def test_filter_values_are_data_not_sql(conn: sqlite3.Connection, value: str) -> None:
    result = list_ratings(conn, resolve_filters(conn, services=[value], regions=[value]))
    assert view_rows(result, "ratings") == []
    assert conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 495


def test_list_standard_all_and_domain(conn: sqlite3.Connection) -> None:
    everything = view_rows(list_ratings(conn, resolve_filters(conn, standards=["all"])), "ratings")
    assert len(everything) == 495
    supervision = view_rows(list_ratings(conn, resolve_filters(conn, domains=["case supervision"])), "ratings")
    assert supervision and {r["standard"] for r in supervision} <= {
        "assessment",
        "planning",
        "implementation-and-delivery",
        "reviewing",
        "court-work",
    }
    by_code = view_rows(list_ratings(conn, resolve_filters(conn, standards=["4.2"])), "ratings")
    assert {r["standard"] for r in by_code} == {"through-the-gate"}


def test_league_ranks_by_overall_alone_and_lists_by_mean_points_of_the_standards_known(
    conn: sqlite3.Connection,
) -> None:
    rows = view_rows(league_table(conn, resolve_filters(conn, years=["1"], types=["CRC"])), "league")
    points = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}

    def order(r: dict[str, object]) -> tuple[int, int, float]:
        mean = r["mean_points"]
        return (-points[str(r["overall"])], mean is None, -float(mean or 0))  # type: ignore[arg-type]

    keys = [(*order(r), str(r["service"]).lower()) for r in rows]
    assert keys == sorted(keys)
    assert rows[0]["rank"] == 1 and len(rows) == 21
    for position, (before, after) in enumerate(itertools.pairwise(rows), start=2):
        # the rank is the overall rating's tier, numbered by the rows above it; means only order it
        if before["overall"] == after["overall"]:
            assert after["rank"] == before["rank"]
        else:
            assert after["rank"] == position


def test_not_recorded_never_weighs_like_inadequate(conn: sqlite3.Connection) -> None:
    rows = {r["service"]: r for r in view_rows(league_table(conn, resolve_filters(conn, years=["1"])), "league")}
    norfolk, essex = rows["Norfolk and Suffolk CRC"], rows["Essex CRC"]
    assert norfolk["overall"] == essex["overall"] == "Requires improvement"
    assert (norfolk["mean_points"], norfolk["standards_known"]) == (0.6, 5)
    assert (essex["mean_points"], essex["standards_known"]) == (None, 0)
    assert norfolk["rank"] == essex["rank"]


def test_summary_by_standard_puts_the_weakest_first(conn: sqlite3.Connection) -> None:
    rows = view_rows(summarise(conn, resolve_filters(conn), "standard", "overall"), "by_standard")
    shares = [r["share_ri_or_inadequate"] for r in rows if r["share_ri_or_inadequate"] is not None]
    assert shares == sorted(shares, reverse=True)
    assert all(r["standard"] != "overall" for r in rows)


def test_show_finds_a_service_by_any_name_it_had(conn: sqlite3.Connection) -> None:
    assert find_service(conn, "camden yos") == find_service(conn, "Camden YJS") == "camden-yos"
    inspections = view_rows(show_service(conn, "camden-yos"), "inspections")
    assert [i["service"] for i in inspections] == ["Camden YOS", "Camden YJS"]
    with pytest.raises(UsageError, match=r"matches .* services"):
        find_service(conn, "york")


def test_completion_offers_values_from_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    from hmip_cli.queries.completion import candidates

    monkeypatch.setenv("HMIP_DB", str(SHIPPED_DB))
    assert candidates("service", "camd") == ["Camden YJS", "Camden YOS"]
    assert candidates("year", "") == ["2018/19", "2019/20"]
    assert candidates("standard", "through") == ["through-the-gate"]
    monkeypatch.setenv("HMIP_DB", str(ROOT / "no-such.sqlite"))
    assert candidates("service", "") == []
