"""The database's views are what queries read: each rule they carry (a provider type's sector, a
source's kind) is written once, in store/views.py, from the data that states it, and agrees with
the Python rule and the shipped record files."""

from __future__ import annotations

from pathlib import Path

from helpers import SHIPPED_DB, rows, run, write
from record_fixture import PROVIDER_TYPES, source_dir

from hmip_cli.schemas.frameworks import SECTOR_OF
from hmip_cli.schemas.sources import source_kind

VIEWS = ("inspection_details", "sourced_ratings", "rating_details", "inspection_ratings", "unrecorded_inspections")


def test_the_shipped_database_has_every_view() -> None:
    names = {name for (name,) in rows(SHIPPED_DB, "SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert set(VIEWS) <= names


def test_every_inspection_and_rating_has_the_sector_its_provider_type_is_in() -> None:
    for view in ("inspection_details", "rating_details", "unrecorded_inspections"):
        found = rows(SHIPPED_DB, f"SELECT DISTINCT provider_type, sector FROM {view}")
        assert found, view
        assert {(p, s) for p, s in found} == {(p, SECTOR_OF[p].value) for p, _ in found}, view
    (count,) = rows(SHIPPED_DB, "SELECT count(*) FROM inspection_details WHERE sector IS NULL")[0]
    assert count == 0


def test_the_views_and_the_provider_types_table_agree_on_sectors() -> None:
    assert (
        rows(
            SHIPPED_DB,
            "SELECT DISTINCT i.provider_type FROM inspection_details i JOIN provider_types t USING (provider_type)"
            " WHERE t.sector != i.sector",
        )
        == []
    )


def test_a_ratings_source_kind_in_the_views_is_pythons() -> None:
    for view in ("sourced_ratings", "rating_details"):
        found = rows(SHIPPED_DB, f"SELECT source_url, source_kind FROM {view}")
        assert len(found) == 495
        assert all(kind == source_kind(str(url) if url is not None else None).value for url, kind in found), view
    assert {kind for _, kind in rows(SHIPPED_DB, "SELECT source_url, source_kind FROM sourced_ratings")} == {
        "hmip",
        "secondary",
    }


def test_the_views_keep_their_earlier_columns_first() -> None:
    # scripts that read rating_details by position keep working: the new columns come last
    columns = [r[1] for r in rows(SHIPPED_DB, "PRAGMA table_info(rating_details)")]
    assert columns[-2:] == ["sector", "source_kind"]
    assert columns[:15] == [
        *("inspection_id", "service_id", "service", "provider_type", "region", "framework"),
        *("inspection_year", "fieldwork_start", "published", "standard", "standard_code", "rating"),
        *("points", "source_url", "note"),
    ]


def test_a_database_before_the_sector_views_is_told_to_migrate_and_gains_them(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from hmip_cli.store.schema import migrations

    old = tmp_path / "old.sqlite"
    db = Database(old)
    migrations.apply(db, stop_before="m008_sector_views")
    db.close()
    result = run("list", "--db", old)
    assert result.exit_code == 1
    assert "run `hmip db migrate`" in result.stderr
    assert run("db", "migrate", "--db", old).exit_code == 0
    names = {name for (name,) in rows(old, "SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert set(VIEWS) <= names
    assert [r[1] for r in rows(old, "PRAGMA table_info(inspection_details)")][-1] == "sector"


def test_provider_types_csv_cannot_give_a_type_another_sector(tmp_path: Path) -> None:
    ratings = source_dir(tmp_path / "src")
    write(tmp_path / "src" / "provider_types.csv", PROVIDER_TYPES.replace("CRC,probation,", "CRC,youth,"))
    out = tmp_path / "out.sqlite"
    result = run("db", "build", out, "--source", ratings)
    assert (result.exit_code, result.stdout) == (3, "")
    assert f"{tmp_path / 'src' / 'provider_types.csv'}:2: sector: youth is not the sector of CRC" in result.stderr
    assert "(accepted: probation)" in result.stderr
    assert not out.exists()


def test_db_info_counts_by_the_views_sector() -> None:
    result = run("db", "info", "--db", SHIPPED_DB, "--view", "by_sector", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    sectors = {line.split(",")[1] for line in result.stdout.splitlines()[1:]}
    assert sectors == {"probation", "youth"}
