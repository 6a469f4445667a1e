"""Values for shell completion, read from the database in use; never an error while typing."""

from __future__ import annotations

from hmip_cli.errors import HmipError
from hmip_cli.schemas.frameworks import frameworks
from hmip_cli.store.connection import reading_database

_SQL = {
    "service": "SELECT name FROM services UNION SELECT service FROM inspections ORDER BY 1",
    "year": "SELECT DISTINCT inspection_year FROM inspections WHERE inspection_year IS NOT NULL ORDER BY 1",
    "region": "SELECT DISTINCT region FROM inspections WHERE region IS NOT NULL ORDER BY 1",
}


def candidates(kind: str, incomplete: str) -> list[str]:
    """Known values of one kind that start with what has been typed (any case)."""
    if kind == "standard":
        values = sorted({"overall", "all", *(s.slug for f in frameworks().values() for s in f.standards)})
    elif kind == "framework":
        values = list(frameworks())
    else:
        try:
            with reading_database(None) as conn:
                values = [row[0] for row in conn.execute(_SQL[kind])]
        except HmipError:
            return []
    typed = incomplete.lower()
    return [v for v in values if v.lower().startswith(typed)]
