"""The tables of the files beside ratings.csv: HMIP's published scores, inspections known but not
rated here, and the operating periods of provider types. All three are reference data: written
whole, in one function, from the files (read by schemas/record_files.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmip_cli.schemas.record_files import KnownInspection, ProviderTypePeriod

if TYPE_CHECKING:
    from sqlite_utils import Database

    from hmip_cli.schemas.record_files import RecordFiles

# Codes and dates are TEXT, declared: sqlite-utils would otherwise guess from the values.
_TEXT = str


def m006_record_tables(db: Database) -> None:
    db.table("scores").create(
        {
            "inspection_id": _TEXT,
            "score": int,
            "out_of": int,
            "source_title": _TEXT,
            "source_published": _TEXT,
            "source_url": _TEXT,
        },
        pk="inspection_id",
        not_null={"score", "out_of", "source_url"},
    )
    db.table("known_inspections").create(
        {name: _TEXT for name in KnownInspection.COLUMNS},
        pk="inspection_id",
        not_null={"service_id", "service", "provider_type", "source_title"},
    )
    db.table("provider_types").create(
        {name: _TEXT for name in ProviderTypePeriod.COLUMNS},
        pk="provider_type",
        not_null={"sector", "name"},
    )


def write_record_tables(db: Database, files: RecordFiles) -> None:
    """Replace the three tables' rows with the files'; run inside a transaction."""
    db.execute("DELETE FROM scores")
    db.execute("DELETE FROM known_inspections")
    db.execute("DELETE FROM provider_types")
    db.table("scores").insert_all(s.model_dump(mode="json") for s in files.scores)
    db.table("known_inspections").insert_all(k.model_dump(mode="json") for k in files.known_inspections)
    db.table("provider_types").insert_all(p.model_dump(mode="json") for p in files.provider_types)
