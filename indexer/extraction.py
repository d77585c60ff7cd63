"""From PDF bytes to text and trustworthy metadata.

This is the indexer's one entry point for a new document: open it, read its facts, extract the
text of every page, then decide its date, language and title from all the evidence, keeping the
evidence so that a user can see why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import dates, language, model, titles
from .dates import DateCandidate
from .engines import DEFAULT_ENGINES, TextEngine
from .letters import has_letters
from .limits import Limits
from .model import LinearModel
from .overrides import Overrides, PageHints
from .partialdate import PartialDate
from .reading import RawDocument, read_pdf

# Fewer letters than this on all pages together means there is no text layer to speak of.
MIN_TEXT_LETTERS = 20
# A date a linking page states ("Stand: November 2017" beside the link) counts as a stated
# date the model finds seven times likelier than none (log-odds 2): a date the document
# itself states more surely than that wins over it.
PAGE_HINT_SCORE = 2.0


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
    title_candidates: list[titles.ScoredTitle]
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


@dataclass(frozen=True)
class Models:
    """The learned models that decide a document's metadata (see `model`)."""

    dates: LinearModel
    titles: LinearModel

    @classmethod
    def shipped(cls) -> Models:
        return cls(model.shipped("dates"), model.shipped("titles"))


@dataclass(frozen=True)
class Options:
    """What the models choose among for one document, before any weights are applied: the
    fitting script (`benchmarks/fit_weights.py`) and `describe` both start from this."""

    language: language.LanguageGuess
    has_text: bool
    dates: dates.DateOptions
    titles: titles.TitleOptions


def options(raw: RawDocument, filename: str, overrides: Overrides | None = None,
            today: dt.date | None = None, hints: PageHints | None = None) -> Options:
    """The language decided, and the date and title options described for the models."""
    overrides = overrides or Overrides()
    facts, page_texts = raw.facts, raw.page_texts
    full_text = "\n".join(page_texts)
    has_text = has_letters(full_text, MIN_TEXT_LETTERS)
    lang = _decide_language(full_text if has_text else "", facts.declared_language, overrides,
                            hints)
    metadata_titles = [facts.xmp.get("dc:title"), facts.info.get("Title")]
    running = titles.running_lines(page_texts)
    heading = titles.heading(raw.first_page_lines, running)
    stated_titles = tuple(t for t in [heading, *metadata_titles]
                          if t and titles.is_real_title(t))
    created = (dates.parse_pdf_date(facts.xmp.get("xmp:CreateDate") or facts.xmp.get("dc:date"))
               or dates.parse_pdf_date(facts.info.get("CreationDate")))
    modified = (dates.parse_pdf_date(facts.xmp.get("xmp:ModifyDate"))
                or dates.parse_pdf_date(facts.info.get("ModDate")))
    date_options = dates.date_options(page_texts, today, created, lang.code, stated_titles,
                                      modified, titles.large_lines(raw.first_page_lines))
    title_options = titles.title_options(metadata_titles, page_texts[0] if page_texts else "",
                                         filename, raw.first_page_lines, running, heading)
    return Options(lang, has_text, date_options, title_options)


def describe(raw: RawDocument, filename: str, overrides: Overrides | None = None,
             today: dt.date | None = None, hints: PageHints | None = None,
             models: Models | None = None) -> Extraction:
    """Decide a read document's language, date and title from all the evidence, including
    what a web page linking to it says (`hints`)."""
    overrides = overrides or Overrides()
    models = models or Models.shipped()
    facts, page_texts = raw.facts, raw.page_texts
    found = options(raw, filename, overrides, today, hints)
    warnings = list(raw.warnings)
    if not found.has_text:
        warnings.append("no text layer: needs OCR")
    lang = found.language
    candidates = _date_candidates(found.dates, models.dates, facts.info, facts.xmp, overrides,
                                  hints)
    chosen = _choose_date(candidates)
    ranked_titles = titles.ranked_titles(found.titles, models.titles)
    title, title_source = (
        (overrides.title, "user") if overrides.title
        else (ranked_titles[0].title, ranked_titles[0].source)
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
        title_candidates=ranked_titles,
        language=lang.code,
        language_source=lang.source,
        language_confidence=round(lang.confidence, 3),
        languages=language.shares(page_texts) if found.has_text else [],
        declared_language=facts.declared_language,
        author=facts.info.get("Author"),
        needs_ocr=not found.has_text,
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
    options: dates.DateOptions,
    date_model: LinearModel,
    info: dict[str, str],
    xmp: dict[str, Any],
    overrides: Overrides,
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
    found.extend(dates.rank(options, date_model))
    created_xmp = dates.parse_pdf_date(xmp.get("xmp:CreateDate") or xmp.get("dc:date"))
    created_info = dates.parse_pdf_date(info.get("CreationDate"))
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
