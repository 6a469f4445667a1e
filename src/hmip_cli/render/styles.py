"""How ratings look in the terminal: colours, plus words, so nothing depends on colour alone."""

from __future__ import annotations

# Table text uses the terminal's own named colours: four hues (cyan, green, yellow, red) that
# stay apart in 16-colour and 256-colour terminals alike. The words carry the meaning.
RATING_STYLES: dict[str, str] = {
    "Outstanding": "bold cyan",
    "Good": "green",
    "Requires improvement": "yellow",
    "Inadequate": "bold red",
    "Not recorded": "dim",
}

STRIP_LETTERS: dict[str, str] = {"O": "Outstanding", "G": "Good", "R": "Requires improvement", "I": "Inadequate"}

# Charts (terminal and the report's SVG share these). A diverging palette that stays apart for
# the common colour-vision deficiencies; every chart also labels cells with letters or patterns.
CHART_COLOURS: dict[str, str] = {
    "Outstanding": "#1a9850",
    "Good": "#91cf60",
    "Requires improvement": "#fdae61",
    "Inadequate": "#d73027",
    "Not recorded": "#d9d9d9",
}
CHART_INK: dict[str, str] = {
    "Outstanding": "#ffffff",
    "Good": "#000000",
    "Requires improvement": "#000000",
    "Inadequate": "#ffffff",
    "Not recorded": "#404040",
}
# A 16-colour terminal would get the nearest of its colours to each of the above, and Inadequate's
# red comes out yellow beside Requires improvement's bright yellow: there, four named hues instead.
CHART_COLOURS_16: dict[str, str] = {
    "Outstanding": "blue",
    "Good": "green",
    "Requires improvement": "yellow",
    "Inadequate": "red",
    "Not recorded": "bright_black",
}
CHART_INK_16: dict[str, str] = {
    "Outstanding": "bright_white",
    "Good": "black",
    "Requires improvement": "black",
    "Inadequate": "bright_white",
    "Not recorded": "white",
}


def chart_palette(color_system: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(cell colours, ink colours) for a terminal's colour system, as Rich names it."""
    if color_system in ("standard", "windows"):
        return CHART_COLOURS_16, CHART_INK_16
    return CHART_COLOURS, CHART_INK


# Without colour (NO_COLOR, or not a terminal) bars are drawn in patterns, darker for better.
CHART_PATTERNS: dict[str, str] = {
    "Outstanding": "█",
    "Good": "▓",
    "Requires improvement": "▒",
    "Inadequate": "░",
    "Not recorded": "·",
}
CHART_LETTERS: dict[str, str] = {name: letter for letter, name in STRIP_LETTERS.items()} | {"Not recorded": "·"}
CHART_SHORT: dict[str, str] = {
    "Outstanding": "O",
    "Good": "G",
    "Requires improvement": "RI",
    "Inadequate": "I",
    "Not recorded": "NR",
}
