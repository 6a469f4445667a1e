"""The SQLite schema, as sqlite-utils migrations (the reference data it carries: reference.py)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from hmip_cli.store.figures import m002_figures
from hmip_cli.store.record_tables import m006_record_tables
from hmip_cli.store.reference import DIGESTS_TABLE
from hmip_cli.store.release import m007_data_release
from hmip_cli.store.schema_names import MIGRATION_SET
from hmip_cli.store.views import create_views

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Database) -> None:
    db.table("frameworks").create(
        {"slug": str, "name": str, "period": str, "provider_types": str},
        pk="slug",
        not_null={"name", "period", "provider_types"},
    )
    db.table("standards").create(
        {
            "framework": str,
            "provider_type": str,
            "slug": str,
            "code": str,
            "name": str,
            "domain": str,
            "position": int,
        },
        pk=("framework", "provider_type", "slug"),
        not_null={"name", "domain", "position"},
        foreign_keys=[("framework", "frameworks", "slug")],
    )
    db.table("services").create({"service_id": str, "name": str}, pk="service_id", not_null={"name"})
    db.table("inspections").create(
        {
            "inspection_id": str,
            "service_id": str,
            "service": str,
            "provider_type": str,
            "region": str,
            "framework": str,
            "inspection_year": str,
            "fieldwork_start": str,
            "published": str,
        },
        pk="inspection_id",
        not_null={"service_id", "service", "provider_type", "framework"},
        foreign_keys=[("service_id", "services", "service_id"), ("framework", "frameworks", "slug")],
    )
    db.table("ratings").create(
        {
            "inspection_id": str,
            "standard": str,
            "standard_code": str,
            "rating": str,
            "points": int,
            "source_url": str,
            "note": str,
        },
        pk=("inspection_id", "standard"),
        not_null={"rating", "points"},
        foreign_keys=[("inspection_id", "inspections", "inspection_id")],
    )
    # Indexes serve the filters `hmip list` offers (see tests/test_query_plans.py).
    db.table("ratings").create_index(["standard", "rating"])
    db.table("ratings").create_index(["rating"])
    db.table("inspections").create_index(["inspection_year"])
    db.table("inspections").create_index(["provider_type"])
    db.table("inspections").create_index(["service_id"])
    db.table("inspections").create_index(["framework"])


migrations()(m002_figures)


@migrations()
def m003_views(db: Database) -> None:
    create_views(db)


# The default `hmip list` order (queries/listing.py DEFAULT_SORT, unknown values last), as an
# index SQLite can walk instead of sorting every row; tests/test_query_plans.py holds the match.
LISTING_ORDER_INDEX = "idx_inspections_listing_order"
LISTING_ORDER_COLUMNS = (
    "inspection_year IS NULL, inspection_year, published IS NULL, published,"
    " service COLLATE NOCASE IS NULL, service COLLATE NOCASE, inspection_id"
)


@migrations()
def m004_listing_order(db: Database) -> None:
    db.execute(f"CREATE INDEX IF NOT EXISTS {LISTING_ORDER_INDEX} ON inspections ({LISTING_ORDER_COLUMNS})")


@migrations()
def m005_reference_digests(db: Database) -> None:
    # the digest of the data each reference table was copied from (store/reference.py)
    db.table(DIGESTS_TABLE).create({"name": str, "digest": str}, pk="name", not_null={"digest"})


migrations()(m006_record_tables)


migrations()(m007_data_release)


@migrations()
def m008_sector_views(db: Database) -> None:
    # the views gain `sector` and `source_kind` columns, and the inspection_details,
    # sourced_ratings and unrecorded_inspections views that queries read (store/views.py)
    create_views(db)
