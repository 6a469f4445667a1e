"""Values for shell completion, read from the database in use; never an error while typing."""

from __future__ import annotations

from collections.abc import Sequence

from hmip_cli.errors import HmipError
from hmip_cli.schemas.frameworks import frameworks
from hmip_cli.schemas.name_matching import fold_name
from hmip_cli.store.connection import reading_database

_SQL = {
    "service": "SELECT name FROM services UNION SELECT service FROM inspections ORDER BY 1",
    "year": "SELECT DISTINCT inspection_year FROM inspections WHERE inspection_year IS NOT NULL ORDER BY 1",
    "region": "SELECT DISTINCT region FROM inspections WHERE region IS NOT NULL ORDER BY 1",
}


def matching(values: Sequence[str], incomplete: str) -> list[str]:
    """Values matching what has been typed, folded as the filters fold names (any case, accents,
    & for and): those starting with it first, then those with it anywhere (`tees` finds Durham
    Tees Valley CRC, `ynys mon` Gwynedd and Ynys Môn YJS), each group in the given order."""
    typed = fold_name(incomplete.strip().strip("'\"")) or ""
    folded = [(v, fold_name(v) or "") for v in values]
    starts = [v for v, f in folded if f.startswith(typed)]
    inside = [v for v, f in folded if typed in f and v not in starts]
    return starts + inside


def candidates(kind: str, incomplete: str) -> list[str]:
    """Known values of one kind that match what has been typed (any case, any part)."""
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
    return matching(values, incomplete)
