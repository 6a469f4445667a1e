"""A report's text, line by line: a text file as it is, a PDF through the optional pypdf."""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

from hmip_cli.errors import DataError, HmipError
from hmip_cli.ingest.sources import decode, read_whole

MAX_REPORT_BYTES = 64 * 1024 * 1024
"""A report is read whole; HMIP's largest are a few megabytes."""
PDF_EXTRA = "pdf"
PDF_MISSING = (
    "reading a PDF needs the optional pypdf package: pip install 'hmip-cli[{extra}]' "
    "(or extract the text yourself, e.g. with pdftotext, and give hmip extract the text file)"
)


class MissingExtra(HmipError):
    """An optional part of hmip that is not installed (exit 1: the environment, not the input)."""


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def report_lines(name: str, stdin: BinaryIO | None = None) -> tuple[list[str], str]:
    """The lines of a report (a PDF's extracted text, page after page) and its label."""
    data, label = read_whole(name, stdin, MAX_REPORT_BYTES)
    text = pdf_text(data, label) if is_pdf(data) else decode(data, label)
    return text.splitlines(), label


def pdf_text(data: bytes, label: str) -> str:
    """The text pypdf takes from every page, in order; a PDF it cannot read is a located problem."""
    try:
        import pypdf
        from pypdf.errors import PyPdfError
    except ImportError:
        raise MissingExtra(f"{label}: {PDF_MISSING.format(extra=PDF_EXTRA)}") from None
    # pypdf logs what it repairs in a damaged file; hmip's stderr is one line per problem
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DataError([f"{label}:1: file: the PDF is encrypted (accepted: a PDF whose text can be read)"])
        return "\n".join(page.extract_text() for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # pypdf raises more than its own errors on a damaged file
        raise DataError([f"{label}:1: file: not a PDF pypdf can read ({type(exc).__name__})"]) from None
