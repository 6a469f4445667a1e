"""`hmip standards`: the frameworks as data, and the rating scale."""

from __future__ import annotations

from collections.abc import Sequence

from hmip_cli.errors import UsageError
from hmip_cli.schemas.frameworks import frameworks
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST
from hmip_cli.tabular import Column, Result, View, shared


def standards_reference(framework_names: Sequence[str] = ()) -> Result:
    known = frameworks()
    wanted = [n.strip().lower() for n in framework_names] or list(known)
    for name in wanted:
        if name not in known:
            raise UsageError(f"--framework {name!r}: unknown framework (accepted: {', '.join(known)})")
    rows = [
        (f.slug, f.period, provider.value, s.domain, s.code, s.slug, s.name)
        for f in (known[n] for n in wanted)
        for provider in f.provider_types
        for s in f.standards_for(provider)
    ]
    standards = View(
        "standards",
        "Standards by framework and provider type",
        (
            *shared("framework", "period", "provider_type"),
            # the standards are what is asked for: their names stay longest
            Column("domain", "Domain", priority=2),
            Column("code", "Code", "short", priority=0),
            Column("standard", "Slug", priority=3),
            Column("name", "Name", priority=0),
        ),
        rows,
        notes=[
            f"{f.slug}: its standards are not recorded here, only its overall ratings"
            for f in (known[n] for n in wanted)
            if not f.standards
        ],
    )
    scale = View(
        "scale",
        "Rating scale",
        (Column("rating", "Rating", "rating"), Column("points", "Points", "int")),
        [(r.value, r.points) for r in RATINGS_BEST_FIRST],
    )
    return Result([standards, scale], tag_views=True)
