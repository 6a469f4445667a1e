"""A small sourced record, built with `hmip db build` as data/findings.sqlite is: rated inspections
from HMIP's own pages and from elsewhere, a ceased CRC and NPS division beside a PDU and a youth
service, HMIP's published score for one inspection, and one inspection known but not rated here."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT, run, write

HMIP = "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases"
RATINGS = (
    "inspection_id,service_id,service,provider_type,region,framework,inspection_year,fieldwork_start,"
    "published,standard,standard_code,rating,source_url,note\n"
    f"alpha-crc-2018-19,alpha-crc,Alpha CRC,CRC,North West,probation-2018,2018/19,,2018-09,overall,,"
    f"Requires improvement,{HMIP}/2018/09/alpha,\n"
    "beta-crc-2018-19,beta-crc,Beta CRC,CRC,London,probation-2018,2018/19,,2019-02,overall,,Inadequate,"
    "https://www.example-news.co.uk/beta-crc-inadequate,local news\n"
    "beta-crc-2018-19,beta-crc,Beta CRC,CRC,London,probation-2018,2018/19,,2019-02,leadership,,Inadequate,"
    "https://www.example-news.co.uk/beta-crc-inadequate,local news\n"
    f"gamma-nps-2018-19,gamma-nps,Gamma NPS,NPS,Wales,probation-2018,2018/19,,2019-05,overall,,Good,"
    f"https://justiceinspectorates.gov.uk/hmiprobation/gamma,\n"
    f"alpha-crc-2019-20,alpha-crc,Alpha CRC,CRC,North West,probation-2018,2019/20,,2020-01,overall,,Inadequate,"
    f"{HMIP}/2020/01/alpha,\n"
    f"zeta-crc-2018-19,zeta-crc,Zeta CRC,CRC,London,probation-2018,2018/19,,2019-01,overall,,Good,"
    f"{HMIP}/2019/01/zeta,\n"
    "delta-pdu-2022-08,delta-pdu,Delta PDU,PDU,North West,pdu-2021,,,2022-08,overall,,Inadequate,"
    "https://hmiprobation.justiceinspectorates.gov.uk/?p=1,\n"
    "epsilon-yos-2019-20,epsilon-yos,Epsilon YOS,YOT,Wales,youth-2018,2019/20,,2019-11,overall,,Good,"
    "https://www.example-council.gov.uk/epsilon,council news\n"
)
SCORES = (
    "inspection_id,score,out_of,source_title,source_published,source_url\n"
    "delta-pdu-2022-08,2,27,HMIP press release,2022-08,https://hmiprobation.justiceinspectorates.gov.uk/?p=1\n"
)
KNOWN = (
    "inspection_id,service_id,service,provider_type,region,framework,inspection_year,published,"
    "source_url,source_title,note\n"
    "zeta-crc-2019-20,zeta-crc,Zeta CRC,CRC,London,probation-2018,2019/20,,,Chief Inspector's presentation,"
    "re-inspected; its rating is in no source we hold\n"
)
PROVIDER_TYPES = (ROOT / "data" / "source" / "provider_types.csv").read_text(encoding="utf-8")


def source_dir(directory: Path, *, scores: str | None = SCORES, known: str | None = KNOWN) -> Path:
    """The fixture's CSVs in `directory` (a file given as None is left out); returns ratings.csv."""
    directory.mkdir(parents=True, exist_ok=True)
    ratings = write(directory / "ratings.csv", RATINGS)
    write(directory / "provider_types.csv", PROVIDER_TYPES)
    if scores is not None:
        write(directory / "scores.csv", scores)
    if known is not None:
        write(directory / "known_inspections.csv", known)
    return ratings


def build_record(directory: Path) -> Path:
    """The fixture database, built from its CSVs as the shipped one is."""
    out = directory / "record.sqlite"
    result = run("db", "build", out, "--source", source_dir(directory / "source"))
    assert result.exit_code == 0, result.stderr
    return out
