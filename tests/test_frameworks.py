"""Frameworks as data: which standards apply to which provider type, and imports that respect it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SHIPPED_DB, init_db, rows, run, sha256

from hmip_cli.schemas.frameworks import (
    OVERALL,
    ProviderType,
    check_standard,
    frameworks,
    get_framework,
    parse_provider_type,
    resolve_standard_name,
)

LONG_HEADER = "service,provider_type,framework,standard,standard_code,rating\n"


def slugs(framework: str, provider: ProviderType) -> list[str]:
    return [s.slug for s in get_framework(framework).standards_for(provider)]


def test_the_six_frameworks() -> None:
    assert list(frameworks()) == [
        "probation-2018",
        "pdu-2021",
        "probation-2023",
        "youth-2018",
        "youth-2021",
        "youth-2024",
    ]


def test_crc_and_nps_share_the_core_standards_but_not_the_specific_ones() -> None:
    crc, nps = slugs("probation-2018", ProviderType.CRC), slugs("probation-2018", ProviderType.NPS)
    core = [
        "leadership",
        "staff",
        "services",
        "information-and-facilities",
        "assessment",
        "planning",
        "implementation-and-delivery",
        "reviewing",
    ]
    assert crc == [*core, "unpaid-work", "through-the-gate"]
    assert nps == [*core, "court-reports-and-case-allocation", "victim-work"]


def test_codes_are_those_printed_in_the_2018_reports() -> None:
    codes = {s.slug: s.code for s in get_framework("probation-2018").standards}
    assert codes["assessment"] == "2.1"
    assert codes["through-the-gate"] == "4.2"
    assert all(s.code is None for s in get_framework("pdu-2021").standards)


def codes(framework: str) -> dict[str, str | None]:
    return {s.slug: s.code for s in get_framework(framework).standards}


def test_youth_codes_number_the_sections_and_keep_court_and_out_of_court_apart() -> None:
    organisational = ["governance-and-leadership", "staff", "partnerships-and-services", "information-and-facilities"]
    court = ["court-assessment", "court-planning", "court-implementation-and-delivery", "court-reviewing"]
    out_of_court = ["ooc-assessment", "ooc-planning", "ooc-implementation-and-delivery"]
    common = {
        **{slug: f"1.{n}" for n, slug in enumerate(organisational, start=1)},
        **{slug: f"2.{n}" for n, slug in enumerate(court, start=1)},
        **{slug: f"3.{n}" for n, slug in enumerate(out_of_court, start=1)},
    }
    assert codes("youth-2018") == {**common, "ooc-joint-working": "3.4"}
    assert codes("youth-2021") == {**common, "ooc-policy-and-provision": "3.4", "resettlement": "4.1"}


@pytest.mark.parametrize("framework", ["pdu-2021", "probation-2023", "youth-2024"])
def test_frameworks_whose_codes_no_source_prints_keep_none(framework: str) -> None:
    assert set(codes(framework).values()) <= {None}


def test_every_code_is_unique_within_its_framework_and_provider_type() -> None:
    for framework in frameworks().values():
        for provider in framework.provider_types:
            numbered = [s.code for s in framework.standards_for(provider) if s.code]
            assert len(numbered) == len(set(numbered)), (framework.slug, provider)


def test_youth_2021_replaces_joint_working_and_adds_resettlement() -> None:
    youth_2018 = slugs("youth-2018", ProviderType.YOT)
    youth_2021 = slugs("youth-2021", ProviderType.YOT)
    assert len(youth_2018) == 12 and youth_2018[-1] == "ooc-joint-working"
    assert "ooc-joint-working" not in youth_2021
    assert youth_2021 == [*youth_2018[:11], "ooc-policy-and-provision", "resettlement"]
    assert slugs("youth-2024", ProviderType.YOT) == []


def test_regions_and_pdus_have_different_2023_standards() -> None:
    assert "desistance" in slugs("probation-2023", ProviderType.REGION)
    assert "desistance" not in slugs("probation-2023", ProviderType.PDU)
    assert "assessment" in slugs("probation-2023", ProviderType.PDU)
    assert "assessment" not in slugs("probation-2023", ProviderType.REGION)


def test_through_the_gate_on_an_nps_division_is_an_error_naming_what_is_accepted() -> None:
    framework = get_framework("probation-2018")
    assert check_standard(framework, ProviderType.CRC, "through-the-gate") is not None
    with pytest.raises(ValueError) as caught:
        check_standard(framework, ProviderType.NPS, "through-the-gate")
    message = str(caught.value)
    assert "'through-the-gate' is not in probation-2018 for NPS services" in message
    accepted = message.split("(accepted: ", 1)[1].rstrip(")").split(", ")
    assert accepted == [OVERALL, *slugs("probation-2018", ProviderType.NPS)]


def test_a_provider_type_the_framework_does_not_inspect() -> None:
    with pytest.raises(ValueError, match=r"probation-2018 does not inspect PDU services \(accepted: CRC, NPS\)"):
        check_standard(get_framework("probation-2018"), ProviderType.PDU, OVERALL)


def test_overall_is_in_every_framework_for_its_providers() -> None:
    for framework in frameworks().values():
        for provider in framework.provider_types:
            assert check_standard(framework, provider, OVERALL) is None


def test_unknown_framework() -> None:
    with pytest.raises(ValueError, match=r"unknown framework 'probation-2019' \(accepted: probation-2018, pdu-2021"):
        get_framework("probation-2019")
    assert get_framework(" Probation-2018 ").slug == "probation-2018"


@pytest.mark.parametrize(
    ("text", "expected"), [("crc", "CRC"), ("Nps", "NPS"), (" pdu ", "PDU"), ("REGION", "region"), ("yot", "YOT")]
)
def test_provider_type_in_any_case(text: str, expected: str) -> None:
    assert parse_provider_type(text).value == expected


def test_unknown_provider_type_names_the_accepted_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown provider type 'YJS' \(accepted: CRC, NPS, PDU, region, YOT\)"):
        parse_provider_type("YJS")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("2.1", "assessment"),
        ("Through the Gate", "through-the-gate"),
        ("through_the_gate", "through-the-gate"),
        ("Statutory victim work", "victim-work"),
        ("Staffing", "staff"),
        ("OVERALL", "overall"),
    ],
)
def test_standard_by_slug_code_or_name(text: str, slug: str) -> None:
    assert resolve_standard_name(text) == slug


def test_database_reference_tables_are_frameworks_toml() -> None:
    expected = sorted(
        (f.slug, p.value, s.slug, s.code, s.name, s.domain, position)
        for f in frameworks().values()
        for p in f.provider_types
        for position, s in enumerate(f.standards_for(p), start=1)
    )
    assert rows(SHIPPED_DB, "SELECT * FROM standards ORDER BY 1, 2, 3, 4, 5, 6, 7") == expected
    assert rows(SHIPPED_DB, "SELECT slug, provider_types FROM frameworks ORDER BY slug") == sorted(
        (f.slug, ",".join(p.value for p in f.provider_types)) for f in frameworks().values()
    )


def import_text(tmp_path: Path, name: str, text: str) -> tuple[int, str, str, Path]:
    db = init_db(tmp_path / "db.sqlite", empty=True)
    before = sha256(db)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("import", path, "--db", db)
    if result.exit_code != 0:
        assert sha256(db) == before
    return result.exit_code, result.stdout, result.stderr, path


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "long.csv",
            LONG_HEADER
            + "Test NPS,NPS,probation-2018,overall,,Good\nTest NPS,NPS,probation-2018,through-the-gate,,Good\n",
            3,
        ),
        ("code.csv", LONG_HEADER + "Test NPS,NPS,probation-2018,4.2,,Good\n", 2),
        ("name.csv", LONG_HEADER + "Test NPS,NPS,probation-2018,Through the Gate,,Good\n", 2),
        (
            "wide.csv",
            "service,provider_type,framework,overall,through-the-gate\n"
            "A CRC,CRC,probation-2018,Good,Good\n"
            "Test NPS,NPS,probation-2018,Good,Good\n",
            3,
        ),
        (
            "x.json",
            '[\n{"service": "Test NPS", "provider_type": "NPS", "framework": "probation-2018",\n'
            ' "ratings": {"through-the-gate": "Good"}}\n]',
            2,
        ),
        (
            "x.ndjson",
            '{"service": "A CRC", "provider_type": "CRC", "framework": "probation-2018",'
            ' "ratings": {"through-the-gate": "Good"}}\n'
            '{"service": "Test NPS", "provider_type": "NPS", "framework": "probation-2018",'
            ' "ratings": {"through-the-gate": "Good"}}\n',
            2,
        ),
    ],
)
def test_through_the_gate_on_an_nps_division_is_refused_in_every_format(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    code, out, err, path = import_text(tmp_path, name, text)
    assert code == 3
    assert out == ""
    problems = err.splitlines()
    assert problems[0].startswith(
        f"{path}:{line}: standard: "
        "standard 'through-the-gate' is not in probation-2018 for NPS services (accepted: overall, "
    )
    assert problems[-1] == "hmip: 1 problem; nothing was written"
    assert len(problems) == 2


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        pytest.param(
            "Test PDU,PDU,probation-2023,desistance,,Good",
            "standard: standard 'desistance' is not in probation-2023 for PDU services (accepted: overall, "
            "leadership, staff, services, assessment, planning, implementation-and-delivery, reviewing)",
            id="a standard of another provider type in 2023",
        ),
        pytest.param(
            "A YOT,YOT,probation-2018,overall,,Good",
            "provider_type: framework probation-2018 does not inspect YOT services (accepted: CRC, NPS)",
            id="a provider type the framework does not inspect",
        ),
        pytest.param(
            "A CRC,CRC,probation-2018,assessment,2.2,Good",
            "standard_code: '2.2' is not the code of assessment in probation-2018 (accepted: 2.1)",
            id="a wrong standard code",
        ),
    ],
)
def test_a_row_its_framework_does_not_allow_is_refused(tmp_path: Path, row: str, problem: str) -> None:
    code, out, err, path = import_text(tmp_path, "r.csv", LONG_HEADER + row + "\n")
    assert (code, out) == (3, "")
    assert err == f"{path}:2: {problem}\nhmip: 1 problem; nothing was written\n"


def test_standards_given_by_code_or_name_are_stored_by_slug_with_their_code(tmp_path: Path) -> None:
    code, out, err, _ = import_text(
        tmp_path,
        "ok.csv",
        LONG_HEADER + "A CRC,CRC,probation-2018,2.1,,Good\nA CRC,CRC,probation-2018,Through the Gate,,RI\n"
        "A CRC,CRC,probation-2018,OVERALL,,Good\n",
    )
    assert (code, out) == (0, ""), err
    assert rows(tmp_path / "db.sqlite", "SELECT standard, standard_code, rating FROM ratings ORDER BY 1") == [
        ("assessment", "2.1", "Good"),
        ("overall", None, "Good"),
        ("through-the-gate", "4.2", "Requires improvement"),
    ]


def test_the_same_standard_twice_by_slug_and_code_is_one_standard(tmp_path: Path) -> None:
    code, out, err, path = import_text(
        tmp_path,
        "d.csv",
        LONG_HEADER + "A CRC,CRC,probation-2018,assessment,,Good\nA CRC,CRC,probation-2018,2.1,,Inadequate\n",
    )
    assert (code, out) == (3, "")
    assert re.match(
        rf"{re.escape(str(path))}:3: rating: a second assessment rating for inspection a-crc-probation-2018 ", err
    )


def test_a_youth_code_means_the_youth_standard_of_that_number(tmp_path: Path) -> None:
    code, out, err, _ = import_text(
        tmp_path,
        "youth.csv",
        LONG_HEADER + "A YOT,YOT,youth-2021,2.1,,Good\nA YOT,YOT,youth-2021,3.1,,Inadequate\n"
        "A YOT,YOT,youth-2021,resettlement,,Good\nA YOT,YOT,youth-2021,ooc-policy-and-provision,3.4,Good\n",
    )
    assert (code, out) == (0, ""), err
    assert rows(tmp_path / "db.sqlite", "SELECT standard, standard_code, rating FROM ratings ORDER BY 2") == [
        ("court-assessment", "2.1", "Good"),
        ("ooc-assessment", "3.1", "Inadequate"),
        ("ooc-policy-and-provision", "3.4", "Good"),
        ("resettlement", "4.1", "Good"),
    ]


def test_a_youth_rating_with_the_code_of_another_standard_is_refused(tmp_path: Path) -> None:
    code, out, err, path = import_text(
        tmp_path, "y.csv", LONG_HEADER + "A YOT,YOT,youth-2018,ooc-assessment,2.1,Good\n"
    )
    assert (code, out) == (3, "")
    assert err.splitlines()[0] == (
        f"{path}:2: standard_code: '2.1' is not the code of ooc-assessment in youth-2018 (accepted: 3.1)"
    )


def test_the_shipped_youth_ratings_carry_their_codes() -> None:
    found = rows(
        SHIPPED_DB,
        "SELECT DISTINCT i.framework, r.standard, r.standard_code"
        " FROM ratings r JOIN inspections i USING (inspection_id)"
        " WHERE i.framework IN ('youth-2018', 'youth-2021') AND r.standard <> 'overall'",
    )
    assert found
    for framework, standard, standard_code in found:
        assert standard_code == codes(str(framework))[str(standard)]
