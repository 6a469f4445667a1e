"""Turn the bytes of an import file into text, with errors that name the file and line."""

from __future__ import annotations

from hmip_cli.errors import DataError

MAX_BYTES = 512 * 1024 * 1024


def decode(data: bytes, label: str) -> str:
    """UTF-8 with or without a BOM; anything else is a located data error."""
    if b"\x00" in data[:8192]:
        raise DataError([f"{label}:1: file: binary data, not a text file (accepted: UTF-8 CSV, JSON or NDJSON)"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [
                f"{label}:{line}: file: byte 0x{data[exc.start]:02x} is not UTF-8 "
                "(accepted: UTF-8 text; re-save the file as UTF-8)"
            ]
        ) from None
    if not text or text.isspace():
        raise DataError([f"{label}:1: file: the file is empty (accepted: a CSV header and rows, or JSON records)"])
    return text
