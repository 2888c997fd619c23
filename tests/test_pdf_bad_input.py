"""Unreadable or unsuitable PDFs raise IngestError naming the file, with a one-line reason."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from budgetkg.ingest.api import parse_bytes
from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.extract.pdf import read_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"


def make_pdf(page_content: bytes, *, resources: bytes = b"<< >>", extra_objects: list[bytes] = (),
             trailer_extra: bytes = b"") -> bytes:
    """A minimal one-page PDF with a correct xref table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources " + resources + b" >>",
        b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


HELLO = b"BT /F1 24 Tf 72 720 Td (Quarterly sales report for the bakery) Tj ET"
FONT = b"<< /Font << /F1 5 0 R >> >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _raises(data: bytes, name: str) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_pdf(data, name)
    err = info.value
    assert name in str(err)
    assert "\n" not in str(err)
    return err


def test_plain_text_pdf_is_valid_pdf():
    # the generator itself is sound: pdfplumber reads the line back
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(make_pdf(HELLO, resources=FONT, extra_objects=[HELVETICA]))) as pdf:
        assert "bakery" in pdf.pages[0].extract_text()


def test_zero_byte_file():
    err = _raises(b"", "empty.pdf")
    assert "empty" in err.reason
    with pytest.raises(IngestError, match="empty.pdf"):
        parse_bytes(b"", "empty.pdf")


def test_truncated_pdf():
    data = (FIXTURES / "02_shanghai-putuo_sifaju_2026_unit-budget.pdf").read_bytes()
    err = _raises(data[: len(data) // 2], "half.pdf")
    assert "truncated" in err.reason


def test_corrupt_file():
    err = _raises(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "garbage.pdf")
    assert "PDF" in err.reason


def test_not_a_pdf_at_all():
    err = _raises(b"PK\x03\x04 this is a zip file" * 10, "budget.pdf")
    assert "not a PDF" in err.reason


def test_encrypted_pdf():
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    data = make_pdf(HELLO, resources=FONT, extra_objects=[HELVETICA, encrypt],
                    trailer_extra=b"/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]")
    err = _raises(data, "locked.pdf")
    assert "encrypted" in err.reason


def test_scanned_pdf_without_text_layer():
    pixels = zlib.compress(bytes([128]) * 64)
    image = b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 " \
            b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"
    data = make_pdf(b"q 500 0 0 700 40 60 cm /Im1 Do Q", resources=b"<< /XObject << /Im1 5 0 R >> >>",
                    extra_objects=[image])
    err = _raises(data, "scan.pdf")
    assert "no text layer" in err.reason and err.page == 1


def test_pdf_that_is_not_a_budget_disclosure():
    err = _raises(make_pdf(HELLO, resources=FONT, extra_objects=[HELVETICA]), "bakery.pdf")
    assert "not a budget disclosure" in err.reason
