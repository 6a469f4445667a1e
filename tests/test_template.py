"""`hmip template FRAMEWORK`: the long import layout with every standard of the framework and
`overall`, ratings empty; filled in and imported, it records what was filled and counts the rest."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import init_db, rows, run, write

from hmip_cli.schemas.frameworks import ProviderType, frameworks, get_framework
from hmip_cli.schemas.records import LONG_COLUMNS

URL = "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/camden2024/"
CAMDEN = ("--service", "Camden YJS", "--published", "2024-05-14", "--source", URL)


def template_rows(*args: str) -> list[dict[str, str]]:
    code, out, err = run("template", *args)
    assert (code, err) == (0, ""), err
    return list(csv.DictReader(io.StringIO(out)))


def test_youth_2021_has_its_13_standards_with_codes_and_overall() -> None:
    found = template_rows("youth-2021", "-f", "csv", *CAMDEN)
    standards = get_framework("youth-2021").standards_for(ProviderType.YOT)
    assert len(standards) == 13
    assert [(r["standard"], r["standard_code"]) for r in found] == [
        ("overall", ""),
        *((s.slug, s.code) for s in standards),
    ]
    assert all(r["rating"] == "" for r in found)
    assert {(r["service"], r["provider_type"], r["framework"], r["published"], r["source_url"]) for r in found} == {
        ("Camden YJS", "YOT", "youth-2021", "2024-05-14", URL)
    }


def test_the_header_is_the_long_import_layout() -> None:
    code, out, _ = run("template", "youth-2021")
    assert code == 0
    assert out.splitlines()[0] == ",".join(LONG_COLUMNS)


def fill(text: str, ratings: dict[str, str]) -> str:
    table = list(csv.DictReader(io.StringIO(text)))
    for row in table:
        row["rating"] = ratings.get(row["standard"], "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(LONG_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return out.getvalue()


def test_three_ratings_filled_in_are_recorded_and_the_rest_left_empty(tmp_path: Path) -> None:
    _, out, _ = run("template", "youth-2021", "-f", "csv", *CAMDEN)
    filled = write(
        tmp_path / "camden.csv",
        fill(out, {"overall": "Good", "court-assessment": "RI", "resettlement": "outstanding"}),
    )
    db = init_db(tmp_path / "db.sqlite", empty=True)
    code, out, err = run("import", filled, "--db", db)
    assert (code, out) == (0, ""), err
    assert err == f"3 added, 0 changed, 0 unchanged (1 new inspections), 11 left empty in {db}\n"
    assert rows(db, "SELECT standard, standard_code, rating, source_url FROM ratings ORDER BY standard") == [
        ("court-assessment", "2.1", "Requires improvement", URL),
        ("overall", None, "Good", URL),
        ("resettlement", "4.1", "Outstanding", URL),
    ]
    assert rows(db, "SELECT inspection_id, service, published FROM inspections") == [
        ("camden-yjs-2024-05", "Camden YJS", "2024-05-14")
    ]


def test_an_unfilled_template_imports_as_nothing_recorded(tmp_path: Path) -> None:
    _, out, _ = run("template", "youth-2021", *CAMDEN)
    db = init_db(tmp_path / "db.sqlite", empty=True)
    code, _, err = run("import", "-", "--db", db, "--dry-run", input=out)
    assert code == 0, err
    assert err.startswith(
        "dry run, nothing written: 0 added, 0 changed, 0 unchanged (0 new inspections), 14 left empty"
    )


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_templates_import_too(tmp_path: Path, fmt: str) -> None:
    code, out, _ = run("template", "youth-2018", "-f", fmt, *CAMDEN)
    assert code == 0
    records = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    assert len(records) == 1 and len(records[0]["ratings"]) == 13
    records[0]["ratings"]["ooc-joint-working"]["rating"] = "Inadequate"
    text = json.dumps(records) if fmt == "json" else "".join(json.dumps(r) + "\n" for r in records)
    db = init_db(tmp_path / "db.sqlite", empty=True)
    result = run("import", write(tmp_path / f"t.{fmt}", text), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stderr and "12 left empty" in result.stderr
    assert rows(db, "SELECT standard, standard_code, rating FROM ratings") == [
        ("ooc-joint-working", "3.4", "Inadequate")
    ]


@pytest.mark.parametrize(
    ("framework", "provider"),
    [(f.slug, p.value) for f in frameworks().values() for p in f.provider_types],
)
def test_every_framework_and_type_fills_in_and_imports_whole(tmp_path: Path, framework: str, provider: str) -> None:
    _, out, _ = run("template", framework, "--type", provider, *CAMDEN)
    standards = get_framework(framework).standards_for(ProviderType(provider))
    db = init_db(tmp_path / "db.sqlite", empty=True)
    filled = fill(out, {s: "Good" for s in ["overall", *(s.slug for s in standards)]})
    result = run("import", "-", "--db", db, input=filled)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"{len(standards) + 1} added, 0 changed, 0 unchanged (1 new inspections) in ")


def test_nps_and_crc_templates_differ_in_their_own_standards() -> None:
    nps = [r["standard_code"] for r in template_rows("probation-2018", "--type", "nps")]
    crc = [r["standard_code"] for r in template_rows("probation-2018", "--type", "CRC")]
    assert nps[-2:] == ["3.1", "3.2"] and crc[-2:] == ["4.1", "4.2"]


def test_a_service_id_alone_takes_the_name_the_database_holds(tmp_path: Path) -> None:
    found = template_rows("youth-2021", "--service-id", "camden-yos", "--db", init_db(tmp_path / "db.sqlite"))
    assert {(r["service_id"], r["service"]) for r in found} == {("camden-yos", "Camden YOS")}


def test_youth_2024_is_the_overall_rating_only_and_says_so() -> None:
    code, out, err = run("template", "youth-2024")
    assert code == 0
    assert [line.split(",")[9] for line in out.splitlines()[1:]] == ["overall"]
    assert "youth-2024's standards are not recorded here" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["probation-2018"],
            "hmip: error: --type: probation-2018 inspects several provider types: give --type (accepted: CRC, NPS)",
        ),
        (
            ["youth-2021", "--type", "CRC"],
            "hmip: error: --type: youth-2021 does not inspect CRC services (accepted: YOT)",
        ),
        (["youth-2025"], "hmip: error: FRAMEWORK: unknown framework 'youth-2025' (accepted: probation-2018, "),
        (["youth-2021", "--published", "2024-13"], "hmip: error: --published: no such date: '2024-13'"),
        (["youth-2021", "--source", "example.org/x"], "hmip: error: --source: not a web address: 'example.org/x'"),
        (["youth-2021", "--service-id", "no-such-yjs"], "hmip: error: --service-id 'no-such-yjs': no such service"),
        (["youth-2021", "-f", "table"], "hmip: error: "),
    ],
)
def test_bad_options_are_usage_errors_with_nothing_on_stdout(args: list[str], message: str) -> None:
    code, out, err = run("template", *args)
    assert (code, out) == (2, "")
    assert err.startswith(message), err
    assert len(err.splitlines()) == 1
