"""Text as it may be stored: NFC, with no control or invisible format characters.

A name with a zero-width space looks like another service's name but is not equal to it, and
`Ynys Môn` typed with a combining accent (NFD) is another string from the precomposed one
(NFC); a TAB, CR or LF inside a field forges a row in TSV and splits it for line-based tools.
So every imported text value is normalised to NFC, and a control character (C0, C1, DEL, the
Unicode line and paragraph separators) or a format character (Unicode category Cf: zero-width
characters, bidi controls, the BOM, the soft hyphen) is a located problem. They are refused
rather than removed: removing one silently would store a value that differs from the file it
came from, and the author is better told where it is. Only a note keeps line breaks and tabs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

NOTE_BREAKS = frozenset("\t\n\r\u2028\u2029")
"""What a note (and only a note) may hold that other fields may not: TAB, and line breaks (CR,
LF and Unicode's line and paragraph separators)."""

_SPOKEN_NAMES = {"\t": "TAB", "\n": "LF", "\r": "CR", "\x1b": "ESC", "\x7f": "DEL", "\x00": "NUL"}


def describe_character(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`, `U+0009 TAB`: a character named so it can be found."""
    name = _SPOKEN_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def text_problem(value: str, *, line_breaks: bool = False) -> str | None:
    """Why `value` cannot be stored as text, or None. `line_breaks`: NOTE_BREAKS are allowed.

    NUL is left to the readers, which refuse it for the whole line before any field is read (a
    second problem for the same byte would only repeat theirs)."""
    if value.isprintable():  # the C-speed path nearly every value takes
        return None
    for position, char in enumerate(value, start=1):
        if char.isprintable() or (line_breaks and char in NOTE_BREAKS) or char == "\x00":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp"):
            accepted = (
                "text, TAB, CR and LF"
                if line_breaks
                else "text without control characters; only a note holds line breaks"
            )
            return f"a control character, {describe_character(char)}, at character {position} (accepted: {accepted})"
        if category in ("Cf", "Cs"):
            return (
                f"an invisible format character, {describe_character(char)}, at character {position} "
                "(accepted: visible text, without zero-width, direction or other format characters)"
            )
    return None  # spaces other than U+0020, private use and unassigned characters are text


def plain_text(value: str, *, line_breaks: bool = False) -> str:
    """`value` in NFC; ValueError (a located problem, once the caller adds the place) if it holds
    a control or format character (see the module's docstring)."""
    problem = text_problem(value, line_breaks=line_breaks)
    if problem is not None:
        raise ValueError(problem)
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def plain(value: Any) -> Any:
    """`plain_text` for text; anything else (a JSON number, None) is left to the field's own type."""
    return plain_text(value) if isinstance(value, str) else value


def plain_mapping(values: Mapping[str, Any], multiline: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every text value of a record normalised, or a ValueError naming the first bad field as
    `field: message` (the form model-level problems take)."""
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            try:
                value = plain_text(value, line_breaks=name in multiline)
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None
        checked[name] = value
    return checked


def escape_invisible(text: str) -> str:
    """Control and format characters of `text` written as `\\x1b` / `\\u200b` escapes, so a message
    that quotes a bad value names it without acting on the terminal it reaches."""
    if text.isprintable():
        return text
    return "".join(
        char
        if char.isprintable() or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
        else (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        for char in text
    )
