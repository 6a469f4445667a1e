"""How ratings look in the terminal: colours, plus words, so nothing depends on colour alone."""

from __future__ import annotations

RATING_STYLES: dict[str, str] = {
    "Outstanding": "bold green",
    "Good": "green",
    "Requires improvement": "yellow",
    "Inadequate": "bold red",
    "Not recorded": "dim",
}

STRIP_LETTERS: dict[str, str] = {"O": "Outstanding", "G": "Good", "R": "Requires improvement", "I": "Inadequate"}
