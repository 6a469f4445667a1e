"""The start-up floor of hmip's stack: a minimal typer 0.29 app with six options.

It runs the query `hmip list --rating inadequate --format tsv` runs and prints the rows as TSV,
with nothing else: no command tree, no filters resolved, no notes. Typer builds a Pydantic
TypeAdapter for each option when it parses (typer/_coercion.py), so any typer 0.29 program pays
for importing pydantic; this is what that costs with six options and one query.

Usage: python bench/typer_floor.py --db FILE --rating Inadequate
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from typing import Annotated

import typer

SQL = (
    "SELECT i.service, i.provider_type, i.region, i.inspection_year, i.published, "
    "r.standard, r.rating, r.source_url, r.note "
    "FROM ratings r JOIN inspections i ON i.inspection_id = r.inspection_id "
    "WHERE r.standard = 'overall' AND r.rating = ? "
    "ORDER BY i.inspection_year IS NULL, i.inspection_year, i.published IS NULL, i.published, i.service"
)

app = typer.Typer(add_completion=False)


@app.command()
def main(
    db: Annotated[str, typer.Option("--db")],
    rating: Annotated[list[str] | None, typer.Option("--rating")] = None,
    year: Annotated[list[str] | None, typer.Option("--year")] = None,
    provider_type: Annotated[list[str] | None, typer.Option("--type")] = None,
    region: Annotated[list[str] | None, typer.Option("--region")] = None,
    limit: Annotated[int | None, typer.Option("--limit")] = None,
) -> None:
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(
        ["service", "provider_type", "region", "year", "published", "standard", "rating", "source_url", "note"]
    )
    writer.writerows(conn.execute(SQL, [(rating or ["Inadequate"])[0]]))


if __name__ == "__main__":
    app()
