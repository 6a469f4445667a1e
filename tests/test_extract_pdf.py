"""`hmip extract` on a PDF: the text pypdf takes from it is read as any text is; without the
optional `pdf` extra, one line says which extra to install."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from helpers import DATA, run

URL = "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/camdenyjs2024/"
CAMDEN = ("--framework", "youth-2021", "--service", "Camden YJS", "--published", "2024-05", "--source", URL)
TEXT = DATA / "extract" / "youth-2021-a.txt"


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A PDF of Helvetica text, one text line per line given, written by hand (no PDF library)."""

    def escaped(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()]
    for i, lines in enumerate(pages):
        stream = ("BT /F1 10 Tf 14 TL 40 800 Td " + " ".join(f"({escaped(s)}) Tj T*" for s in lines) + " ET").encode(
            "latin-1"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >>"
            f" /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    """The layout (a) text, its table split over two pages as a PDF prints it."""
    lines = TEXT.read_text().splitlines()
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf([lines[:9], lines[9:]]))
    return path


def test_a_pdf_extracts_the_same_rows_as_its_text(report_pdf: Path) -> None:
    from_pdf = run("extract", report_pdf, *CAMDEN)
    from_text = run("extract", TEXT, *CAMDEN)
    assert (from_pdf.exit_code, from_pdf.stderr) == (0, ""), from_pdf.stderr
    assert from_pdf.stdout == from_text.stdout
    assert len(list(csv.DictReader(io.StringIO(from_pdf.stdout)))) == 14


def test_a_pdf_on_standard_input_is_read_as_a_pdf(report_pdf: Path) -> None:
    code, out, err = run("extract", "-", *CAMDEN, input=report_pdf.read_bytes())
    assert code == 0, err
    assert out == run("extract", TEXT, *CAMDEN).stdout


def test_without_the_pdf_extra_one_line_names_it(report_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)  # as if it were not installed: importing it fails
    code, out, err = run("extract", report_pdf, *CAMDEN)
    assert (code, out) == (1, "")
    assert err == (
        f"hmip: error: {report_pdf}: reading a PDF needs the optional pypdf package: pip install 'hmip-cli[pdf]' "
        "(or extract the text yourself, e.g. with pdftotext, and give hmip extract the text file)\n"
    )


def test_a_damaged_pdf_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n")
    code, out, err = run("extract", path, *CAMDEN)
    assert (code, out) == (3, "")
    assert err.startswith(f"{path}:1: file: not a PDF pypdf can read (")
