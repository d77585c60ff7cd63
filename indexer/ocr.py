"""Reading scanned pages: optical character recognition (OCR).

A scan is a picture of a page with no text inside, so it could be neither searched nor dated
nor titled. Pages without a text layer are rendered by PDFium and read by faster-paddle, which
runs PaddleOCR's PP-OCRv6 "tiny" detector and recognizer, carried in its wheel (nothing is
downloaded at run time). Against PP-OCRv5's models in RapidOCR's pipeline, which read scans
before, it reads more of a page's words (94 against 92 %) and far more of their accents and
umlauts ("Änderung", not "Anderung"), in under a quarter of the time (`benchmarks/ocr.py`).
OCR is still the slowest step of reading a PDF (about a second a page), so it runs within a
time budget per file, and it needs more memory than reading a PDF, so it runs under its own
memory allowance.
"""

from __future__ import annotations

import contextlib
import io
import resource
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .engines import TextLine
from .letters import count_letters
from .pdf import OpenedPdf

OCR_DPI = 150
# How large, along its longer side, the picture is on which lines are looked for, in pixels;
# lines are read from the picture at OCR_DPI. 1,216 is an A4 page at about 105 dpi. Of the
# words of `benchmarks/ocr.py`'s scans, 94.2 % were read at 1,216, 93.5 % at 1,408 and 92.3 %
# at faster-paddle's own 1,600 (whose boxes hug the lines too tightly, as with earlier models),
# 90.5 % at 1,024, in 0.9 to 1.1 CPU-s a page (short lines padded to 64 pixels). A size, not
# a resolution, and larger pages lose nothing by it: on A3 and A2 pages of 8 and 10 pt text,
# 1,216 pixels read as many words as 1,728 and 2,432 (105 dpi) did.
DETECT_LONG_SIDE = 1216
# How sure the recognizer must be of a line to keep it (the default of RapidOCR, which read
# scans before; kept).
MIN_LINE_SCORE = 0.5
# A page on which the recognizer is sure (SURE_LINE_SCORE) of fewer of the lines found than
# this is also read turned half around, and the reading with more letters in sure lines kept.
# PP-OCRv6's recognizer reads a line upside down as letters it is unsure of: of the text pages
# of `benchmarks/ocr.py` turned upside down, at most 40 % of the lines scored 0.8 or more;
# upright, at least 86 % (68 % on the corpus's worst scans).
UPRIGHT_SHARE = 2 / 3
SURE_LINE_SCORE = 0.8
# PP-OCRv6's models come as "tiny", "small" and "medium" (downloaded on first use, so not
# ours). "small" reads more (96.2 % of the words, 97.3 % right) in six times the CPU (6.0
# against 1.0 s a page at 1,600 pixels); tiny's 93-94 % keeps OCR about a second a page.
MODEL_SIZE = "tiny"
# The narrowest picture of a line the recognizer is given, in pixels at its height of 48: a
# shorter line (a page number, a table's cell) is padded to it. PaddleOCR pads every line to
# the 320 its models were trained on, so a page's many short lines cost as much as long ones;
# faster-paddle pads the tiny model's to 64, where a table's single "7" was lost. At 128 it
# is read, and of `benchmarks/ocr.py`'s words 94.4 % (against 94.2 % at 64), in 1.01 against
# 0.94 CPU-s a page.
LINE_MIN_WIDTH = 128
MAX_RENDER_PIXELS = 3000 * 3000  # a poster-sized page is rendered smaller, not larger
# A page without text is read only if it shows a picture or at least this many shapes (text
# drawn as outlines); forms nested this deep are looked into.
OUTLINE_PATHS = 20
SEARCH_DEPTH = 3
_POINTS_PER_INCH = 72

_engine: Any = None
# Whether this process's memory limit, if any, has room for the OCR models it holds.
_limit_allows_models = True


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: its text, and its lines measured as a layout would be."""

    text: str
    lines: tuple[TextLine, ...]


@dataclass
class OcrResult:
    """The pages read (by index from 0), and why any were not."""

    pages: dict[int, OcrPage] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    ran: bool = False  # whether the OCR models were loaded and used


def read_pages(pdf: OpenedPdf, indexes: Sequence[int], seconds: float,
               memory_bytes: int, showing_text: Collection[int] = ()) -> OcrResult:
    """OCR the pages at `indexes` (from 0) in order, starting no page after `seconds`.

    A page is read if it shows a picture or outlines, or is in `showing_text`: pages whose
    text is drawn in a font without Unicode, so that only its picture tells the words.

    Never raises for a page it cannot read: the reason becomes a warning and the page stays
    without text, as it was.
    """
    import pypdfium2 as pdfium

    result = OcrResult()
    started = time.monotonic()
    with _memory_allowance(memory_bytes):
        document = pdfium.PdfDocument(pdf.data, password=pdf.password or None)
        try:
            pictures = [index for index in indexes
                        if index in showing_text or _shows_something(document[index])]
            if not pictures:
                return result  # blank pages: nothing to read, no models to load
            try:
                engine = _load_engine()
            except Exception as error:  # a missing model or library disables OCR, no more
                result.warnings.append(f"OCR is not available ({error}); scanned pages have "
                                       "no text")
                return result
            result.ran = True
            for done, index in enumerate(pictures):
                if time.monotonic() - started > seconds:
                    left = ", ".join(str(i + 1) for i in pictures[done:])
                    result.warnings.append(f"OCR stopped after {seconds:g} s: page(s) {left} "
                                           "have no text")
                    break
                try:
                    result.pages[index] = _read_page(engine, document[index])
                except (pdfium.PdfiumError, RuntimeError, MemoryError) as error:
                    result.warnings.append(f"OCR failed on page {index + 1}: {error}")
        finally:
            document.close()
    return result


def _shows_something(page: Any) -> bool:
    """Whether a page without text shows anything to read: a picture (a scan), or enough
    drawn shapes to be text set as outlines. A blank page does not."""
    import pypdfium2.raw as pdfium_c

    paths = 0
    for item in page.get_objects(max_depth=SEARCH_DEPTH):
        if item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if item.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= OUTLINE_PATHS:
                return True
    return False


def _read_page(engine: Any, page: Any) -> OcrPage:
    """Render a page and read its lines in reading order, measured in points; a page that
    reads as if upside down is read turned too, and the reading with more letters in lines
    the recognizer is sure of kept."""
    width, height = page.get_size()
    scale = OCR_DPI / _POINTS_PER_INCH
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    image = page.render(scale=scale).to_pil()
    lines, sure, found = _read_lines(engine, image, scale)
    if len(sure) < UPRIGHT_SHARE * found:
        turned, turned_sure, _ = _read_lines(engine, image.rotate(180), scale)
        if _letters(turned_sure) > _letters(sure):
            lines = turned
    return OcrPage("\n".join(line.text for line in lines), tuple(lines))


def _read_lines(engine: Any, image: Any,
                scale: float) -> tuple[list[TextLine], list[TextLine], int]:
    """The lines read on a picture with their sizes and places in points, those of them the
    recognizer is sure of, and how many lines were found on it (read or not)."""
    picture = io.BytesIO()
    image.save(picture, "BMP")
    bounds = engine.ocr(picture.getvalue())["bounds"]
    found = [bounds[number] for number in sorted(bounds)]  # numbered in reading order
    lines, sure = [], []
    for line in found:
        (_, top), (_, bottom) = line["topLeftCoord"], line["bottomRightCoord"]
        words = " ".join(str(line["text"]).split())
        score = float(line["confidence"])
        if words and score >= MIN_LINE_SCORE:
            lines.append(TextLine(words, round((bottom - top) / scale, 2), round(top / scale, 2)))
            if score >= SURE_LINE_SCORE:
                sure.append(lines[-1])
    return lines, sure, len(found)


def _letters(lines: list[TextLine]) -> int:
    return sum(count_letters(line.text) for line in lines)


def _load_engine() -> Any:
    """The OCR engine, loaded once per process, on one thread: `add` runs a worker per core."""
    global _engine
    if _engine is None:
        from faster_paddle import OcrEngine

        _engine = OcrEngine(model_size=MODEL_SIZE, threads=1, det_max_side=DETECT_LONG_SIDE,
                            rec_min_width=LINE_MIN_WIDTH)
    return _engine


def fit_for_more_files() -> bool:
    """Whether this process may read more files after its OCR: true unless it holds the OCR
    models under a memory limit that does not allow for them (see `_memory_allowance`)."""
    return _engine is None or _limit_allows_models


@contextlib.contextmanager
def _memory_allowance(memory_bytes: int) -> Iterator[None]:
    """Raise this process's address-space limit to `memory_bytes` while OCR runs.

    A worker reads PDFs under a tight limit; the OCR models need more. The limit can only be
    raised as far as the worker's hard limit allows, which the pool sets to this allowance.
    Afterwards the limit comes back raised by what OCR left in place (its models, threads and
    their memory), so that the next file has as much room as in a fresh worker and the
    models need not be loaded again for the next scan; where that cannot be measured or
    granted, the process is no longer fit for more files.
    """
    global _limit_allows_models
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        yield
        return
    raised = max(soft, memory_bytes if hard == resource.RLIM_INFINITY
                 else min(memory_bytes, hard))
    before = _address_space()
    resource.setrlimit(resource.RLIMIT_AS, (raised, hard))
    try:
        yield
    finally:
        kept = _growth_since(before)
        room = soft + kept if kept is not None else None
        if room is not None and (hard == resource.RLIM_INFINITY or room <= hard):
            resource.setrlimit(resource.RLIMIT_AS, (room, hard))
        else:  # the models stay, the room for them cannot be given
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
            _limit_allows_models = False


def _growth_since(before: int | None) -> int | None:
    """How far this process's address space grew since `before` (never below 0), or None
    where it cannot be measured."""
    after = _address_space()
    return max(0, after - before) if before is not None and after is not None else None


def _address_space() -> int | None:
    """This process's address space in bytes, where the system says (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None
