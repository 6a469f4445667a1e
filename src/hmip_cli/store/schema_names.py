"""Schema identity, kept apart from schema.py so read-only commands need not import sqlite-utils."""

MIGRATION_SET = "hmip"
MIGRATIONS_TABLE = "_sqlite_migrations"
# Every migration this hmip knows, oldest first; schema.py registers exactly these.
KNOWN_MIGRATIONS: tuple[str, ...] = (
    "m001_initial",
    "m002_figures",
    "m003_views",
    "m004_listing_order",
    "m005_reference_digests",
    "m006_record_tables",
    "m007_data_release",
    "m008_sector_views",
)
