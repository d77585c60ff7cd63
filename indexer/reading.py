"""Reading a PDF: its text page by page, its facts, and the layout of its first page.

Reading runs in a worker process under limits (see `workers`); what it yields is a
`RawDocument`, which `extraction.describe` then decides about, in the same worker when the task
asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ocr
from .engines import (
    DEFAULT_ENGINES,
    EngineError,
    TextEngine,
    TextLine,
    extract_pages,
)
from .errors import DamagedPdfError, LimitExceededError
from .letters import LETTER
from .limits import Limits
from .pdf import PdfFacts, open_pdf, read_facts


@dataclass(frozen=True)
class RawDocument:
    """What reading a PDF yields before any decision: its text, its facts, the engine used.

    Reading and deciding (`describe`) are separate steps, so that the accuracy benchmark and
    the scripts fitting the models read each file once (and keep what they read) however
    often they decide about it.
    """

    page_texts: list[str]
    size_bytes: int
    facts: PdfFacts
    engine: str
    warnings: tuple[str, ...]
    first_page_lines: tuple[TextLine, ...] = ()  # with their sizes, to find the heading
    ocr_pages: tuple[int, ...] = ()  # numbers (from 1) of the pages whose text OCR read
    ran_ocr: bool = False  # whether OCR was tried, whatever it found


def read_pdf(
    data: bytes,
    password: str | None = None,
    limits: Limits | None = None,
    engines: tuple[TextEngine, ...] = DEFAULT_ENGINES,
) -> RawDocument:
    """Open a PDF and extract the text of every page, within `limits`.

    Raises:
        PdfError: the bytes cannot be read as a PDF (a subclass says why), or it has more pages
            than `limits` allow.
    """
    limits = limits or Limits()
    pdf = open_pdf(data, password)
    facts = read_facts(pdf)
    if facts.page_count > limits.max_pages:
        raise LimitExceededError(
            f"too many pages ({facts.page_count}; the limit is {limits.max_pages})")
    try:
        found, engine = extract_pages(pdf, engines)
    except EngineError as error:
        raise DamagedPdfError(f"damaged PDF: no text engine can read it ({error})") from error
    extracted = found.page_texts
    warnings = list(facts.warnings)
    long_pages = [n for n, text in enumerate(extracted, 1)
                  if text and len(text) > limits.max_page_chars]
    if long_pages:
        warnings.append(f"text of page(s) {', '.join(map(str, long_pages))} cut at "
                        f"{limits.max_page_chars} characters")
    failed_pages = [str(number) for number, text in enumerate(extracted, start=1) if text is None]
    if failed_pages:
        warnings.append(f"text of page(s) {', '.join(failed_pages)} could not be extracted")
    page_texts = [(text or "")[:limits.max_page_chars] for text in extracted]
    lines = found.first_page_lines
    if found.unmapped_pages:  # given without text: read as scans
        unmapped = tuple(index + 1 for index in sorted(found.unmapped_pages))
        warnings.append(f"text of page(s) {_numbers(unmapped)} in fonts without Unicode: "
                        "no words")
    scanned = [index for index, text in enumerate(page_texts) if not LETTER.search(text)]
    ocr_pages: tuple[int, ...] = ()
    ran_ocr = False
    if scanned and limits.ocr_seconds > 0:
        read = ocr.read_pages(pdf, scanned, limits.ocr_seconds, limits.ocr_memory_bytes,
                              showing_text=found.unmapped_pages)
        for index, page in read.pages.items():
            page_texts[index] = page.text[:limits.max_page_chars]
        if 0 in read.pages:
            lines = read.pages[0].lines
        ocr_pages = tuple(index + 1 for index, page in sorted(read.pages.items()) if page.text)
        ran_ocr = read.ran
        warnings.extend(read.warnings)
        if ocr_pages:
            warnings.append(f"text of page(s) {_numbers(ocr_pages)} read by OCR")
    return RawDocument(page_texts, len(data), facts, engine, tuple(warnings), lines, ocr_pages,
                       ran_ocr=ran_ocr)


def _numbers(pages: tuple[int, ...]) -> str:
    """Page numbers as a reader writes them: "1-3, 7"."""
    spans: list[list[int]] = []
    for number in pages:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)
