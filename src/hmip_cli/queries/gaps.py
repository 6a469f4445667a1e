"""Inspections known to have taken place whose rating is not recorded here (known_inspections.csv)."""

from __future__ import annotations

# A known inspection stops being a gap once a rating for it is imported.
UNRECORDED_FROM = (
    "known_inspections k WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.inspection_id = k.inspection_id)"
)
