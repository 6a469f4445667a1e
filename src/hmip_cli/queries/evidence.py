"""How much a count rests on: a distribution, share or ranking over fewer services than a
threshold says so beside its number, rather than look like a whole year's picture."""

from __future__ import annotations

from hmip_cli.tabular import Column

DEFAULT_MIN_SERVICES = 5
"""Fewer services than this and a distribution, share or rank is marked too few to compare."""

EVIDENCE = Column("evidence", "Evidence", priority=1, hidden_when_blank=True)
"""`2 services — too few to compare` where a row rests on too few services, else empty."""


def thin(services: int, min_services: int, *, counted: bool = True) -> str | None:
    """The words a row over too few rated services carries (`2 services — too few to compare`;
    without the count where the row shows it beside), or None when there are enough or none."""
    if services >= min_services or services == 0:
        return None
    if not counted:
        return "too few to compare"
    return f"{services} service{'' if services == 1 else 's'} — too few to compare"


def threshold_note(min_services: int) -> str:
    return (
        f"too few to compare: fewer than {min_services} services rated, so its shares are no picture"
        " of the whole (--min-services sets the threshold)"
    )
