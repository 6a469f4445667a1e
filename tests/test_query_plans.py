"""The filters `hmip list` offers are served by an index: no full scan of ratings or inspections."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from helpers import run

from hmip_cli.queries.filters import Filters
from hmip_cli.queries.listing import order_by
from hmip_cli.store.schema import LISTING_ORDER_INDEX

PROVIDERS = {"CRC": "probation-2018", "NPS": "probation-2018", "PDU": "pdu-2021", "YOT": "youth-2018"}
STANDARDS = {
    "probation-2018": ("assessment", "planning"),
    "pdu-2021": ("assessment", "court-work"),
    "youth-2018": ("staff", "court-planning"),
}
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
YEARS = ("2018/19", "2019/20", "2020/21")


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plans")
    source = folder / "ratings.csv"
    chooser = random.Random(5)
    lines = ["service,provider_type,framework,inspection_year,standard,rating"]
    for index in range(3000):
        provider = chooser.choice(list(PROVIDERS))
        framework = PROVIDERS[provider]
        year = chooser.choice(YEARS)
        for standard in ("overall", *STANDARDS[framework]):
            lines.append(
                f"Service {index} {provider},{provider},{framework},{year},{standard},{chooser.choice(RATINGS)}"
            )
    source.write_text("\n".join(lines) + "\n")
    path = folder / "big.sqlite"
    assert run("db", "init", "--empty", "--db", path).exit_code == 0
    result = run("import", source, "--db", path)
    assert result.exit_code == 0, result.stderr
    return path


FILTERS = {
    "rating": Filters(ratings=("Inadequate",)),
    "year": Filters(years=("2019/20",)),
    "type": Filters(types=("CRC",)),
    "framework": Filters(frameworks=("pdu-2021",)),
    "standard": Filters(standards=("assessment",)),
    "rating, every standard": Filters(ratings=("Good",), standards=()),
    "year and type": Filters(years=("2018/19",), types=("YOT",)),
}


@pytest.mark.parametrize("name", FILTERS)
def test_main_filters_use_an_index(big_db: Path, name: str) -> None:
    where, params = FILTERS[name].where(alias="r")
    sql = f"SELECT * FROM rating_details r WHERE {where} ORDER BY {order_by(())}"
    conn = sqlite3.connect(big_db)
    try:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    finally:
        conn.close()
    # the one scan allowed walks the listing-order index, which holds the year, date and
    # service: it tests those on the index itself and saves sorting what it keeps
    assert not [step for step in plan if step.startswith("SCAN") and LISTING_ORDER_INDEX not in step], plan
    assert any("USING INDEX" in step for step in plan), plan
