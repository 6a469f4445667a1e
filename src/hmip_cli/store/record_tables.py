"""The tables of the files beside ratings.csv: HMIP's published scores, inspections known but not
rated here, and the operating periods of provider types. All three are reference data
(store/reference.py): copied from the shipped files, kept in step with them by digest, and
written whole from a source directory's files by `hmip db build`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hmip_cli.schemas.record_files import KnownInspection, ProviderTypePeriod, PublishedScore, RecordFile

if TYPE_CHECKING:
    from sqlite_utils import Database

    from hmip_cli.ingest.record_files import RecordFiles

# Each table and the model of its file's rows.
RECORD_TABLES: dict[str, type[RecordFile]] = {
    "scores": PublishedScore,
    "known_inspections": KnownInspection,
    "provider_types": ProviderTypePeriod,
}


def m006_record_tables(db: Database) -> None:
    # Codes and dates are declared TEXT: sqlite-utils would otherwise guess from the values.
    db.table("scores").create(
        {name: int if name in ("score", "out_of") else str for name in PublishedScore.COLUMNS},
        pk="inspection_id",
        not_null={"score", "out_of", "source_url"},
    )
    db.table("known_inspections").create(
        dict.fromkeys(KnownInspection.COLUMNS, str),
        pk="inspection_id",
        not_null={"service_id", "service", "provider_type", "source_title"},
    )
    db.table("provider_types").create(
        dict.fromkeys(ProviderTypePeriod.COLUMNS, str),
        pk="provider_type",
        not_null={"sector", "name"},
    )


def shipped_file_bytes(table: str) -> bytes:
    """The shipped file a record table is copied from, as bytes (its reference digest is of these)."""
    from hmip_cli.store.locations import bundled_source

    return bundled_source(RECORD_TABLES[table].FILE).read_bytes()


def shipped_rows(table: str) -> Iterable[dict[str, Any]]:
    """A record table's rows as the shipped file states them."""
    from hmip_cli.ingest.record_files import read_record_file
    from hmip_cli.store.locations import bundled_source

    model = RECORD_TABLES[table]
    return (row.model_dump(mode="json") for row in read_record_file(bundled_source(model.FILE), model))


def write_record_tables(db: Database, files: RecordFiles) -> None:
    """Replace the three tables' rows with a source directory's files; run inside a transaction."""
    for table in RECORD_TABLES:
        db.execute(f"DELETE FROM [{table}]")
        db.table(table).insert_all(row.model_dump(mode="json") for row in getattr(files, table))
