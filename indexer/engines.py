"""Text extraction engines.

An engine turns an opened PDF into the text of each of its pages. PDFium (through pypdfium2)
is the first choice: it extracts text about ten times faster than pypdf and copes with more
fonts. pypdf stands behind it for files PDFium cannot open (some encryption variants, some
damaged files).
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass
from typing import Protocol

from .letters import LETTER, WORD
from .pdf import OpenedPdf

# PDFium ends lines with CRLF and marks hyphenation points it removed with U+0002.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n]")
# A page's text is a font's glyph numbers, not words, when PDFium finds no Unicode for at least
# this share of its characters (a font without a ToUnicode map or known glyph names) and fewer
# than this share of its characters are letters of words. On the corpus, such pages give
# "\x04\x05\x06" or "012324255ÿ781" and hold at most 38 % letters of words; pages whose
# unmapped fonts PDFium still reads right (it guesses from glyph names) hold 59 % or more.
UNMAPPED_SHARE = 0.5
WORDS_SHARE = 0.5
# How many of a page's characters are asked whether they have Unicode: enough for a share.
UNMAPPED_SAMPLE = 64


class EngineError(Exception):
    """This engine cannot read this file; the next engine should try."""


@dataclass(frozen=True)
class TextLine:
    """A line of text as it stands on the page: how tall its letters are, how high it is and
    whether it is set in bold.

    `size` is the median height of its letters' font boxes in points, so one large initial or
    a superscript does not make a line large; `top` is how far its highest letter stands below
    the page's top edge, in points; `bold`, whether most of its letters are in a bold font (a
    letter's subject, a form's heading: a title set in the size of the text). Rotated lines (a
    "CANCELLED" stamp across the page, a margin note) and lines off the page are not kept: no
    reader takes them for a title.
    """

    text: str
    size: float
    top: float
    bold: bool = False


@dataclass(frozen=True)
class ExtractedText:
    """What an engine reads of a PDF: each page's text (None for a page it cannot read),
    page 1's lines with their layout where the engine knows it (titles are told by size), and
    the pages (indexes from 0) whose text was their fonts' code numbers rather than words:
    given without text or lines, to be read as scans."""

    page_texts: list[str | None]
    first_page_lines: tuple[TextLine, ...] = ()
    unmapped_pages: frozenset[int] = frozenset()


class TextEngine(Protocol):
    """Something that extracts the text of every page of a PDF, in page order."""

    name: str

    def extract(self, pdf: OpenedPdf) -> ExtractedText:
        """Every page's text, and page 1's lines where the engine sees the layout.

        Raises:
            EngineError: the engine cannot read this file at all.
        """
        ...


class PdfiumEngine:
    """Text extraction with PDFium: fast, robust, a compiled library inside its wheel. The
    document is opened once, and page 1's layout read from the same text page as its text."""

    name = "pdfium"

    def extract(self, pdf: OpenedPdf) -> ExtractedText:
        import pypdfium2 as pdfium  # imported here: only extraction needs it

        try:
            document = pdfium.PdfDocument(pdf.data, password=pdf.password or None)
        except pdfium.PdfiumError as error:
            raise EngineError(str(error)) from error
        try:
            pages = [self._page(document, number) for number in range(len(document))]
        finally:
            document.close()
        return ExtractedText([page.text for page in pages],
                             pages[0].lines if pages else (),
                             frozenset(n for n, page in enumerate(pages) if page.unmapped))

    @staticmethod
    def _page(document: object, number: int) -> _PdfiumPage:
        """One page's text; page 1's lines are measured from the same text page."""
        try:
            page = document[number]  # type: ignore[index]
            textpage = page.get_textpage()
            try:
                text: str = textpage.get_text_range()
                if _is_unmapped(textpage, text):
                    return _PdfiumPage("", unmapped=True)  # code numbers are no text
                lines = _measured_lines(page, textpage, text) if number == 0 else ()
            finally:
                textpage.close()
                page.close()
        except MemoryError:
            raise  # the file's limit, not the page's damage: the worker reports it
        except Exception:  # one broken page must not lose the others
            return _PdfiumPage(None)
        return _PdfiumPage(_clean(text), lines)


@dataclass(frozen=True)
class _PdfiumPage:
    """One page as PDFium reads it (None: a page it cannot read)."""

    text: str | None
    lines: tuple[TextLine, ...] = ()
    unmapped: bool = False


def _is_unmapped(textpage: object, text: str) -> bool:
    """Whether a page's text is its fonts' glyph numbers rather than words (see
    `UNMAPPED_SHARE`). Asked of every page, so PDFium is asked about a sample of its
    characters, and only when the text is not mostly words."""
    import pypdfium2.raw as pdfium_c

    visible = len(text) - text.count(" ") - text.count("\r") - text.count("\n")
    if visible <= 0 or sum(map(len, WORD.findall(text))) >= WORDS_SHARE * visible:
        return False
    raw = textpage.raw  # type: ignore[attr-defined]
    count: int = pdfium_c.FPDFText_CountChars(raw)
    sample = range(0, count, max(1, count // UNMAPPED_SAMPLE))
    unmapped = sum(1 for index in sample if pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1)
    return unmapped >= UNMAPPED_SHARE * len(sample) > 0


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class PypdfEngine:
    """Text extraction with pypdf: pure Python, reads nearly everything, not fast."""

    name = "pypdf"

    def extract(self, pdf: OpenedPdf) -> ExtractedText:
        texts: list[str | None] = []
        for page in pdf.reader.pages:
            try:
                texts.append((page.extract_text() or "").replace("\x00", ""))
            except MemoryError:
                raise  # the file's limit, not the page's damage: the worker reports it
            except Exception:  # one broken page must not lose the others
                texts.append(None)
        return ExtractedText(texts)


DEFAULT_ENGINES: tuple[TextEngine, ...] = (PdfiumEngine(), PypdfEngine())


def extract_pages(pdf: OpenedPdf, engines: tuple[TextEngine, ...] = DEFAULT_ENGINES
                  ) -> tuple[ExtractedText, str]:
    """What the first engine that can read the file extracts, and that engine's name.

    Raises:
        EngineError: no engine could read the file.
    """
    reasons = []
    for engine in engines:
        try:
            return engine.extract(pdf), engine.name
        except EngineError as error:
            reasons.append(f"{engine.name}: {error}")
    raise EngineError("; ".join(reasons))


_MAX_ANGLE = 0.05  # radians
# Letters measured a line: on 400 files' first pages, 99 % of lines measure as with all
# their letters (size equal, top within a point), the rest mostly within a tenth of a point
# (lines of mixed sizes by up to 4 points); the accuracy figures are the same.
LETTERS_MEASURED = 9
# A line is bold when most of this many of its letters, spread along it, are.
BOLD_LETTERS = 3
# A font this heavy or heavier is bold (CSS and PDF font weights: 400 regular, 700 bold). A
# font that states no weight (the standard fonts: "Helvetica-Bold") is bold by its name or
# its ForceBold flag.
BOLD_WEIGHT = 600
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi", re.IGNORECASE)
_FORCE_BOLD = 1 << 18


def _measured_lines(page: object, textpage: object, text: str) -> tuple[TextLine, ...]:
    """The lines of a page with their letters' sizes and positions, in PDFium's reading order:
    only the layout tells a title by its size and place on the page. A line is measured by a
    few of its letters (see `_spread`)."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()  # type: ignore[attr-defined]  # as displayed, after /Rotate
    rotation = page.get_rotation()  # type: ignore[attr-defined]
    upright = math.radians((360 - rotation) % 360)  # the angle of text a reader sees upright
    raw = textpage.raw  # type: ignore[attr-defined]
    measurable = min(textpage.count_chars(), len(text))  # type: ignore[attr-defined]
    box = pdfium_c.FS_RECTF()
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()

    def measure(index: int) -> tuple[float, float] | None:
        """A letter's size and distance from the top as displayed; None if it is turned."""
        if _angle_between(pdfium_c.FPDFText_GetCharAngle(raw, index), upright) >= _MAX_ANGLE:
            return None
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        return _as_displayed(box, rotation, height)

    def is_bold(index: int) -> bool:
        """Whether a letter is set in a bold font."""
        weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
        if weight > 0:
            return bool(weight >= BOLD_WEIGHT)
        pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
        return bool(_BOLD_NAME.search(name.value) or flags.value & _FORCE_BOLD)

    lines = []
    start = 0
    for end in [*(match.start() for match in _LINE_BREAK.finditer(text)), len(text)]:
        # Only letters measure a line: spaces and punctuation have boxes of their own sizes.
        letters = [letter.start() for letter in LETTER.finditer(text, start, min(end, measurable))]
        bold = [is_bold(index) for index in _spread(letters, BOLD_LETTERS)]
        line = _line(text[start:end], [measure(index) for index in _spread(letters)],
                     sum(bold) * 2 > len(bold))
        if line is not None and 0 <= line.top <= height:
            lines.append(line)
        start = end + 1
    return tuple(lines)


def _spread(letters: list[int], most: int = LETTERS_MEASURED) -> list[int]:
    """At most `most` of a line's letters, spread along it from first to last: a line's
    letters share their font, so a few tell its size, place and weight as well as all of
    them, at a fraction of the calls into PDFium."""
    if len(letters) <= most:
        return letters
    step = (len(letters) - 1) / (most - 1)
    return [letters[round(i * step)] for i in range(most)]


def _line(text: str, letters: list[tuple[float, float] | None], bold: bool) -> TextLine | None:
    """A line measured by its letters (size, top); None when it has none or one measured is
    turned: a rotated line (a "CANCELLED" stamp across the page, a margin note) is no title."""
    upright = [letter for letter in letters if letter is not None]
    if not upright or len(upright) < len(letters):
        return None
    sizes = sorted(size for size, _ in upright)
    return TextLine(" ".join(text.split()), round(sizes[len(sizes) // 2], 2),
                    round(min(top for _, top in upright), 2), bold)


def _as_displayed(box: object, rotation: int, height: float) -> tuple[float, float]:
    """A character box's height and its distance from the top edge as the page is displayed.

    PDFium gives boxes in the page's own coordinates; a page turned by /Rotate is read turned.
    """
    left, bottom, right, top = box.left, box.bottom, box.right, box.top  # type: ignore[attr-defined]
    if rotation == 90:
        return right - left, left
    if rotation == 180:
        return top - bottom, bottom
    if rotation == 270:
        return right - left, height - right
    return top - bottom, height - top


def _angle_between(angle: float, upright: float) -> float:
    """How far a character is turned from upright, in radians (0 to pi)."""
    turn = abs(angle - upright) % (2 * math.pi)
    return min(turn, 2 * math.pi - turn)
