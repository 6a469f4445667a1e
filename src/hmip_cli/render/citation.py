"""A citation of hmip and its data as plain text, BibTeX or CSL-JSON (what reference managers read)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hmip_cli.citing import (
    AUTHOR,
    DATA_TITLE,
    HMIP_URL,
    LICENCE,
    LICENCE_LINE,
    PUBLISHER,
    SOFTWARE_TITLE,
    Citation,
)

DISTRIBUTION = "hmip-cli"


def _data_note(c: Citation) -> str:
    release = f" (release {c.data.release})" if c.data.release else ""
    return f"{c.data.describe()}{release}; built by hmip {c.version}"


def plain(c: Citation) -> str:
    year = f" ({c.year})" if c.year else ""
    return (
        f"Software: {AUTHOR}{year}. {SOFTWARE_TITLE}, version {c.version} [computer software]. "
        f"Python package {DISTRIBUTION}.\n"
        f"Data: {PUBLISHER}{year}. {DATA_TITLE}: {_data_note(c)}. {HMIP_URL}\n"
        f"{LICENCE_LINE}\n"
    )


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}


def _bib(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    return "\n".join(lines) + "\n}\n"


def bibtex(c: Citation) -> str:
    data_key = "hmip_data_" + c.data_version.replace("-", "_")
    software = _entry(
        "software",
        "hmip",
        [
            ("author", f"{{{_bib(AUTHOR)}}}"),
            ("title", _bib(SOFTWARE_TITLE)),
            ("version", _bib(c.version)),
            ("year", c.year),
            ("note", f"Python package {_bib(DISTRIBUTION)}"),
        ],
    )
    data = _entry(
        "misc",
        data_key,
        [
            ("author", f"{{{_bib(PUBLISHER)}}}"),
            ("title", _bib(DATA_TITLE)),
            ("year", c.year),
            ("version", _bib(c.data_version)),
            ("url", HMIP_URL),
            ("note", _bib(f"{_data_note(c)}. Crown copyright; {LICENCE}")),
        ],
    )
    return f"{software}\n{data}"


def _date_parts(text: str) -> list[list[int]]:
    return [[int(part) for part in text.split("-")]] if text and text[:4].isdigit() else []


def csl_json(c: Citation) -> str:
    issued = _date_parts(c.data.compiled or c.data.latest_published or "")
    items: list[dict[str, Any]] = [
        {
            "id": "hmip",
            "type": "software",
            "title": SOFTWARE_TITLE,
            "author": [{"literal": AUTHOR}],
            "version": c.version,
            "note": f"Python package {DISTRIBUTION}",
        },
        {
            "id": f"hmip-data-{c.data_version}",
            "type": "dataset",
            "title": DATA_TITLE,
            "author": [{"literal": PUBLISHER}],
            "publisher": PUBLISHER,
            "version": c.data_version,
            "URL": HMIP_URL,
            "note": f"{_data_note(c)}. {LICENCE_LINE}",
        },
    ]
    if issued:
        items[1]["issued"] = {"date-parts": issued}
        items[0]["issued"] = {"date-parts": [issued[0][:1]]}
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


CITATION_STYLES: dict[str, Callable[[Citation], str]] = {"plain": plain, "bibtex": bibtex, "csl-json": csl_json}
