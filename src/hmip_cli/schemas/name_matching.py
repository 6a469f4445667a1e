"""Names compared as people type them: `hammersmith & fulham` is Hammersmith and Fulham, `ynys
mon` is Ynys Môn, `kings lynn` is King's Lynn, `stoke on trent` is Stoke-on-Trent.

One folding, used wherever a typed name meets a stored one: the --service and --region
filters (registered as an SQL function on every read connection), did-you-mean, `hmip show`.
"""

from __future__ import annotations

import re
import unicodedata

FOLD_FUNCTION = "hmip_fold_name"
"""The SQL name of fold_name on hmip's read connections."""

_APOSTROPHES = re.compile(r"['’‘`´]")
_AMPERSAND = re.compile(r"\s*&\s*")
_NOT_WORD = re.compile(r"[^\w]+|_+")


def fold_name(text: str | None) -> str | None:
    """Case, accents, `&` against `and`, apostrophes and other punctuation folded away; words
    joined by one space. Text with no word in it (`%`) stays itself, case-folded, so that it
    matches only itself, never every name. None stays None (SQL NULL)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _AMPERSAND.sub(" and ", _APOSTROPHES.sub("", plain.casefold()))
    words = " ".join(_NOT_WORD.sub(" ", plain).split())
    return words or text.strip().casefold()


def name_contains(name: str, typed: str) -> bool:
    """`typed` is part of `name`, as fold_name sees them."""
    return (fold_name(typed) or "") in (fold_name(name) or "")
