"""Describing a date phrase by what a reader would look at to tell whose date it is.

Where it stands (page, top or foot, alone on its line, set large), which kinds of words stand
before and after it (see `datewords`: an issue date's "Stand", a citation's "vom", a
validity's "ab dem"), the shape of its line (a clock time or a file name marks a production
stamp; a long sentence, a mention), whether it recurs, how precise it is, and how it lies
against the file's own creation and modification dates. Each feature is a name with a value;
the weights that turn them into a score are learned (see `model`), never set here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from .datewords import MINUTES_WORDS, TEMPLATE_WORDS, WORD_CLASSES
from .partialdate import PartialDate

if TYPE_CHECKING:
    from .dates import Phrase

# How much of a phrase's line, before and after it, is read for words.
BEFORE_CHARS = 50
AFTER_CHARS = 30
# A line read as a page's top or foot, in lines or characters.
TOP_LINES, TOP_CHARS = 12, 400
FOOT_LINES, FOOT_CHARS = 5, 200
# So many distinct dates on one page make it a table or a chronology.
BUSY_PAGE_DATES = 6
# A line with this many words is a sentence that mentions a date.
SENTENCE_WORDS = 10
# How far along its line, each way, a phrase's line is read.
LINE_REACH = 200


def _words(entries: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(entries, key=len, reverse=True))
    # Whole words only, and not the end of a compound: "Best.datum" (order date) and
    # "Bearbeitungs-Stand" are not "Datum" and "Stand".
    return re.compile(rf"(?<![\w.\-])(?:{alternatives})(?!\w)", re.IGNORECASE)


_CLASSES = {name: _words(entries) for name, entries in WORD_CLASSES.items()}
_ISSUE_AT_END = re.compile(rf"(?:{_CLASSES['issue'].pattern})[\s:]*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\bcopyright\b|\(c\)", re.IGNORECASE)
_CITE_AS = _words(("reference", "citation", "cite as", "cite this", "zitiervorschlag",
                   "zitierweise", "citer ce document", "year", "jahr", "année", "anno", "ano",
                   "año", "rok", "jaar", "år", "vuosi", "év", "anul"))
_TEMPLATE = _words(TEMPLATE_WORDS)
_MINUTES = _words(MINUTES_WORDS)
# "Date:", "Fecha de emisión:", "Data di realizzazione:": a label naming what follows a date.
_DATE_LABEL = re.compile(
    r"(?<![\w.\-])(?:date|data|dato|datum|fecha|année|year|anno|ano|año|jahr|dátum|päivämäärä|"
    r"ημερομηνία)(?!\w)[^\n\d:]{0,25}:\s*$", re.IGNORECASE)
_LABEL = re.compile(r"[^\W\d_][^\n\d:]{0,30}:\s*$")
# Words that make a date label name some other date: "Expiration Date:", "Print date:",
# "Date of birth:".
_OTHER_DATE_CLASSES = ("validity", "production", "birth")
# "Berlin, den", "Bruxelles, le", "V Praze dne", "Aguascalientes, Ags, a": where and on which
# day.
_PLACE = re.compile(r"^\s*[A-ZÀ-ÝΑ-Ω][\w.,\- ]{1,40},\s*"
                    r"(?:den|le|el|il|dnia|the|am|on|a|à|em|en|i|di)?\s*$"
                    r"|^\s*(?:[^\W\d_]+\s+){1,3}(?:den|dne|dnia|am|le|el|il)\s*$")
_STAND_LINE = re.compile(r"\bstand\s*:", re.IGNORECASE)
_CLOCK = re.compile(r"(?<!\d)[0-2]?\d:[0-5]\d(?!\d)")
_FILE_NAME = re.compile(
    r"\w\.(?:indd|indb|qxd|qxp|docx?|odt|pdf|pptx?|xlsx?|tex|dvi|eps|fm|rtf|txt)\b",
    re.IGNORECASE)
_NEWLINE = re.compile("\n")

_YEAR = re.compile(r"(?:19|20)\d\d")
_RANGE = re.compile(r"\s*(?:[-–—]|to|bis|au|al|tot|till|do)\s*\d", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–—]|to|bis|au|al|tot|till|do)\s*$", re.IGNORECASE)


# Pairs of flags that count together as well as apart.
_PAIRS = (("page:1", "introduced"), ("page:1", "alone"), ("introduced", "alone"),
          ("top", "alone"), ("foot", "alone"), ("page:1", "in-title"))


@dataclass(frozen=True)
class Context:
    """What is known about the whole document when one of its phrases is described."""

    counts_by_page: Counter[tuple[PartialDate, int]]
    pages_with: Counter[PartialDate]
    lines_with_dates: frozenset[tuple[int, int]]  # (page, line) pairs holding a phrase
    busy_pages: frozenset[int]
    title_dates: frozenset[PartialDate]
    title_only: frozenset[Phrase]
    latest: PartialDate | None
    earliest: PartialDate | None
    created: PartialDate | None
    modified: PartialDate | None
    large_lines: tuple[str, ...]
    first: Phrase | None  # the first phrase of page 1, as a reader meets it
    introduced: bool  # whether any phrase has a keyword, a place or a title naming it
    on_page_1: bool  # whether page 1 (or a title) states any date
    template: bool
    minutes: bool
    last_page: int | None  # the last page's number, where it is read after the first ones

    @classmethod
    def of(cls, found: Sequence[Phrase], pages: Sequence[str], titles: Sequence[str],
           created: PartialDate | None, modified: PartialDate | None,
           large_lines: Sequence[str], in_titles: Sequence[Phrase],
           last_page: int | None) -> Context:
        on_page = {(p.date, p.page) for p in found}
        distinct_by_page = Counter(page for _, page in on_page)
        # Which date comes first or last is asked of the dates that could be the document's:
        # not one labelled as some other date ("Expiration Date: 01/31/2009").
        own = [p for p in found if not _other_date_label(_before(p.text, p.start))]
        dates = sorted({p.date for p in own}, key=lambda d: d.first_day())
        first_page = pages[0] if pages else ""
        heading = " ".join([*titles, first_page[:600]])
        return cls(
            counts_by_page=Counter((p.date, p.page) for p in found),
            pages_with=Counter(date for date, _ in on_page),
            lines_with_dates=frozenset((p.page, _line_number(p)) for p in found),
            busy_pages=frozenset(page for page, n in distinct_by_page.items()
                                 if n >= BUSY_PAGE_DATES),
            title_dates=frozenset(p.date for p in in_titles),
            title_only=frozenset(p for p in in_titles if p in found),
            latest=dates[-1] if dates else None,
            earliest=dates[0] if dates else None,
            created=created,
            modified=modified,
            large_lines=tuple(" ".join(line.split()) for line in large_lines),
            first=min((p for p in own if p.page == 1 and p not in in_titles),
                      key=lambda p: p.start, default=None),
            introduced=any(_introduced(p) for p in found) or bool(in_titles),
            on_page_1=any(p.page == 1 for p in found),
            template=bool(_TEMPLATE.search(heading)),
            minutes=bool(_MINUTES.search(heading)),
            last_page=last_page,
        )


def has_keyword(text: str, start: int, end: int) -> bool:
    """Whether an issue word, a copyright sign, a "cite as" or a column header names the
    number at `start:end` as a date: bare years and "11/18" count only then."""
    before = _before(text, start)
    return bool(_CLASSES["issue"].search(before) or _DATE_LABEL.search(before)
                or _COPYRIGHT.search(before)
                or _CITE_AS.search(before) or _STAND_LINE.search(_line_before(text, start))
                or _heads_column(text, start, end))


def describe(phrase: Phrase, context: Context) -> dict[str, float]:
    """The features of one date phrase."""
    text, start, end = phrase.text, phrase.start, phrase.end
    line_number, line_start, line_end = _line_at(text, start, end)
    line = text[line_start:line_end]
    lines_total = len(_line_starts(text))
    before, after = _before(text, start), text[end:line_end][:AFTER_CHARS]
    page = "page:last" if phrase.page == context.last_page else f"page:{phrase.page}"
    features = {page: 1.0, f"kind:{phrase.kind}": 1.0,
                f"precision:{phrase.date.precision}": 1.0}
    flags = {
        "page:1": phrase.page == 1,
        "top": line_number < TOP_LINES or start < TOP_CHARS,
        "foot": lines_total - line_number <= FOOT_LINES or len(text) - end < FOOT_CHARS,
        "alone": not text[line_start:start].strip() and not text[end:line_end].strip(" .,"),
        "before:label": bool(_LABEL.search(before)),
        "before:date-label": _date_label(before),
        "before:other-date-label": _other_date_label(before),
        "prose:before": _prose(_bare_words(before)[-2:]),
        "prose:after": _prose(_bare_words(after)[:2]),
        "in-brackets": before.rfind("(") > before.rfind(")") and after.lstrip().startswith(")"),
        "before:place": bool(_PLACE.search(_line_before(text, start))),
        "before:copyright": bool(_COPYRIGHT.search(before)),
        "before:cite-as": bool(_CITE_AS.search(before)),
        "stand-line": bool(_STAND_LINE.search(_line_before(text, start))),
        "column-head": _heads_column(text, start, end),
        "line:clock": bool(_CLOCK.search(line)),
        "line:file-name": bool(_FILE_NAME.search(line)),
        "line:sentence": len(line.split()) >= SENTENCE_WORDS,
        "line:other-date": _others_on_line(phrase),
        "neighbour-date": bool({(phrase.page, line_number - 1), (phrase.page, line_number + 1)}
                               & context.lines_with_dates),
        "busy-page": phrase.page in context.busy_pages,
        "range": bool(_RANGE.match(text, end, end + 8)
                      or _RANGE_BEFORE.search(text, max(0, start - 8), start)),
        "pages:several": context.pages_with[phrase.date] > 1,
        "repeated-on-page": context.counts_by_page[phrase.date, phrase.page] > 1,
        "in-title": phrase.date in context.title_dates,
        "title-only": phrase in context.title_only,
        "large": phrase.page == 1 and _phrase_text(phrase) and any(
            _phrase_text(phrase) in large for large in context.large_lines),
        "latest": phrase.date == context.latest,
        "first": phrase == context.first,
        "earliest": phrase.date == context.earliest and context.latest != context.earliest,
        "minutes&meeting": context.minutes and bool(_CLASSES["meeting"].search(before)),
        "minutes&in-title": context.minutes and phrase.date in context.title_dates,
        "template": context.template,
    }
    for name, words in _CLASSES.items():
        flags[f"before:{name}"] = bool(words.search(before))
        flags[f"after:{name}"] = bool(words.search(after))
    flags["introduced"] = _introduced(phrase)
    # A reader's strongest cues come together: a date alone on a line at the top of page 1,
    # a date introduced by "Stand:" on page 1.
    for first, second in _PAIRS:
        flags[f"{first}&{second}"] = flags.get(first, False) and flags.get(second, False)
    against = _against_file_dates(phrase.date, context)
    # A production stamp (a clock time, a file name, a print line) dated the day the file
    # was made says when it was produced, not the date the document states.
    same_day = "created:same-day" in against or "modified:same-day" in against
    flags["stamp&file-day"] = same_day and (flags["line:clock"] or flags["line:file-name"]
                                            or flags["before:production"])
    features.update({name: 1.0 for name, on in flags.items() if on})
    features.update(against)
    return features


def describe_none(context: Context) -> dict[str, float]:
    """The features of the option that the document states no date of its own."""
    flags = {
        "none": True,
        "none&template": context.template,
        "none&minutes": context.minutes,
        "none&no-phrase": context.latest is None,
        "none&one-date": context.latest is not None and context.latest == context.earliest,
        "none&no-created": context.created is None,
        "none&none-introduced": not context.introduced,
        "none&nothing-on-page-1": not context.on_page_1,
    }
    return {name: 1.0 for name, on in flags.items() if on}


def _introduced(phrase: Phrase) -> bool:
    """Whether words before the phrase say it is a date of the document's: an issue word, a
    date label, a place, "Stand:" or a column header such as "Datum". A place and a year
    alone on their line ("Madrid, 1977") are read as one phrase, its place included."""
    text, start = phrase.text, phrase.start
    before = _before(text, start)
    return bool(phrase.kind == "place-year"
                or _CLASSES["issue"].search(before) or _date_label(before)
                or _PLACE.search(_line_before(text, start))
                or _STAND_LINE.search(_line_before(text, start))
                or _heads_column(text, start, phrase.end))


def _date_label(before: str) -> bool:
    """Whether the words before a phrase end in a label naming the document's date: "Date:",
    "Datum:", but not "Expiration Date:"."""
    return bool(_DATE_LABEL.search(before)) and not _other_date_label(before)


def _other_date_label(before: str) -> bool:
    """Whether the words before a phrase end in a label naming a date other than the
    document's: a period's end, a print run, a birth ("Expiration Date:", "Print date:")."""
    label = _LABEL.search(before)
    return bool(label and _DATE_LABEL.search(label.group())
                and any(_CLASSES[name].search(label.group()) for name in _OTHER_DATE_CLASSES))


def _prose(words: Sequence[str]) -> bool:
    """Whether these words, next to a phrase, are two small-letter words of a sentence that
    mentions the date ("passing sinds 2 februari", "28. April 2021 bis zum")."""
    return len(words) == 2 and all(word.isalpha() and word[0].islower() for word in words)


def _bare_words(text: str) -> list[str]:
    """The words of a text without the punctuation around them."""
    return [bare for word in text.split() if (bare := word.strip(".,;:()[]\"'«»„“”"))]


def _against_file_dates(date: PartialDate, context: Context) -> dict[str, float]:
    """How the date lies against the file's creation (and modification) day."""
    created = context.created
    if created is None:
        return {"created:unknown": 1.0}
    features: dict[str, float] = {}
    first, last = date.first_day(), date.last_day()
    if date.precision == "day" and first == created.first_day():
        features["created:same-day"] = 1.0
    if context.modified and date.precision == "day" and first == context.modified.first_day():
        features["modified:same-day"] = 1.0
    if first > created.last_day() + timedelta(days=366):
        features["created:years-after"] = 1.0
    elif first > created.last_day() + timedelta(days=92):
        features["created:months-after"] = 1.0
    elif first > created.last_day():
        features["created:weeks-after"] = 1.0
    elif last >= created.first_day() - timedelta(days=366):
        features["created:within-year-before"] = 1.0
    elif last >= created.first_day() - timedelta(days=3 * 366):
        features["created:1-3-years-before"] = 1.0
    elif last >= created.first_day() - timedelta(days=10 * 366):
        features["created:3-10-years-before"] = 1.0
    else:
        features["created:decades-before"] = 1.0
    return features


def _before(text: str, start: int) -> str:
    """The words before a phrase on its line; where it opens its line, the line above's end
    ("Stand:" over "November 2017")."""
    own = _line_before(text, start)
    if own.strip():
        return own[-BEFORE_CHARS:]
    number, line_start, _ = _line_at(text, start, start)
    if number == 0:
        return ""
    _, above_start, above_end = _line_at(text, line_start - 1, line_start - 1)
    return text[above_start:above_end][-BEFORE_CHARS // 2:]


def _line_before(text: str, start: int) -> str:
    _, line_start, _ = _line_at(text, start, start)
    return text[line_start:start]


def _heads_column(text: str, start: int, end: int) -> bool:
    """Whether the line above ends with an issue word ("Factuurnr. Datum") over a phrase that
    ends its own line: a table's column header over its value."""
    number, line_start, line_end = _line_at(text, start, end)
    if number == 0 or text[end:line_end].strip(" .,"):
        return False
    _, above_start, above_end = _line_at(text, line_start - 1, line_start - 1)
    return bool(_ISSUE_AT_END.search(text, above_start, above_end))


@lru_cache(maxsize=8)
def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of a page begins: found once per page, so that each of thousands of
    dates in a table finds its line without reading the page again."""
    return (0, *(match.end() for match in _NEWLINE.finditer(text)))


def _line_at(text: str, start: int, end: int) -> tuple[int, int, int]:
    """The number, start and end of the line holding `start:end`, the line's ends kept
    within `LINE_REACH` characters of the phrase (a page of one endless line stays cheap)."""
    starts = _line_starts(text)
    number = bisect_right(starts, start) - 1
    line_end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
    return (number, max(starts[number], start - LINE_REACH),
            max(end, min(line_end, end + LINE_REACH)))


def _line_number(phrase: Phrase) -> int:
    return _line_at(phrase.text, phrase.start, phrase.end)[0]


def _others_on_line(phrase: Phrase) -> bool:
    """Whether another date phrase stands on the same line (a period, a table row)."""
    text = phrase.text
    _, line_start, line_end = _line_at(text, phrase.start, phrase.end)
    rest = text[line_start:phrase.start] + " " + text[phrase.end:line_end]
    return bool(_YEAR.search(rest))


def _phrase_text(phrase: Phrase) -> str:
    return " ".join(phrase.text[phrase.start:phrase.end].split())
