"""The record, whole and honest (issue 19): every known gap named, every secondary source marked,
HMIP's own score shown as HMIP's, and no ceased service presented as current. Each point on a
small fixture database built as the shipped one is, and on the shipped data's own figures."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run, write
from hypothesis import given
from hypothesis import strategies as st
from record_fixture import build_record

from hmip_cli.schemas.sources import HMIP_HOSTS, SECONDARY_MARK, SourceKind, source_kind
from hmip_cli.store.views import source_kind_sql


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_record(tmp_path_factory.mktemp("record"))


def table_of(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


# ---- source kind: decided from the URL, one rule ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.justiceinspectorates.gov.uk/hmiprobation/x", "hmip"),
        ("http://justiceinspectorates.gov.uk/hmiprobation/x", "hmip"),
        ("https://hmiprobation.justiceinspectorates.gov.uk/?p=1", "hmip"),
        ("HTTPS://WWW.JusticeInspectorates.gov.uk", "hmip"),
        ("https://justiceinspectorates.gov.uk#top", "hmip"),
        ("https://justiceinspectorates.gov.uk.example.com/", "secondary"),
        ("https://justiceinspectorates.gov.uk@example.com/", "secondary"),
        ("https://justiceinspectorates.gov.uk:x@example.com/", "secondary"),
        ("https://example.com\\@justiceinspectorates.gov.uk/", "secondary"),
        ("https://example.com/?u=https://justiceinspectorates.gov.uk/", "secondary"),
        ("https://inspectorates-staging.bang-on.net/hmiprobation/x", "secondary"),
        ("ftp://justiceinspectorates.gov.uk/", "secondary"),
        ("justiceinspectorates.gov.uk/hmiprobation", "secondary"),
        (None, "secondary"),
    ],
)
def test_a_source_is_hmips_only_when_a_browser_surely_opens_hmips_site(url: str | None, kind: str) -> None:
    assert source_kind(url) == SourceKind(kind)


_URL_PARTS = st.sampled_from(
    ["http://", "https://", "HTTPS://", *HMIP_HOSTS, "WWW.", "evil.com", "@", ":", "/", "?", "#", ".", "\\", "K", "x"]
)


@given(st.lists(_URL_PARTS, max_size=8).map("".join) | st.text(max_size=40))
def test_sql_and_python_decide_alike(url: str) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    (kind,) = conn.execute(f"SELECT {source_kind_sql('?1')}", [url]).fetchone()
    assert kind == source_kind(url).value


def test_machine_output_carries_the_kind_and_a_filter_picks_one(record: Path) -> None:
    code, out, _ = run("list", "--db", record, "--fields", "service,source_kind", "-f", "csv")
    assert code == 0
    kinds = {r["service"]: r["source_kind"] for r in table_of(out)}
    assert kinds["Beta CRC"] == kinds["Epsilon YOS"] == "secondary"
    assert kinds["Alpha CRC"] == kinds["Gamma NPS"] == kinds["Delta PDU"] == "hmip"
    _, hmip_only, _ = run("list", "--db", record, "--source-kind", "hmip", "-f", "csv", "--fields", "service")
    _, secondary, _ = run("list", "--db", record, "--source-kind", "SECONDARY", "-f", "csv", "--fields", "service")
    assert sorted(r["service"] for r in table_of(secondary)) == ["Beta CRC", "Epsilon YOS"]
    assert len(table_of(hmip_only)) + len(table_of(secondary)) == len(kinds) + 1  # Alpha CRC twice
    code, _, err = run("list", "--db", record, "--source-kind", "news")
    assert code == 2 and "accepted: hmip, secondary" in err


def test_a_table_marks_a_secondary_rating_in_letters_with_its_key(record: Path) -> None:
    result = run("list", "--db", record, "--rating", "inadequate", "-f", "table", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    beta = next(i for i, line in enumerate(lines) if "Beta CRC" in line)
    assert f"Inadequate{SECONDARY_MARK}" in lines[beta]
    assert f"Inadequate{SECONDARY_MARK}" not in next(line for line in lines if "Delta PDU" in line)
    assert any(line.startswith(f"{SECONDARY_MARK} source not HMIP's own site") for line in lines)
    # machine output keeps the rating itself
    _, out, _ = run("list", "--db", record, "--rating", "inadequate", "-f", "csv")
    assert SECONDARY_MARK not in out


def test_no_mark_no_key(record: Path) -> None:
    result = run("list", "--db", record, "--source-kind", "hmip", "-f", "table", env={"COLUMNS": "120"})
    assert SECONDARY_MARK not in result.stdout


def test_aggregates_and_the_league_count_their_secondary_ratings(record: Path) -> None:
    _, _, err = run("league", "--db", record, "--year", "2018/19", "-f", "csv")
    assert "1 of the 4 overall ratings ranked rest on sources outside HMIP's site (†)" in err
    _, _, err = run("compare", "--db", record, "--year", "1", "--year", "2", "--sector", "youth", "-f", "csv")
    assert "1 of the 1 ratings counted rest on sources outside HMIP's site; --source-kind hmip" in err
    _, _, err = run("summary", "--db", record, "--sector", "probation", "-f", "csv")
    assert "1 of the 6 ratings counted rest on sources outside HMIP's site" in err
    # filtering by source narrows the counts, and the scope says so
    _, out, _ = run("league", "--db", record, "--year", "2018/19", "--source-kind", "hmip", "-f", "csv")
    assert "Beta CRC" not in out and "Alpha CRC" in out


def test_shipped_both_kinds_and_fewer_rows_from_hmip() -> None:
    _, out, _ = run("list", "--fields", "service,source_kind", "-f", "csv")
    kinds = [r["source_kind"] for r in table_of(out)]
    assert set(kinds) == {"hmip", "secondary"}
    assert kinds.count("secondary") == 59  # of the 275 overall ratings (data/source/README.md)
    _, hmip_only, _ = run("list", "--source-kind", "hmip", "-f", "csv")
    assert 0 < len(table_of(hmip_only)) < len(kinds)


# ---- HMIP's own score --------------------------------------------------------------------------------


def test_hmips_score_is_a_field_of_the_inspection_headed_as_hmips(record: Path) -> None:
    _, out, _ = run("list", "--db", record, "--fields", "service,score,score_out_of", "-f", "csv")
    scores = {r["service"]: (r["score"], r["score_out_of"]) for r in table_of(out)}
    assert scores["Delta PDU"] == ("2", "27")
    assert scores["Gamma NPS"] == ("", "")  # no source states one: empty, never computed
    _, out, _ = run("list", "--db", record, "--service", "delta", "--fields", "score,score_out_of", "-f", "json")
    assert json.loads(out) == [{"score": 2, "score_out_of": 27}]
    _, out, _ = run("show", "delta", "--db", record, "--view", "inspections", "-f", "json")
    (shown,) = json.loads(out)
    assert (shown["score"], shown["score_out_of"], shown["points"]) == (
        2,
        27,
        None,
    )  # no standard known: points empty, not 0 (issue 22)
    table = run("show", "delta", "--db", record, "--view", "inspections", "--wide", "-f", "table").stdout
    assert "HMIP's score" in table and "Points" in table
    _, out, _ = run(
        "league", "--db", record, "--round", "pdu-2021", "--fields", "service,score,score_out_of", "-f", "csv"
    )
    assert table_of(out) == [{"service": "Delta PDU", "score": "2", "score_out_of": "27"}]


def test_shipped_staffordshire_and_stoke_scored_two_of_27() -> None:
    result = run("list", "--service", "staffordshire and stoke", "--fields", "service,score,score_out_of", "-f", "csv")
    assert table_of(result.stdout) == [{"service": "Staffordshire and Stoke PDU", "score": "2", "score_out_of": "27"}]


# ---- services that exist now ----------------------------------------------------------------------------


def test_latest_leaves_ceased_services_out_and_counts_them(record: Path) -> None:
    code, out, err = run("list", "--db", record, "--rating", "inadequate", "--latest", "-f", "csv")
    assert code == 0
    assert [r["service"] for r in table_of(out)] == ["Delta PDU"]
    assert "2 ceased services left out (CRCs and NPS divisions, ceased June 2021); --include-ceased shows them" in err
    _, out, err = run("list", "--db", record, "--rating", "inadequate", "--latest", "--include-ceased", "-f", "csv")
    assert {r["service"] for r in table_of(out)} == {"Alpha CRC", "Beta CRC", "Delta PDU"}
    assert "ceased" not in err


def test_history_views_keep_every_inspection(record: Path) -> None:
    _, out, _ = run("list", "--db", record, "--rating", "inadequate", "-f", "csv", "--fields", "service")
    assert {r["service"] for r in table_of(out)} == {"Alpha CRC", "Beta CRC", "Delta PDU"}
    _, out, _ = run("league", "--db", record, "--round", "probation-2018", "-f", "csv", "--fields", "service")
    assert {r["service"] for r in table_of(out)} == {"Alpha CRC", "Beta CRC", "Gamma NPS", "Zeta CRC"}
    _, out, _ = run("compare", "--db", record, "--year", "1", "--year", "2", "--sector", "probation", "-f", "csv")
    assert "2018/19" in out and "2019/20" in out


def test_show_says_a_ceased_service_ceased_and_when(record: Path) -> None:
    _, _, err = run("show", "alpha", "--db", record, "-f", "csv")
    assert "Alpha CRC (alpha-crc) no longer operates: CRCs ceased in June 2021" in err
    _, _, err = run("show", "delta", "--db", record, "-f", "csv")
    assert "no longer operates" not in err


def test_shipped_inadequate_now_has_no_crc_or_nps() -> None:
    _, out, err = run("list", "--rating", "inadequate", "--latest", "-f", "csv")
    types = {r["provider_type"] for r in table_of(out)}
    assert types and not types & {"CRC", "NPS"}
    assert "ceased service" in err and "--include-ceased shows them" in err
    _, out, _ = run("list", "--latest", "--sector", "probation", "--include-ceased", "-f", "csv")
    _, _, err = run("list", "--latest", "--sector", "probation", "-f", "csv")
    ceased = sum(1 for r in table_of(out) if r["provider_type"] in ("CRC", "NPS"))
    assert f"{ceased} ceased services left out" in err
    assert ceased == 29


# ---- known gaps --------------------------------------------------------------------------------------------


def test_gaps_lists_known_inspections_with_their_evidence(record: Path) -> None:
    code, out, err = run("gaps", "--db", record, "-f", "csv")
    assert code == 0
    (gap,) = table_of(out)
    assert (gap["service"], gap["year"], gap["evidence"]) == ("Zeta CRC", "2019/20", "Chief Inspector's presentation")
    assert "none is inferred" in err
    assert table_of(run("gaps", "--db", record, "--sector", "youth", "-f", "csv").stdout) == []


def test_a_view_names_the_known_inspections_its_scope_lacks(record: Path) -> None:
    _, _, err = run("list", "--db", record, "--year", "2019/20", "--sector", "probation", "-f", "csv")
    assert "1 inspection in this scope known to have taken place but not recorded here: Zeta CRC (2019/20)" in err
    _, _, err = run("list", "--db", record, "--year", "2018/19", "-f", "csv")
    assert "not recorded here" not in err


def test_show_shows_the_known_inspection_as_not_recorded_here(record: Path) -> None:
    _, out, err = run("show", "zeta", "--db", record, "--view", "inspections", "-f", "csv")
    rows = {r["inspection_id"]: r for r in table_of(out)}
    assert rows["zeta-crc-2019-20"]["recorded"] == "not recorded here"
    assert rows["zeta-crc-2019-20"]["overall"] == ""  # no rating inferred
    assert rows["zeta-crc-2018-19"]["recorded"] == "yes"
    assert "Zeta CRC (2019/20): known to have taken place (Chief Inspector's presentation), not recorded here" in err


def test_history_charts_the_known_inspection_without_a_rating_or_a_none(record: Path) -> None:
    """The chart is drawn from the same record as `hmip show`: the unrecorded inspection is a
    column of its own, and an inspection with no standard known has no points, not `None pts`."""
    code, out, err = run("chart", "history", "zeta", "--db", record)
    assert code == 0, err
    assert "2019/20: not recorded here" in out
    assert "None" not in out
    headings = next(line for line in out.splitlines() if "2018/19" in line)
    assert headings.index("2018/19") < headings.index("2019/20")


def test_importing_the_rating_closes_the_gap(record: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.sqlite"
    mine.write_bytes(record.read_bytes())
    found = write(
        tmp_path / "zeta.csv",
        "inspection_id,service_id,service,provider_type,framework,inspection_year,standard,rating,source_url\n"
        "zeta-crc-2019-20,zeta-crc,Zeta CRC,CRC,probation-2018,2019/20,overall,Good,https://example.org/zeta\n",
    )
    assert run("import", found, "--db", mine).exit_code == 0
    assert table_of(run("gaps", "--db", mine, "-f", "csv").stdout) == []


def test_shipped_gaps_and_compares_2018_19_and_2019_20() -> None:
    code, out, _ = run("gaps", "-f", "csv")
    gaps = table_of(out)
    assert code == 0 and len(gaps) == 8
    assert all(g["evidence"] for g in gaps)
    _, _, err = run("compare", "--year", "1", "--year", "2", "--sector", "probation", "-f", "csv")
    assert "2018/19: HMIP published 0 / 6 / 21 / 1 (28); recorded here 0 / 6 / 21 / 1 (28)" in err
    assert "9 of HMIP's 10, 1 not recorded here: South Yorkshire CRC (2019/20)" in err


def test_show_of_a_service_known_only_by_an_unrecorded_inspection() -> None:
    code, out, err = run("show", "derbyshire yos", "--view", "inspections", "-f", "csv")
    assert code == 0, err
    (row,) = table_of(out)
    assert (row["inspection_id"], row["overall"], row["recorded"]) == (
        "derbyshire-yos-2022-09",
        "",
        "not recorded here",
    )
    assert "not recorded here; no rating is inferred" in err
