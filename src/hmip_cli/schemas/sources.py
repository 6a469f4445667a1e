"""How strong a rating's source is: `hmip` when its URL is a page of HMIP's own site, else
`secondary` (news, a council, a blog, a copy of a report elsewhere).

Decided here only, from the URL, by one rule that Python and SQL apply alike: the URL is
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
HMIP_HOSTS: tuple[str, ...] = (
    "justiceinspectorates.gov.uk",
    "www.justiceinspectorates.gov.uk",
    "hmiprobation.justiceinspectorates.gov.uk",
)
_SCHEMES = ("http://", "https://")
_ENDS_HOST = ("", "/", "?", "#")
SECONDARY_MARK = "†"
SECONDARY_KEY = f"{SECONDARY_MARK} source not HMIP's own site (news, a council, a copy elsewhere): a weaker fact"
ACCEPTED_SOURCE_KINDS = ", ".join(k.value for k in SourceKind)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def source_kind(url: str | None) -> SourceKind:
    """The kind of a source URL (no URL: secondary, since nothing shows it is HMIP's)."""
    if url is None:
        return SourceKind.SECONDARY
    lowered = url.translate(_ASCII_LOWER)  # as SQLite's lower(): ASCII letters only
    for prefix in (scheme + host for scheme in _SCHEMES for host in HMIP_HOSTS):
        if lowered.startswith(prefix) and lowered[len(prefix) : len(prefix) + 1] in _ENDS_HOST:
            return SourceKind.HMIP
    return SourceKind.SECONDARY


def source_kind_sql(column: str) -> str:
    """An SQL expression giving the kind of a source-URL column, by the same rule as source_kind.
    `LIKE 'prefix%'` ignores ASCII case as lower() does (no prefix holds `%` or `_`), and stops at
    the first character that differs: several times cheaper than lowering each whole URL."""
    tests = []
    for prefix in (scheme + host for scheme in _SCHEMES for host in HMIP_HOSTS):
        n = len(prefix)
        ends = ", ".join(f"'{end}'" for end in _ENDS_HOST)
        tests.append(f"({column} LIKE '{prefix}%' AND substr({column}, {n + 1}, 1) IN ({ends}))")
    return f"(CASE WHEN {' OR '.join(tests)} THEN 'hmip' ELSE 'secondary' END)"


def parse_source_kind(text: object) -> SourceKind:
    wanted = str(text).strip().lower()
    for kind in SourceKind:
        if kind.value == wanted:
            return kind
    raise ValueError(f"unknown source kind {text!r} (accepted: {ACCEPTED_SOURCE_KINDS})")
