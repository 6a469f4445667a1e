"""What data may do on its way out: nothing but be read.

A stored value (a name, a note, a source URL) came from someone else's file. On a terminal its
control characters would act — clear the screen, retitle the window, write the clipboard (OSC 52),
plant a hyperlink (OSC 8) — and bidi overrides would reorder what is shown. So every value and
message bound for a terminal passes through `visible`, which shows such characters escaped
(`\\x1b`, `\\u202e`) instead of emitting them; a link is made only of a URL a browser would open
at the host it is labelled with (`safe_link`). TSV escapes its own separators (`tsv_cell`) and
Markdown the HTML a renderer would run (`markdown_text`). No rich here: plain strings in and out.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TextIO, TypeVar

T = TypeVar("T")

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Arabic letter mark, LRM, RLM, the embeddings and overrides (LRE … RLO), the isolates (LRI … PDI)."""
_SEPARATORS = (0x2028, 0x2029)
"""Line and paragraph separators: some terminals and editors break lines at them."""
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _escape(code: int) -> str:
    return _NAMED.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_UNSAFE = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI, *_SEPARATORS]
_VISIBLE = {code: _escape(code) for code in _UNSAFE}
_VISIBLE_LINES = {code: text for code, text in _VISIBLE.items() if code not in (0x09, 0x0A)}
_ANY_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE) + "]")


def visible(text: str) -> str:
    """`text` with every control character (C0 including TAB and line breaks, DEL, C1, ESC),
    bidi control and line separator shown escaped: one line, exactly the characters it holds."""
    return text.translate(_VISIBLE) if _ANY_UNSAFE.search(text) else text


def visible_lines(text: str) -> str:
    """As `visible`, but TAB and LF kept: for whole output (CSV, TSV, JSON) shown on a terminal,
    whose own structure uses them."""
    return text.translate(_VISIBLE_LINES) if _ANY_UNSAFE.search(text) else text


def has_unsafe(text: str) -> bool:
    return _ANY_UNSAFE.search(text) is not None


class TerminalText:
    """A text stream to a terminal that lets nothing through that would act on it (visible_lines)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible_lines(text))

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


# ---- links -------------------------------------------------------------------------------------

_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?")


@dataclass(frozen=True)
class Link:
    url: str
    """The address, exactly as stored (it parsed cleanly, so a browser opens what the label says)."""
    host: str
    """The host a browser would open, lower case: the link's label."""


def safe_link(url: str) -> Link | None:
    """The link to make of `url`, or None: only http and https, only when the address parses the
    same by Python's rules and a browser's (WHATWG). So nothing is linked that holds a control
    character, space, backslash (a browser ends the host there: `https://evil.example\\@gov.uk/`
    opens evil.example), user info (`user@host`, the classic disguise), a non-ASCII or
    percent-encoded host, or a bad port (a path may hold what a browser percent-encodes);
    `javascript:`, `file:` and every other scheme stay text."""
    if not url or "\\" in url or has_unsafe(url) or any(c.isspace() for c in url):
        return None  # a backslash, a control character or a space: read differently by browsers
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not url[len(parts.scheme) :].startswith("://"):
        return None
    host = parts.hostname or ""
    if "@" in parts.netloc or port == 0 or not host or not _HOST.fullmatch(host) or host.endswith("."):
        return None
    expected = host + (f":{port}" if port is not None else "")
    if parts.netloc.lower() != expected:
        return None  # anything in the authority beyond host and port
    return Link(url, host)


HMI_PROBATION = "HMI Probation"


def link_label(link: Link) -> str:
    """The short label of a link: `HMI Probation` for the inspectorate's own pages (its host is
    checked, so the name is as true as a host would be), else the host without `www.`."""
    from urllib.parse import urlsplit

    host = link.host.removeprefix("www.")
    if host == "hmiprobation.justiceinspectorates.gov.uk" or (
        host == "justiceinspectorates.gov.uk" and urlsplit(link.url).path.startswith("/hmiprobation")
    ):
        return HMI_PROBATION
    return host


# ---- spreadsheets --------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take for the start of a formula (OWASP's CSV injection rule)."""


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def looks_like_formula(text: str) -> bool:
    """Starts as a formula would, and is not simply a signed number (`-3` is a number, `-2+3` not)."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def inert(text: str) -> str:
    """A text cell a spreadsheet will not run: one that would start a formula gets a leading `'`
    (OWASP), which Excel and LibreOffice take as "this is text" and do not show."""
    return "'" + text if looks_like_formula(text) else text


# ---- TSV and Markdown --------------------------------------------------------------------------

_TSV = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_cell(text: str) -> str:
    """A TSV value on one line in one field: backslash, TAB, LF and CR written `\\\\`, `\\t`, `\\n`,
    `\\r` (the convention of PostgreSQL's text COPY and "linear TSV"); nothing is quoted."""
    return text.translate(_TSV)


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown_text(text: str) -> str:
    """Text inside Markdown with its HTML inert: `<script>` shows as text in every renderer."""
    return text.translate(_HTML)


def visible_everywhere(value: T) -> T:
    """`value` with `visible` applied to every string it holds: in dataclasses (a chart), tuples,
    lists and dicts, however nested; numbers and anything else as they are."""
    if isinstance(value, str):
        return visible(value) if has_unsafe(value) else value  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: visible_everywhere(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(visible_everywhere(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [visible_everywhere(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {visible_everywhere(k): visible_everywhere(v) for k, v in value.items()}  # type: ignore[return-value]
    return value
