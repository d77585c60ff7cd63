"""Finding the date a document states as its own.

A policy paper says when it was issued ("Stand: November 2017", "Brussels, 26.4.2017",
"Versie 1.1 (augustus 2025)"), usually on its first pages, near the top or bottom of a page or
next to a word such as "Stand" or "Date", or where it is signed, on its last page. The same pages
also cite other dates ("Directive of 12 June 2003") that are not the document's. So every date
phrase on the first pages and the last is found (`find_phrases`), described by features of its
place and its words (`date_features`), and scored by a learned linear model (`model`) against
the option that the document states no date at all. The best date wins where it is likelier
than that; all are kept as evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from dateutil.parser import isoparse

from . import date_features
from .datewords import MONTHS
from .model import LinearModel, log_sum_exp, shipped
from .partialdate import PartialDate

EARLIEST_YEAR = 1900
PAGES_SEARCHED = 3


_Tree = dict[str, "_Tree"]  # a letter, and the letters that may follow it ("": a word ends)


def _any_of(words: Iterable[str]) -> str:
    """A regular expression for any of `words`, the longest that fits first, written as a
    tree of their shared beginnings: the engine then tries only the words that begin with the
    letter at hand, not hundreds of month names at every position of a page."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: _Tree) -> str:
        longer = [re.escape(char) + branch(rest) for char, rest in sorted(node.items()) if char]
        if not longer:
            return ""
        either = longer[0] if len(longer) == 1 else f"(?:{'|'.join(longer)})"
        return f"(?:{either})?" if "" in node else either

    return branch(tree)


_MONTH_NUMBERS = {name.lower(): number for number, names in MONTHS.items() for name in names}
_MONTH = _any_of(_MONTH_NUMBERS)
_DAY = r"(?P<d>[0-3]?\d)"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_SHORT_YEAR = r"(?P<y>\d\d)"
# The end of a month name: no letter follows, though a digit may ("November2017" as OCR
# reads "November 2017" when it loses the space).
_WORD_END = r"(?![^\W\d_])"

# Each pattern names the parts it reads; order matters only for overlapping matches, where the
# more precise pattern listed first wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "January 1–December 31, 2007" is a period within a year, stated to the year.
    ("period", re.compile(
        rf"\b(?:{_MONTH})\b\.?\s+[0-3]?\d\s*[-–]\s*(?:{_MONTH})\b\.?\s+[0-3]?\d\s*,?\s*"
        rf"{_YEAR}\b", re.IGNORECASE)),
    # "3. März 2023", "1er février 2020", "10 de febrero de 2021", "14-FEB-2021", "3rd of March
    # 2021", "04/Novembro/2020"; OCR may lose the spaces around it: "du23mars2023"
    ("day-month-year", re.compile(
        rf"(?<![\d.]){_DAY}(?:\.|er|º|°|st|nd|rd|th)?[\s\-/]*(?:de\s+|di\s+|of\s+|the\s+)?"
        rf"(?P<m>{_MONTH}){_WORD_END}\.?[\s\-/]*(?:de\s+|del\s+)?,?\s*{_YEAR}\b",
        re.IGNORECASE)),
    # "March 3rd, 2021", "Feb 24, 2017", "Jul31,2019" as OCR reads it
    ("month-day-year", re.compile(
        rf"\b(?P<m>{_MONTH}){_WORD_END}\.?\s*{_DAY}(?:st|nd|rd|th)?\s*,?\s*{_YEAR}\b",
        re.IGNORECASE)),
    # Hungarian, year first and the month in small letters: "2023. március 15."
    ("year-month-day", re.compile(
        rf"\b{_YEAR}\.?\s+(?P<m>{_MONTH}){_WORD_END}\.?\s+{_DAY}\b(?!\.\d)")),
    ("iso", re.compile(rf"(?<![\d.\-/]){_YEAR}-(?P<m>[01]\d)-{_DAY}(?![\d\-/])")),
    # "2023/02/14", "2023.03.15", "2023. 03. 15."
    ("year-first", re.compile(
        rf"(?<![\d.\-/]){_YEAR}(?P<sep>[./]\s?)(?P<m>[01]?\d)(?P=sep){_DAY}(?![\d/])")),
    # "26.4.2017", "28/11/2012", "21-09-2016", "04/27/2022"; OCR may leave a space after a
    # separator ("07.06. 2019") or lose one before the date ("XHUAA.12-06-2020"), but a number
    # before a dot makes it a section or version number ("1.12.06.2020"); a dash after it is
    # a rule ("17-10-2019--"), unless a number follows (an identifier "12-06-2020-3")
    ("numeric", re.compile(
        rf"(?<![\d\-/])(?<!\d\.){_DAY}(?P<sep>[./\-])\s?(?P<m>[0-3]?\d)(?P=sep)\s?{_YEAR}"
        rf"(?![\d/]|-+\d)")),
    # Two-digit years need a keyword: "Stand: 1.7.18", "Datum 14.03.19", "Date: 11/23/18".
    ("numeric-short", re.compile(
        rf"(?<![\d.\-/]){_DAY}(?P<sep>\.|/)(?P<m>[0-3]?\d)(?P=sep){_SHORT_YEAR}(?![\d/.\-])")),
    ("month-dayrange-year", re.compile(
        rf"\b(?P<m>{_MONTH})\b\.?\s+[0-3]?\d\s*[-–]\s*[0-3]?\d\s*,?\s*{_YEAR}\b", re.IGNORECASE)),
    ("dayrange-month-year", re.compile(
        rf"(?<![\d.])\b[0-3]?\d\.?\s*[-–]\s*[0-3]?\d\.?\s+(?P<m>{_MONTH})\b\.?\s*,?\s*{_YEAR}\b",
        re.IGNORECASE)),
    ("month-year", re.compile(
        rf"\b(?P<m>{_MONTH}){_WORD_END}\.?\s*(?:de\s+|del\s+|-\s*|–\s*|,\s*)?{_YEAR}\b",
        re.IGNORECASE)),
    ("year-month", re.compile(rf"\b{_YEAR}\.\s+(?P<m>{_MONTH}){_WORD_END}")),
    ("keyword-month-year", re.compile(
        rf"(?<![\d/])(?P<m>[01]?\d)[./]{_YEAR}(?![\d/])")),
    # "Madrid, 1977" alone on its line: a place and a year, as imprints state them.
    ("place-year", re.compile(
        rf"^[ \t]*[A-ZÀ-Ý][\w.\- ]{{1,30}},[ \t]*{_YEAR}[ \t.]*$", re.MULTILINE)),
    ("keyword-year", re.compile(rf"(?<![\d./\-]){_YEAR}(?![\d./\-])")),
]
# A form prints its edition after its name: "FORM FDA 1572 (4/25)", "Formulario I-9 10/21/19".
_FORM_EDITION = re.compile(
    r"\b(?:form|formulario|formulaire|formular|formulier|modulo)\s+[\w\-]{1,8}"
    r"(?:\s+[\w\-]{1,8})?\s+\(?(?:rev\.?\s*)?(?P<m>[01]?\d)/(?:(?P<d>[0-3]?\d)/)?"
    r"(?P<y>\d\d)\)?(?![\d/])", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d|[./]\d\d(?!\d)")
# The longest phrase before its year: a day, "de", a month name, "de" and separators.
_WINDOW_BEFORE = 48
# After the year: "-11-16" of an ISO date, a Hungarian month and day, a number's end.
_WINDOW_AFTER = 24

# Forms that are also plain numbers need a keyword next to them to count as dates.
_NEEDS_KEYWORD = {"keyword-month-year", "keyword-year", "numeric-short"}
# "Version 3.2.19" is a version number, not 3 February 2019; "Version03-janvier 2024" is
# version 3 of January 2024.
_AFTER_VERSION = {"numeric-short", "day-month-year"}
_VERSION_BEFORE = re.compile(r"(?:\bv|versi\w*|versão|wersja|verze|fassung)\.?\s*$",
                             re.IGNORECASE)


@dataclass(frozen=True)
class DateCandidate:
    """A date the document may mean as its own, with where it came from and how sure we are.

    For dates found in the text, `score` is the model's log-odds of this date against the
    document stating no date: above 0, the date is likelier than not stating one.
    """

    date: PartialDate
    source: str  # "user", "text", "page", "xmp" or "info"
    evidence: str
    score: float
    page: int | None = None
    reasons: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The candidate as `show --json` and the catalog keep it."""
        return {"date": self.date.iso(), "source": self.source, "evidence": self.evidence,
                "score": self.score, "page": self.page, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Phrase:
    """A date phrase as it stands on a page, before anyone judges it."""

    date: PartialDate
    kind: str  # the pattern that read it: "day-month-year", "numeric", "keyword-year" …
    page: int
    start: int
    end: int
    text: str  # the page's whole text, for looking around the phrase


@dataclass(frozen=True)
class DateOptions:
    """Everything the model chooses among for one document: each phrase with its features,
    and the features of the option that the document states no date of its own."""

    phrases: list[tuple[Phrase, dict[str, float]]]
    none: dict[str, float]


def month_number(name: str) -> int | None:
    """1–12 for a month name or abbreviation in any supported language, else None."""
    return _MONTH_NUMBERS.get(name.rstrip(".").lower())


def stated_dates(
    pages: Sequence[str],
    today: dt.date | None = None,
    created: PartialDate | None = None,
    language: str | None = None,
    titles: tuple[str, ...] = (),
    modified: PartialDate | None = None,
    large_lines: tuple[str, ...] = (),
    model: LinearModel | None = None,
) -> list[DateCandidate]:
    """Every date the first pages and the last state, best first (see `date_options` and
    `rank`)."""
    options = date_options(pages, today, created, language, titles, modified, large_lines)
    return rank(options, model or shipped("dates"))


def date_options(
    pages: Sequence[str],
    today: dt.date | None = None,
    created: PartialDate | None = None,
    language: str | None = None,
    titles: tuple[str, ...] = (),
    modified: PartialDate | None = None,
    large_lines: tuple[str, ...] = (),
) -> DateOptions:
    """The date phrases of the first pages, the last page and the titles, described for the
    model.

    `created` and `modified` are the file's own dates; `language` decides whether 03/04/2020
    is read month-first (English) or day-first; `titles` are the page-1 heading and the
    metadata titles; `large_lines` the lines of page 1 set larger than its usual text.
    """
    today = today or dt.date.today()
    searched = list(enumerate(pages[:PAGES_SEARCHED], start=1))
    last_page = len(pages) if len(pages) > PAGES_SEARCHED else None
    if last_page:  # where a letter or a report is signed and dated
        searched.append((last_page, pages[-1]))
    found = [p for number, text in searched for p in find_phrases(text, number, language)]
    page_dates = {p.date for p in found if p.page == 1}
    in_titles = [p for title in titles for p in find_phrases(title, 1, language)]
    found += [p for p in in_titles if p.date not in page_dates]
    found = [p for p in found if p.date.year >= EARLIEST_YEAR and p.date.first_day() <= today]
    context = date_features.Context.of(found, pages, titles, created, modified, large_lines,
                                       in_titles, last_page)
    phrases = [(p, date_features.describe(p, context)) for p in found]
    return DateOptions(phrases, date_features.describe_none(context))


def rank(options: DateOptions, model: LinearModel) -> list[DateCandidate]:
    """Each date found, scored by `model` against the document stating none, best first.

    A date found several times scores as all its phrases together; its evidence is its best
    phrase's.
    """
    none = model.score(options.none)
    by_date: dict[PartialDate, list[tuple[float, Phrase, dict[str, float]]]] = {}
    for phrase, features in options.phrases:
        by_date.setdefault(phrase.date, []).append((model.score(features), phrase, features))
    candidates = []
    for date, scored in by_date.items():
        _, best, features = max(scored, key=lambda s: s[0])
        total = log_sum_exp(s for s, _, _ in scored)
        candidates.append(DateCandidate(date, "text", _evidence(best),
                                        round(total - none, 2), best.page,
                                        tuple(model.reasons(features))))
    return sorted(candidates, key=lambda c: (-c.score, c.page or 0))


def best_stated_date(candidates: list[DateCandidate]) -> DateCandidate | None:
    """The winning stated date, or None when the document more likely states no date."""
    for candidate in candidates:
        if candidate.score > 0:
            return candidate
    return None


def parse_pdf_date(raw: object) -> PartialDate | None:
    """The day of a PDF date string (`D:20170224133144-06'00'`) or datetime, else None.

    Only the calendar day is kept: the time of day says nothing about the document.
    """
    if isinstance(raw, dt.datetime):
        return _bounded(PartialDate(raw.year, raw.month, raw.day))
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", text)
    if match and (len(text) < 5 or text[4] != "-"):
        year, month, day = match.groups()
        try:
            return _bounded(PartialDate(int(year), int(month) if month else None,
                                        int(day) if month and day else None))
        except ValueError:
            return None
    try:
        moment = isoparse(text)
    except (ValueError, OverflowError):
        return None
    return _bounded(PartialDate(moment.year, moment.month, moment.day))


def _bounded(date: PartialDate) -> PartialDate | None:
    """The date if it is plausible for a document (1900 up to today), else None."""
    if date.year < EARLIEST_YEAR or date.first_day() > dt.date.today():
        return None
    return date


def find_phrases(text: str, page: int, language: str | None) -> list[Phrase]:
    """The date phrases on one page; where two overlap, the more precise pattern's."""
    taken: set[int] = set()  # the characters a phrase already covers
    found: list[Phrase] = []
    windows = _year_windows(text)
    matches = chain(((kind, match) for kind, pattern in _PATTERNS for window in windows
                     for match in pattern.finditer(text, *window)),
                    (("form-edition", match) for match in _FORM_EDITION.finditer(text)))
    for kind, match in matches:
        start, end = match.span()
        if any(position in taken for position in range(start, end)):
            continue
        if kind in _NEEDS_KEYWORD and not date_features.has_keyword(text, start, end):
            continue
        if kind in _AFTER_VERSION and _VERSION_BEFORE.search(text, max(0, start - 12), start):
            continue
        date = _date_of(kind, match, language)
        if date is None:
            continue
        taken.update(range(start, end))
        found.append(Phrase(date, kind, page, start, end, text))
    return found


def _year_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of the page around each year, where every date phrase must lie.

    Every pattern needs a year, so searching only near years keeps a long page cheap.
    """
    windows: list[tuple[int, int]] = []
    for match in _ANY_YEAR.finditer(text):
        start, end = max(0, match.start() - _WINDOW_BEFORE), match.end() + _WINDOW_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _date_of(kind: str, match: re.Match[str], language: str | None) -> PartialDate | None:
    """The PartialDate a pattern match stands for, or None when its parts are impossible."""
    parts = match.groupdict()
    year = _full_year(int(parts["y"])) if len(parts["y"]) == 2 else int(parts["y"])
    raw_month = parts.get("m")
    day = int(parts["d"]) if parts.get("d") else None
    if raw_month is None:
        month = None
    elif raw_month.isdigit():
        month = int(raw_month)
    else:
        month = month_number(raw_month)
    if kind in ("numeric", "numeric-short") and month is not None and day is not None:
        month_first = parts["sep"] == "/" and language == "en" and month <= 12
        if month > 12 or (month_first and day <= 12):
            month, day = day, month
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _full_year(short: int) -> int:
    """The year a two-digit "/25" means: this century's, unless that is still ahead."""
    this_year = dt.date.today().year
    return 2000 + short if 2000 + short <= this_year else 1900 + short


def _evidence(phrase: Phrase) -> str:
    """The matched phrase with a little of its line before it, on one line."""
    text, start = phrase.text, phrase.start
    line_start = text.rfind("\n", max(0, start - 30), start) + 1
    lead = text[max(line_start, start - 30):start]
    return re.sub(r"\s+", " ", (lead + text[start:phrase.end]).strip())
