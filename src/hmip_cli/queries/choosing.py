"""Choosing among known names by the words a user typed (--topic, --domain)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hmip_cli.errors import UsageError
from hmip_cli.schemas.ratings import normalise_words


def choose_each(
    texts: Sequence[str], matches: Callable[[str], list[str]], refusal: Callable[[str], str]
) -> tuple[str, ...]:
    """Every name each text matches (`matches` gets its normalised words), in order and once; a
    text that matches none is a usage error saying `refusal(text)`."""
    chosen: list[str] = []
    for text in texts:
        found = matches(normalise_words(text))
        if not found:
            raise UsageError(refusal(text))
        chosen.extend(name for name in found if name not in chosen)
    return tuple(chosen)
