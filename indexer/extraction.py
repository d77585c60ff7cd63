"""From PDF bytes to text and trustworthy metadata.

This is the indexer's one entry point for a new document: open it, read its facts, extract the
text of every page, then decide its date, language and title from all the evidence, keeping the
evidence so that a user can see why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import dates, language, ocr, titles
from .dates import DateCandidate
from .engines import (
    DEFAULT_ENGINES,
    EngineError,
    TextEngine,
    TextLine,
    extract_pages,
    first_page_lines,
)
from .errors import DamagedPdfError
from .limits import Limits
from .overrides import Overrides, PageHints
from .partialdate import PartialDate
from .pdf import PdfFacts, open_pdf, read_facts

# Fewer letters than this on all pages together means there is no text layer to speak of.
MIN_TEXT_LETTERS = 20
# A date a linking page states ("Stand: November 2017" beside the link) scores as a date on
# page 1 beside a keyword would, less a point: the document's own clear statement wins.
PAGE_HINT_SCORE = 6.0
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Extraction:
    """A document's text (one string per page) and everything decided about it."""

    page_texts: list[str]
    size_bytes: int
    pages: int
    title: str
    title_source: str
    date: PartialDate | None
    date_source: str | None
    date_evidence: str | None
    date_candidates: list[DateCandidate]
    language: str | None
    language_source: str | None
    language_confidence: float
    languages: list[tuple[str, float]]
    declared_language: str | None
    author: str | None
    needs_ocr: bool
    engine: str
    warnings: tuple[str, ...] = ()
    info: dict[str, str] = field(default_factory=dict)
    xmp: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All pages' text, pages separated by form feeds."""
        return "\f".join(self.page_texts)


@dataclass(frozen=True)
class RawDocument:
    """What reading a PDF yields before any decision: its text, its facts, the engine used.

    Reading runs in a worker process under limits; deciding (`describe`) runs in the caller,
    so that the language model is loaded once, not once per worker.
    """

    page_texts: list[str]
    size_bytes: int
    facts: PdfFacts
    engine: str
    warnings: tuple[str, ...]
    first_page_lines: tuple[TextLine, ...] = ()  # with their sizes, to find the heading
    ocr_pages: tuple[int, ...] = ()  # numbers (from 1) of the pages whose text OCR read
    ran_ocr: bool = False  # whether OCR was tried, whatever it found


def extract(
    data: bytes,
    filename: str,
    overrides: Overrides | None = None,
    password: str | None = None,
    engines: tuple[TextEngine, ...] = DEFAULT_ENGINES,
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> Extraction:
    """Read a PDF's text and decide its metadata (`read_pdf`, then `describe`).

    Raises:
        PdfError: the bytes cannot be read as a PDF (a subclass says why), or it has more pages
            than `limits` allow.
    """
    return describe(read_pdf(data, password, limits, engines), filename, overrides, today)


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
        raise DamagedPdfError(
            f"too many pages ({facts.page_count}; the limit is {limits.max_pages})")
    try:
        extracted, engine = extract_pages(pdf, engines)
    except EngineError as error:
        raise DamagedPdfError(f"damaged PDF: no text engine can read it ({error})") from error
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
    lines = first_page_lines(pdf)
    scanned = [index for index, text in enumerate(page_texts) if not _LETTER.search(text)]
    ocr_pages: tuple[int, ...] = ()
    ran_ocr = False
    if scanned and limits.ocr_seconds > 0:
        read = ocr.read_pages(pdf, scanned, limits.ocr_seconds, limits.ocr_memory_bytes)
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


def describe(raw: RawDocument, filename: str, overrides: Overrides | None = None,
             today: dt.date | None = None, hints: PageHints | None = None) -> Extraction:
    """Decide a read document's language, date and title from all the evidence, including
    what a web page linking to it says (`hints`)."""
    overrides = overrides or Overrides()
    facts, page_texts = raw.facts, raw.page_texts
    warnings = list(raw.warnings)
    full_text = "\n".join(page_texts)
    has_text = len(_LETTER.findall(full_text)) >= MIN_TEXT_LETTERS
    if not has_text:
        warnings.append("no text layer: needs OCR")
    lang = _decide_language(full_text if has_text else "", facts.declared_language, overrides,
                            hints)
    metadata_titles = [facts.xmp.get("dc:title"), facts.info.get("Title")]
    running = titles.running_lines(page_texts)
    heading = titles.heading(raw.first_page_lines, running)
    stated_titles = tuple(t for t in [heading, *metadata_titles]
                          if t and titles.is_real_title(t))
    candidates = _date_candidates(page_texts, facts.info, facts.xmp, lang.code, overrides, today,
                                  stated_titles, hints)
    chosen = _choose_date(candidates)
    title, title_source = (
        (overrides.title, "user") if overrides.title
        else titles.choose_title(
            metadata_titles,
            page_texts[0] if page_texts else "",
            filename,
            heading,
            running,
        )
    )
    if hints and hints.title and title_source in ("metadata", "text", "filename"):
        title, title_source = hints.title, "page"  # the publisher's name for it
    return Extraction(
        page_texts=page_texts,
        size_bytes=raw.size_bytes,
        pages=facts.page_count,
        title=title,
        title_source=title_source,
        date=chosen.date if chosen else None,
        date_source=chosen.source if chosen else None,
        date_evidence=chosen.evidence if chosen else None,
        date_candidates=candidates,
        language=lang.code,
        language_source=lang.source,
        language_confidence=round(lang.confidence, 3),
        languages=language.shares(page_texts) if has_text else [],
        declared_language=facts.declared_language,
        author=facts.info.get("Author"),
        needs_ocr=not has_text,
        engine=raw.engine,
        warnings=tuple(warnings),
        info=facts.info,
        xmp=facts.xmp,
    )


def _decide_language(
    text: str, declared: str | None, overrides: Overrides, hints: PageHints | None
) -> language.LanguageGuess:
    """The user's language, else the detected one; a declared one (by the PDF, else by the
    page linking to it) where detection is unsure."""
    if overrides.language:
        return language.LanguageGuess(overrides.language, 1.0, "user")
    if declared is None and hints and hints.language:
        guess = language.decide(text, hints.language)
        if guess.source == "declared":
            return language.LanguageGuess(guess.code, guess.confidence, "page")
        return guess
    return language.decide(text, declared)


def _date_candidates(
    page_texts: list[str],
    info: dict[str, str],
    xmp: dict[str, Any],
    lang: str | None,
    overrides: Overrides,
    today: dt.date | None,
    titles: tuple[str, ...],
    hints: PageHints | None,
) -> list[DateCandidate]:
    """Every date candidate, in order of preference by source: user, text and page, xmp,
    info."""
    found: list[DateCandidate] = []
    if overrides.date:
        found.append(DateCandidate(overrides.date, "user", "given with --date", 100.0))
    if hints and hints.date:
        found.append(DateCandidate(hints.date, "page", f"{hints.date_evidence} (on "
                                   f"{hints.page_url})", PAGE_HINT_SCORE))
    created_xmp = dates.parse_pdf_date(xmp.get("xmp:CreateDate") or xmp.get("dc:date"))
    created_info = dates.parse_pdf_date(info.get("CreationDate"))
    found.extend(dates.stated_dates(page_texts, today=today, created=created_xmp or created_info,
                                    language=lang, titles=titles))
    if created_xmp:
        found.append(DateCandidate(created_xmp, "xmp", "XMP creation date", 0.0))
    if created_info:
        found.append(DateCandidate(created_info, "info", "Info CreationDate", 0.0))
    return found


def _choose_date(candidates: list[DateCandidate]) -> DateCandidate | None:
    """The user's date, else the best convincing stated date or the date the linking page
    states, whichever is clearer, else a creation date."""
    for candidate in candidates:
        if candidate.source == "user":
            return candidate
    stated = dates.best_stated_date([c for c in candidates if c.source == "text"])
    page = next((c for c in candidates if c.source == "page"), None)
    if stated and (page is None or stated.score >= page.score):
        return stated
    if page:
        return page
    return next((c for c in candidates if c.source in ("xmp", "info")), None)
