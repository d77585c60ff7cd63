"""Text extraction engines.

An engine turns an opened PDF into the text of each of its pages. PDFium (through pypdfium2)
is the first choice: it extracts text about ten times faster than pypdf and copes with more
fonts. pypdf stands behind it for files PDFium cannot open (some encryption variants, some
damaged files).
"""

from __future__ import annotations

import re
from typing import Protocol

from .pdf import OpenedPdf

# PDFium ends lines with CRLF and marks hyphenation points it removed with U+0002.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class EngineError(Exception):
    """This engine cannot read this file; the next engine should try."""


class TextEngine(Protocol):
    """Something that extracts the text of every page of a PDF, in page order."""

    name: str

    def page_texts(self, pdf: OpenedPdf) -> list[str | None]:
        """One string per page; None for a page whose text cannot be extracted.

        Raises:
            EngineError: the engine cannot read this file at all.
        """
        ...


class PdfiumEngine:
    """Text extraction with PDFium: fast, robust, a compiled library inside its wheel."""

    name = "pdfium"

    def page_texts(self, pdf: OpenedPdf) -> list[str | None]:
        import pypdfium2 as pdfium  # imported here: only extraction needs it

        try:
            document = pdfium.PdfDocument(pdf.data, password=pdf.password or None)
        except pdfium.PdfiumError as error:
            raise EngineError(str(error)) from error
        try:
            return [self._page_text(document, number) for number in range(len(document))]
        finally:
            document.close()

    @staticmethod
    def _page_text(document: object, number: int) -> str | None:
        try:
            page = document[number]  # type: ignore[index]
            textpage = page.get_textpage()
            try:
                text: str = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
        except Exception:  # one broken page must not lose the others
            return None
        return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class PypdfEngine:
    """Text extraction with pypdf: pure Python, reads nearly everything, not fast."""

    name = "pypdf"

    def page_texts(self, pdf: OpenedPdf) -> list[str | None]:
        texts: list[str | None] = []
        for page in pdf.reader.pages:
            try:
                texts.append((page.extract_text() or "").replace("\x00", ""))
            except Exception:  # one broken page must not lose the others
                texts.append(None)
        return texts


DEFAULT_ENGINES: tuple[TextEngine, ...] = (PdfiumEngine(), PypdfEngine())


def extract_pages(pdf: OpenedPdf, engines: tuple[TextEngine, ...] = DEFAULT_ENGINES
                  ) -> tuple[list[str | None], str]:
    """The page texts from the first engine that can read the file, and that engine's name.

    Raises:
        EngineError: no engine could read the file.
    """
    reasons = []
    for engine in engines:
        try:
            return engine.page_texts(pdf), engine.name
        except EngineError as error:
            reasons.append(f"{engine.name}: {error}")
    raise EngineError("; ".join(reasons))


HEADING_LINES = 3
HEADING_SCAN_LINES = 60
# A heading is only a heading when its letters stand out from the page's usual size.
HEADING_SIZE_RATIO = 1.15
_LETTER = re.compile(r"[^\W\d_]")


def first_page_heading(pdf: OpenedPdf) -> str | None:
    """The largest text near the top of page 1, when it is larger than the page's usual text.

    That is where a person looks for a document's title; PDFium tells each character's size.
    """
    import statistics

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(pdf.data, password=pdf.password or None)
    except pdfium.PdfiumError:
        return None
    try:
        page = document[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        sizes = [pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
                 for i in range(textpage.count_chars())]
        textpage.close()
        page.close()
    finally:
        document.close()
    lines = [(line, size) for line, size in _sized_lines(text, sizes)
             if not line.endswith((":", "?"))]  # a form's label or a question, not a title
    if not lines:
        return None
    top = max(size for _, size in lines[:HEADING_SCAN_LINES])
    if top <= statistics.median(size for _, size in lines) * HEADING_SIZE_RATIO:
        return None
    heading: list[str] = []
    for line, size in lines[:HEADING_SCAN_LINES]:
        if size >= 0.9 * top:
            heading.append(line)
            if len(heading) == HEADING_LINES:
                break
        elif heading:
            break
    return " ".join(heading)


def _sized_lines(text: str, sizes: list[float]) -> list[tuple[str, float]]:
    """The lines of a page with at least three letters, each with its largest letter size."""
    lines, start = [], 0
    for index, char in enumerate(text + "\n"):
        if char in "\r\n":
            line = text[start:index].strip()
            if len(_LETTER.findall(line)) >= 3:
                size = max((sizes[i] for i in range(start, min(index, len(sizes)))
                            if not text[i].isspace()), default=0.0)
                lines.append((" ".join(line.split()), size))
            start = index + 1
    return lines
