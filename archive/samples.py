"""Built-in sample documents, and the small PDF writer that makes them.

`pdfarchive demo` adds these to a fresh archive to show the whole job end to end; the tests use
the same writer to make PDFs with known text and metadata. The texts are our own, modelled on the
policy papers our users collect.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
LINE_CHARS = 90
LINES_PER_PAGE = 52
SAMPLE_HEADING_SIZE = 18  # the samples' titles stand out from their 11-point text

# Helvetica with WinAnsi encoding covers Western European text; codes of rarely used symbols are
# re-mapped to the Central European letters that WinAnsi lacks (Polish ą, ł, ś, ż …).
_EXTRA_GLYPHS = {
    "ą": (0xA4, "aogonek"), "ć": (0xA6, "cacute"), "ę": (0xA8, "eogonek"),
    "ł": (0xAA, "lslash"), "ń": (0xAC, "nacute"), "ś": (0xAF, "sacute"),
    "ź": (0xB1, "zacute"), "ż": (0xB2, "zdotaccent"), "Ą": (0xB3, "Aogonek"),
    "Ć": (0xB4, "Cacute"), "Ę": (0xB5, "Eogonek"), "Ł": (0xB8, "Lslash"),
    "Ń": (0xB9, "Nacute"), "Ś": (0xBA, "Sacute"), "Ź": (0xBC, "Zacute"),
    "Ż": (0xBD, "Zdotaccent"),
}


@dataclass(frozen=True)
class SampleDocument:
    """A sample PDF: its file name, page texts and Info metadata."""

    filename: str
    pages: list[str]
    title: str | None = None
    author: str | None = None
    creation_date: str | None = None  # PDF date string, e.g. "D:20171120093000+01'00'"
    language: str | None = None  # the catalog's /Lang
    extra_info: dict[str, str] = field(default_factory=dict)

    def pdf_bytes(self) -> bytes:
        """The document as a PDF, its first line set larger than its text, as a title is."""
        return text_pdf(self.pages, title=self.title, author=self.author,
                        creation_date=self.creation_date, language=self.language,
                        extra_info=self.extra_info, heading_size=SAMPLE_HEADING_SIZE)


def text_pdf(pages: list[str], title: str | None = None, author: str | None = None,
             creation_date: str | None = None, language: str | None = None,
             extra_info: dict[str, str] | None = None,
             heading_size: float | None = None) -> bytes:
    """A PDF with one page per string (long lines wrapped) and the given metadata; with
    `heading_size`, page 1's first line is set in letters of that size."""
    return to_bytes(build_writer(pages, title, author, creation_date, language, extra_info,
                                 heading_size))


def build_writer(pages: list[str], title: str | None = None, author: str | None = None,
                 creation_date: str | None = None, language: str | None = None,
                 extra_info: dict[str, str] | None = None,
                 heading_size: float | None = None) -> PdfWriter:
    """A pypdf writer holding the document, for callers that change it further (encrypt …)."""
    writer = PdfWriter()
    font = _font()
    for number, text in enumerate(pages):
        page = writer.add_blank_page(PAGE_WIDTH, PAGE_HEIGHT)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = ContentStream(None, None)
        stream.set_data(_content(text, heading_size if number == 0 else None))
        page.replace_contents(stream)
    info = {"/Producer": "pdfarchive sample writer"}
    for key, value in {"/Title": title, "/Author": author, "/CreationDate": creation_date,
                       **{f"/{k}": v for k, v in (extra_info or {}).items()}}.items():
        if value is not None:
            info[key] = value
    writer.add_metadata(info)
    if language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    return writer


def to_bytes(writer: PdfWriter) -> bytes:
    """The PDF a writer holds, serialised."""
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _font() -> DictionaryObject:
    differences = ArrayObject()
    for code, glyph in sorted(_EXTRA_GLYPHS.values()):
        differences.extend([NumberObject(code), NameObject(f"/{glyph}")])
    encoding = DictionaryObject({
        NameObject("/Type"): NameObject("/Encoding"),
        NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
        NameObject("/Differences"): differences,
    })
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): encoding,
    })


def _content(text: str, heading_size: float | None = None) -> bytes:
    """A content stream that shows the text, a line at a time, from the top of the page; with
    `heading_size`, its first line in letters of that size, as a title is set."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, LINE_CHARS) or [""])
    ops = [b"BT /F1 11 Tf 14 TL 56 790 Td"]
    for number, line in enumerate(lines[:LINES_PER_PAGE]):
        if number == 0 and heading_size:
            ops.append(b"/F1 %g Tf (%s) Tj /F1 11 Tf 0 -%g Td"
                       % (heading_size, _encode(line), round(heading_size * 1.4)))
        else:
            ops.append(b"(" + _encode(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def _encode(line: str) -> bytes:
    out = bytearray()
    for char in line:
        if char in _EXTRA_GLYPHS:
            out.append(_EXTRA_GLYPHS[char][0])
            continue
        code = char.encode("cp1252", "replace")
        if code in (b"(", b")", b"\\"):
            out.extend(b"\\" + code)
        else:
            out.extend(code)
    return bytes(out)


SAMPLES = [
    SampleDocument(
        "saeule-sozialer-rechte.pdf",
        [
            "Europäische Säule sozialer Rechte\nEin Leitfaden für Städte und Gemeinden\n\n"
            "Stand: November 2017\n\n"
            "Die Europäische Säule sozialer Rechte beschreibt zwanzig Grundsätze für faire "
            "Arbeitsbedingungen, Chancengleichheit und sozialen Schutz. Dieser Leitfaden zeigt, "
            "wie Bürgerinnen und Bürger in den Städten davon profitieren können.",
            "Kapitel 1: Chancengleichheit und Arbeitsmarkt\n"
            "Jede Person hat das Recht auf allgemeine und berufliche Bildung. Die Städte "
            "unterstützen Weiterbildung, Integration und den Zugang zu Kinderbetreuung.",
        ],
        title="Europäische Säule sozialer Rechte",
        author="Senatsverwaltung für Integration",
        creation_date="D:20171120093000+01'00'",
        language="de-DE",
    ),
    SampleDocument(
        "inclusion-of-migrants.pdf",
        [
            "A better inclusion of migrants starts in cities\nPosition paper\n\nApril 2024\n\n"
            "Cities are where migrants arrive, find housing, work and school. This paper asks "
            "for direct access of cities to funding for the inclusion of migrants and refugees.",
            "Recommendations\nInvolve cities in the design of integration policies. Support "
            "language courses, recognition of qualifications and affordable housing.",
        ],
        title="Microsoft Word - positionpaper_final_v3.docx",
        creation_date="D:20240415120000Z",
        language="en",
    ),
    SampleDocument(
        "logement-abordable.pdf",
        [
            "Le logement abordable dans les villes européennes\nNote de synthèse\n\n"
            "Bruxelles, le 26 avril 2017\n\n"
            "Les villes membres demandent une politique européenne du logement abordable et "
            "une meilleure inclusion des personnes migrantes dans les quartiers.",
        ],
        creation_date="D:20170426100000+02'00'",
    ),
    SampleDocument(
        "digitale-dienstverlening.pdf",
        [
            "Digitale dienstverlening voor alle inwoners\nHandreiking voor gemeenten\n\n"
            "Versie 1.1 (augustus 2025)\n\n"
            "Gemeenten zorgen dat iedere inwoner digitale diensten kan gebruiken. Deze "
            "handreiking beschrijft toegankelijkheid, begrijpelijke taal en hulp aan de balie.",
        ],
        creation_date="D:20250901080000+02'00'",
    ),
    SampleDocument(
        "strategia-mieszkaniowa.pdf",
        [
            "Strategia mieszkaniowa miasta\nRaport roczny\n\nWarszawa, dnia 3 marca 2023 r.\n\n"
            "Miasto wspiera budownictwo społeczne i integrację mieszkańców. Raport opisuje "
            "działania w zakresie mieszkań komunalnych i pomocy dla rodzin.",
        ],
    ),
    SampleDocument(
        "protokoll-ausschuss.pdf",
        [
            "Protokoll der Sitzung des Ausschusses für Stadtentwicklung\n\n"
            "Der Ausschuss berät über Wohnungslosenhilfe, Stadtentwicklung und die Straßenbahn. "
            "Die Bürgerbeteiligung wird im nächsten Quartal ausgeweitet.",
        ],
        creation_date="D:20190612081500+02'00'",
    ),
]


def write_samples(folder: Path) -> list[Path]:
    """Write the built-in sample PDFs into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in SAMPLES:
        path = folder / sample.filename
        path.write_bytes(sample.pdf_bytes())
        paths.append(path)
    return paths
