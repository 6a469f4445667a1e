"""Completion candidates written so that no shell can expand them, in whatever quote the user
has open.

A completion is inserted into the command line the user then runs, so a stored name holding
`$(…)`, a backtick or `!` must arrive as text: for bash, hmip quotes each candidate for the
quoting context of the word being completed (none, `'` or `"`); zsh and fish quote what they
insert themselves, so hmip only hands them each candidate intact (as a `$'…'` word for zsh's
`eval`, one line for fish). A value holding a control or format character is never offered: it
cannot be typed back, and a line break would split it into two candidates.
"""

from __future__ import annotations

import re

from hmip_cli.schemas.text import text_problem

_BARE_UNSAFE = re.compile(r"([^\w@%+=:,./-])")
_DOUBLE_QUOTED_SPECIAL = re.compile(r'([\\$`"])')


def can_offer(value: str) -> bool:
    """A value with no control or format character (one that can be typed back exactly)."""
    return "\x00" not in value and text_problem(value) is None


def open_quote(line: str) -> str | None:
    """The quote (`'` or `"`) left open at the end of `line`, as bash reads it, or None."""
    quote: str | None = None
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif quote == "'":
            quote = None if char == "'" else quote
        elif char == "\\":
            escaped = True
        elif quote == '"':
            quote = None if char == '"' else quote
        elif char in "'\"":
            quote = char
    return quote


def bash_word(value: str, quote: str | None) -> str:
    """`value` as text to insert after an open `quote` (or none), read back by bash as exactly
    `value`: no parameter, command or history expansion, whatever it holds. Readline closes the
    quote after a single match, and what is returned leaves it open for that."""
    if quote == "'":
        return value.replace("'", "'\\''")  # close, an escaped quote, reopen
    if quote == '"':
        # `\!` keeps its backslash inside double quotes, so `!` steps out into single quotes
        return _DOUBLE_QUOTED_SPECIAL.sub(r"\\\1", value).replace("!", "\"'!'\"")
    return _BARE_UNSAFE.sub(r"\\\1", value)


def zsh_word(value: str) -> str:
    """`value` as one `$'…'` word for the `eval` in Typer's zsh script: letters, digits, a few
    plain marks and `\\x`/`\\u` escapes inside, so neither the unquoted `$(…)` that carries it
    (word splitting, globbing under GLOB_SUBST) nor the eval can change or expand it."""
    return "$'" + "".join(char if char.isalnum() or char in _ZSH_PLAIN else _escape(char) for char in value) + "'"


_ZSH_PLAIN = frozenset("-_.,:/@%+=")


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x80:  # zsh's `\xHH` is a byte: anything past ASCII is written as a code point
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def fish_line(value: str, description: str | None) -> str:
    """One line of fish's `complete --arguments` output: the value, a TAB, its description."""
    if not description:
        return value
    return f"{value}\t{' '.join(description.split())}"
