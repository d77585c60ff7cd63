"""PDFs made by the tests: ordinary ones with known text and metadata, and broken ones.

Most are built with the project's own small writer (`archive.samples`), on top of pypdf; a few
with fpdf2, an independent writer, so that we do not only read what we wrote ourselves.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from fpdf import FPDF
from pypdf.generic import DecodedStreamObject, NameObject

from archive.samples import build_writer, text_pdf, to_bytes

__all__ = ["text_pdf", "encrypted_pdf", "fpdf_pdf", "xmp_pdf", "truncated", "blank_pdf",
           "NOT_PDFS"]


def encrypted_pdf(pages: list[str], user_password: str, owner_password: str = "owner",
                  algorithm: str = "AES-256") -> bytes:
    """A PDF encrypted with the given passwords (an empty user password opens it freely)."""
    writer = build_writer(pages)
    writer.encrypt(user_password, owner_password, algorithm=algorithm)
    return to_bytes(writer)


def fpdf_pdf(pages: list[str], title: str | None = None, creation_year: int | None = None
             ) -> bytes:
    """A PDF written by fpdf2 with a core font (Latin-1 text only)."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if creation_year:
        pdf.set_creation_date(dt.datetime(creation_year, 3, 1, tzinfo=dt.timezone.utc))
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def xmp_pdf(pages: list[str], title: str | None = None, create_date: str | None = None,
            language: str | None = None) -> bytes:
    """A PDF whose only metadata is an XMP packet (dc:title, xmp:CreateDate, dc:language)."""
    writer = build_writer(pages)
    writer.add_metadata({"/Producer": ""})
    fields = []
    if title:
        fields.append(f"<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>{title}</rdf:li>"
                      "</rdf:Alt></dc:title>")
    if language:
        fields.append(f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag>"
                      "</dc:language>")
    if create_date:
        fields.append(f"<xmp:CreateDate>{create_date}</xmp:CreateDate>")
    packet = (
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' "
        "xmlns:xmp='http://ns.adobe.com/xap/1.0/'>"
        + "".join(fields)
        + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    return to_bytes(writer)


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages carry no text at all, like a scan without OCR."""
    return text_pdf([""] * pages)


def truncated(data: bytes, fraction: float) -> bytes:
    """The first `fraction` of a PDF's bytes, as left by an interrupted download."""
    return data[: max(1, int(len(data) * fraction))]


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "not a pdf")
    return out.getvalue()


# Files that are not PDFs, with the words the error message must contain.
NOT_PDFS = {
    "empty.pdf": (b"", "empty file"),
    "page.pdf": (b"<!DOCTYPE html><html><body>Not found</body></html>", "HTML"),
    "image.pdf": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    "bundle.pdf": (_zip_bytes(), "ZIP"),
    "notes.pdf": (b"just some text, no header at all", "not a PDF"),
}
