"""How strong a rating's source is: `hmip` when its URL is a page of HMIP's own site, else
`secondary` (news, a council, a blog, a copy of a report elsewhere).

Decided here only, from the URL, by one rule that Python and SQL (the views' `source_kind`,
store/views.py) apply alike: the URL is
http(s)://HOST with HOST one of HMIP_HOSTS (ASCII case ignored), followed by nothing or by `/`,
`?` or `#`. Then the host a browser opens is HMIP's, whatever follows. Anything else is
secondary, including what a browser might still take to HMIP (a port, user information, a
trailing dot, an encoded host): a weaker fact is never shown as a stronger one.
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    HMIP = "hmip"
    SECONDARY = "secondary"


# HMIP's own site: the justiceinspectorates.gov.uk pages (with and without www) and HMIP's other
# domain, hmiprobation.justiceinspectorates.gov.uk. Lower case.
_INSPECTORATES = "justiceinspectorates.gov.uk"
HMIP_HOSTS: tuple[str, ...] = tuple(f"{sub}{_INSPECTORATES}" for sub in ("", "www.", "hmiprobation."))
HMIP_PREFIXES: tuple[str, ...] = tuple(scheme + host for scheme in ("http://", "https://") for host in HMIP_HOSTS)
HOST_ENDS: tuple[str, ...] = ("", "/", "?", "#")
"""What may follow an HMIP prefix: the host has ended there."""
SECONDARY_MARK = "†"
SECONDARY_KEY = f"{SECONDARY_MARK} source not HMIP's own site (news, a council, a copy elsewhere): a weaker fact"
ACCEPTED_SOURCE_KINDS = ", ".join(k.value for k in SourceKind)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def source_kind(url: str | None) -> SourceKind:
    """The kind of a source URL (no URL: secondary, since nothing shows it is HMIP's)."""
    if url is None:
        return SourceKind.SECONDARY
    lowered = url.translate(_ASCII_LOWER)  # as SQLite's lower(): ASCII letters only
    for prefix in HMIP_PREFIXES:
        if lowered.startswith(prefix) and lowered[len(prefix) : len(prefix) + 1] in HOST_ENDS:
            return SourceKind.HMIP
    return SourceKind.SECONDARY


def parse_source_kind(text: object) -> SourceKind:
    wanted = str(text).strip().lower()
    for kind in SourceKind:
        if kind.value == wanted:
            return kind
    raise ValueError(f"unknown source kind {text!r} (accepted: {ACCEPTED_SOURCE_KINDS})")
