"""PDFs made by the tests: ordinary ones with known text and metadata, and broken ones.

Most are built with the project's own small writer (`archive.samples`), on top of pypdf; a few
with fpdf2, an independent writer, so that we do not only read what we wrote ourselves.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib

from fpdf import FPDF

from archive.samples import build_writer, text_pdf, to_bytes

__all__ = ["text_pdf", "encrypted_pdf", "fpdf_pdf", "xmp_pdf", "truncated", "blank_pdf",
           "scanned_pdf", "scan_of", "layout_pdf", "NOT_PDFS"]


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
    writer.xmp_metadata = packet.encode("utf-8")
    return to_bytes(writer)


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages carry no text at all, like a scan without OCR."""
    return text_pdf([""] * pages)


def layout_pdf(lines: list[tuple[str, int]], body: str, orientation: str = "portrait",
               bold: frozenset[str] = frozenset()) -> FPDF:
    """A one-page fpdf2 document: `lines` of text in the given font sizes (those in `bold` in
    Helvetica-Bold), then a paragraph of `body` text in 10 pt; returned unfinished, so that a
    test may draw more on it."""
    pdf = FPDF(orientation=orientation)
    pdf.add_page()
    for text, size in lines:
        pdf.set_font("Helvetica", style="B" if text in bold else "", size=size)
        pdf.cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, body)
    return pdf


def scanned_pdf(pages: list[list[tuple[str, int]]]) -> bytes:
    """A PDF of page pictures without a text layer, as a scanner makes: each page a list of
    (line, letter size in pixels at 150 dpi) drawn in black on white."""
    from PIL import Image, ImageDraw, ImageFont

    pdf = FPDF(unit="pt", format="A4")
    for lines in pages:
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        y = 120
        for text, size in lines:
            draw.text((110, y), text, fill=0, font=ImageFont.load_default(size=size))
            y += int(size * 1.8)
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def scan_of(data: bytes, turned: bool = False, dpi: int = 150) -> bytes:
    """A scan of a PDF: each page a picture at `dpi`, without a text layer; `turned`: fed
    into the scanner upside down."""
    import pypdfium2 as pdfium

    pictures = [page.render(scale=dpi / 72, grayscale=True).to_pil()
                for page in pdfium.PdfDocument(data)]
    if turned:
        pictures = [picture.rotate(180) for picture in pictures]
    out = io.BytesIO()
    pictures[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pictures[1:])
    return out.getvalue()


def unmapped_font_pdf(lines: list[str], size: int = 14) -> bytes:
    """A page set in a font without Unicode, as some converters write: a Type 3 font whose
    glyphs (pictures of the letters) have made-up names and no ToUnicode map. The page shows
    the words; its text extracts as the glyphs' code numbers."""
    from PIL import Image, ImageDraw, ImageFont

    em = 100  # pixels to a glyph's em, and glyph units to the font size
    font = ImageFont.load_default(size=em)
    characters = sorted(set("".join(lines)) - {" "})
    code = {character: number for number, character in enumerate(characters, start=2)}  # 1: space
    procs, widths = [], []
    for character in characters:
        x0, y0, x1, y1 = font.getbbox(character, anchor="ls")
        glyph = Image.new("1", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(glyph).text((-x0, -y0), character, font=font, fill=1, anchor="ls")
        advance = round(font.getlength(character))
        procs.append(b"%d 0 %d %d %d %d d1 q %d 0 0 %d %d %d cm BI /W %d /H %d /IM true /BPC 1 "
                     b"/D [1 0] /F /AHx ID " % (advance, x0, -y1, x1, -y0, x1 - x0, y1 - y0, x0,
                                                -y1, x1 - x0, y1 - y0)
                     + glyph.tobytes().hex().encode() + b"> EI Q")
        widths.append(advance)
    space = round(font.getlength(" "))
    first = 6  # the number of the first glyph procedure, after the five objects below
    names = b" ".join(b"/g%d" % number for number in range(1, len(characters) + 2))
    font_object = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -30 100 100] /FontMatrix [0.01 0 0 0.01 "
        b"0 0] /Encoding << /Type /Encoding /Differences [1 " + names + b"] >> /FirstChar 1 "
        b"/LastChar %d /Widths [%d " % (len(characters) + 1, space)
        + b" ".join(b"%d" % width for width in widths) + b"] /CharProcs << /g1 %d 0 R "
        % (first + len(procs)) + b" ".join(b"/g%d %d 0 R" % (number, first + number - 2)
                                           for number in code.values()) + b" >> >>")
    shown = b"".join(
        b"1 0 0 1 72 %d Tm <" % (770 - 2 * size * row)
        + b"".join(b"%02x" % code.get(character, 1) for character in line) + b"> Tj "
        for row, line in enumerate(lines))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               _stream(b"BT /F1 %d Tf " % size + shown + b"ET"), font_object,
               *(_stream(proc) for proc in procs), _stream(b"%d 0 0 0 0 0 d1" % space)]
    return raw_pdf(objects)


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


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF assembled from object bodies (object n is objects[n-1]) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(contents: int, parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % (parent, contents))


def _stream(data: bytes, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + \
            b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def decompression_bomb(expanded_bytes: int = 300 << 20) -> bytes:
    """One page whose content stream inflates from a few hundred KB to `expanded_bytes`."""
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    packed = b"".join(compressor.compress(chunk) for _ in range(expanded_bytes >> 20))
    packed += compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + \
        b"\nendstream"
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    _page(4), stream, _FONT])


def looping_page_tree() -> bytes:
    """A page tree whose /Kids point back at itself."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                    _page(4), _stream(b"BT /F1 12 Tf 72 720 Td (Loop) Tj ET"), _FONT])


def deeply_nested(depth: int = 100_000) -> bytes:
    """A catalog holding an array nested `depth` levels deep."""
    nested = b"[" * depth + b"]" * depth
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R /Junk " + nested + b" >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    _page(4), _stream(b"BT /F1 12 Tf 72 720 Td (Nested) Tj ET"), _FONT])


def broken_xref(data: bytes) -> bytes:
    """The PDF with its cross-reference offsets scrambled, as damaged files often have."""
    head, _, tail = data.rpartition(b"startxref")
    return head.replace(b" 00000 n", b" 00009 n") + b"startxref\n1\n%%EOF\n"
