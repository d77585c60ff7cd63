"""Finding the date a document states as its own.

A policy paper says when it was issued ("Stand: November 2017", "Brussels, 26.4.2017",
"Versie 1.1 (augustus 2025)"), usually on its first pages, near the top or bottom of a page or
next to a word such as "Stand" or "Date". The same pages also cite other dates ("Directive of 12
June 2003") that are not the document's. So every date-like phrase on the first pages becomes a
scored candidate; the best one above a threshold wins, and all are kept as evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain

from dateutil.parser import isoparse, parserinfo

from .partialdate import PartialDate

EARLIEST_YEAR = 1900
PAGES_SEARCHED = 3
ACCEPT_SCORE = 4.0
BUSY_PAGE_DATES = 6
HEADING_BONUS = 4.0
COLUMN_PENALTY = 2.0
# A date only a title states scores as a page-1 date next to "Date:" would.
TITLE_DATE_SCORE = 5.0
CREATION_AGREEMENT_BONUS = 1.0


class _MonthNames(parserinfo):  # type: ignore[misc]
    """Month names and abbreviations in de, en, fr, nl, it, es, pl (and pt), for dateutil."""

    MONTHS = [
        ("jan", "january", "januar", "jänner", "janvier", "janv", "januari", "gennaio",
         "gen", "enero", "ene", "janeiro", "styczeń", "styczen", "stycznia"),
        ("feb", "february", "februar", "feber", "février", "fevrier", "févr", "fevr",
         "februari", "febbraio", "febrero", "fevereiro", "luty", "lutego"),
        ("mar", "march", "märz", "maerz", "mär", "mars", "maart", "mrt", "marzo",
         "março", "marco", "marzec", "marca"),
        ("apr", "april", "avril", "avr", "aprile", "abril", "abr", "kwiecień", "kwiecien",
         "kwietnia"),
        ("may", "mai", "mei", "maggio", "mag", "mayo", "maio", "maj", "maja"),
        ("jun", "june", "juni", "juin", "giugno", "giu", "junio", "junho", "czerwiec",
         "czerwca"),
        ("jul", "july", "juli", "juillet", "juil", "luglio", "lug", "julio", "julho",
         "lipiec", "lipca"),
        ("aug", "august", "août", "aout", "augustus", "agosto", "ago", "sierpień",
         "sierpien", "sierpnia"),
        ("sep", "sept", "september", "septembre", "settembre", "set", "septiembre",
         "setiembre", "setembro", "wrzesień", "wrzesien", "września", "wrzesnia"),
        ("oct", "october", "oktober", "okt", "octobre", "ottobre", "ott", "octubre",
         "outubro", "out", "październik", "pazdziernik", "października", "pazdziernika"),
        ("nov", "november", "novembre", "noviembre", "novembro", "listopad", "listopada"),
        ("dec", "december", "dezember", "dez", "décembre", "decembre", "dicembre", "dic",
         "diciembre", "dezembro", "grudzień", "grudzien", "grudnia"),
    ]


_MONTH_NAMES = _MonthNames()
_MONTH = "|".join(
    sorted((re.escape(n) for names in _MonthNames.MONTHS for n in names), key=len, reverse=True)
)
_DAY = r"(?P<d>[0-3]?\d)"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
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
    ("day-month-year", re.compile(
        rf"(?<![\d.])\b{_DAY}(?:\.|er|º|°)?\s*(?:de\s+|di\s+)?(?P<m>{_MONTH}){_WORD_END}\.?"
        rf"\s*(?:de\s+|del\s+)?,?\s*{_YEAR}\b", re.IGNORECASE)),
    ("month-day-year", re.compile(
        rf"\b(?P<m>{_MONTH})\b\.?\s+{_DAY}(?:st|nd|rd|th)?\s*,?\s*{_YEAR}\b", re.IGNORECASE)),
    ("iso", re.compile(rf"(?<![\d.\-/]){_YEAR}-(?P<m>[01]\d)-{_DAY}(?![\d\-/])")),
    ("numeric", re.compile(
        rf"(?<![\d.\-/]){_DAY}(?P<sep>[./])(?P<m>[01]?\d)(?P=sep){_YEAR}(?![\d/])")),
    ("month-dayrange-year", re.compile(
        rf"\b(?P<m>{_MONTH})\b\.?\s+[0-3]?\d\s*[-–]\s*[0-3]?\d\s*,?\s*{_YEAR}\b", re.IGNORECASE)),
    ("dayrange-month-year", re.compile(
        rf"(?<![\d.])\b[0-3]?\d\.?\s*[-–]\s*[0-3]?\d\.?\s+(?P<m>{_MONTH})\b\.?\s*,?\s*{_YEAR}\b",
        re.IGNORECASE)),
    ("month-year", re.compile(
        rf"\b(?P<m>{_MONTH}){_WORD_END}\.?\s*(?:de\s+|del\s+|-\s*|–\s*|,\s*)?{_YEAR}\b",
        re.IGNORECASE)),
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
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
# The longest phrase before its year: a day, "de", a month name, "de" and separators.
_WINDOW_BEFORE = 48
# After the year: "-11-16" of an ISO date, and one character to check the end of a number.
_WINDOW_AFTER = 7

# Short forms that are also plain numbers or common words need a keyword next to them.
_NEEDS_KEYWORD = {"keyword-month-year", "keyword-year"}

_KEYWORD_BEFORE = re.compile(
    r"(?:(?<![.\-])\b(?:stand|datum|dated|fecha|ausgabe|auflage|edition|édition|edición|as of|"
    r"published|issued|veröffentlicht|publié|publiée|w dniu|dnia|tenue le|séance|"
    r"rapport final|final report|emissão|arxiv:\S+(?: \[[\w.\-]+\])?)\b"
    r"|\b(?:date|data|année|year|anno|ano|jahr|reference|citation|cite as|zitiervorschlag|"
    r"zitierweise|citer ce document)\b[^\n\d:]{0,25}:)[^\n\d]{0,25}$"
    r"|(?:©|\bcopyright\b)[^\n\d]{0,45}$"  # "© World Health Organization 2022"
    r"|\b(?:version|versie|versione|fassung)\b[\s:]*[\d.]*[\s:(]*$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*[A-ZÀ-Ý][\w.\- ]{1,30},[ \t]*(?:den|le|el|il|dnia|the)?[ \t]*$"
)
_CITATION_BEFORE = re.compile(
    r"(?:\b(?:regulation|directive|decision|act|law|verordnung|gesetz|richtlinie|beschluss|"
    r"urteil|vom|loi|décret|règlement|arrêté|directiva|reglamento|ley|decreto|"
    r"direttiva|regolamento|legge|besluit|wet|richtlijn|ustaw\w*|rozporządze\w*|dyrektyw\w*|"
    r"uchwał\w*|since|seit|"
    r"depuis|sinds|vanaf|desde|hasta|dal|fino|od|until|bis|till|from|between|zwischen|"
    r"born|geboren|né|expiration|expires|"
    r"expiry|valid|gültig|deadline|due|fällig|received|accepted|revised|submitted|"
    r"eingegangen|angenommen|reçu|accepté|ricevuto)\b|\b(?:art|d\.lgs|d\.p\.r)\.)"
    r"[^\n]{0,20}$",
    re.IGNORECASE,
)
# "Stand:" opens a line that may cite a law before its date: "Stand: Zuletzt geändert durch
# Art. 1 V v. 7.2.2024" is the consolidated text's date.
_STAND_LINE = re.compile(r"\bstand\s*:", re.IGNORECASE)
# A file name on a date's line marks a printer's or program's stamp
# ("Nephrologie.indb 71 14/09/2018", "Mai 30, 2018 zen_of_python.txt 1/1"), not the date
# the document states.
_FILE_NAME = re.compile(
    r"\w\.(?:indd|indb|qxd|qxp|docx?|odt|pdf|pptx?|xlsx?|tex|dvi|eps|fm|rtf|txt)\b",
    re.IGNORECASE)
_PRECISION_BONUS = {"day": 0.3, "month": 0.2, "year": 0.0}
_RANGE_AFTER = re.compile(r"^\s*(?:[-–—]|to|bis|au|al|tot)\s*\d")


@dataclass(frozen=True)
class DateCandidate:
    """A date the document may mean as its own, with where it came from and how sure we are."""

    date: PartialDate
    source: str  # "user", "text", "xmp" or "info"
    evidence: str
    score: float
    page: int | None = None


def month_number(name: str) -> int | None:
    """1–12 for a month name or abbreviation in any supported language, else None."""
    number: int | None = _MONTH_NAMES.month(name.rstrip("."))
    return number


def stated_dates(
    pages: list[str],
    today: dt.date | None = None,
    created: PartialDate | None = None,
    language: str | None = None,
    titles: tuple[str, ...] = (),
) -> list[DateCandidate]:
    """Every date the first pages state, best first.

    `created` (the file's own creation date) makes a stated date years after it suspect and
    one shortly before it likely; `language` decides whether 03/04/2020 is read month-first
    (English) or day-first; a date that is part of a title (the page-1 heading in large
    letters, or a title the author gave in the metadata) is the document's own.
    """
    today = today or dt.date.today()
    found: list[_Found] = []
    for number, text in enumerate(pages[:PAGES_SEARCHED], start=1):
        found.extend(_find_on_page(text, number, language))
    found = _with_title_dates(found, titles, language)
    found = [f for f in found if f.date.year >= EARLIEST_YEAR and f.date.first_day() <= today]
    # A date repeated on several pages (a running header or footer) is the document's; one
    # repeated within a page is more often a table's data.
    counts = Counter(date for date, _ in {(f.date, f.page) for f in found})
    best: dict[PartialDate, DateCandidate] = {}
    for f in found:
        score = f.score + min(1.0, 0.5 * (counts[f.date] - 1))
        if created is not None:
            score += _plausibility(f.date, created)
        candidate = DateCandidate(f.date, "text", f.evidence, round(score, 2), f.page)
        if f.date not in best or best[f.date].score < candidate.score:
            best[f.date] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, c.page or 0))


def _with_title_dates(found: list[_Found], titles: tuple[str, ...],
                      language: str | None) -> list[_Found]:
    """The page dates, page-1 ones raised where a title states them too, and the dates only a
    title states (a title "Procès-verbal de la séance du 20 juin 2023" over a page that says
    "le 20 juin")."""
    in_titles = {f.date: f"title: {title}" for title in titles
                 for f in _find_on_page(title, 1, language)}
    raised = [_Found(f.date, f.evidence, f.score + HEADING_BONUS, f.page)
              if f.page == 1 and f.date in in_titles else f for f in found]
    on_page_1 = {f.date for f in found if f.page == 1}
    only_in_titles = [_Found(date, evidence, TITLE_DATE_SCORE + _PRECISION_BONUS[date.precision],
                             1) for date, evidence in in_titles.items() if date not in on_page_1]
    return raised + only_in_titles


def _plausibility(date: PartialDate, created: PartialDate) -> float:
    """How a stated date fits the file's creation: years after it is suspect; within the year
    before it (or weeks after, as a conference date after the camera-ready copy) is likely."""
    if date.first_day() > created.last_day() + dt.timedelta(days=366):
        return -3.0
    if (created.first_day() - dt.timedelta(days=366) <= date.last_day()
            and date.first_day() <= created.last_day() + dt.timedelta(days=92)):
        return CREATION_AGREEMENT_BONUS
    return 0.0


def best_stated_date(candidates: list[DateCandidate]) -> DateCandidate | None:
    """The winning stated date, or None when no candidate is convincing enough."""
    for candidate in candidates:
        if candidate.score >= ACCEPT_SCORE:
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


@dataclass(frozen=True)
class _Found:
    date: PartialDate
    evidence: str
    score: float
    page: int


def _find_on_page(text: str, page: int, language: str | None) -> list[_Found]:
    """Date phrases on one page, scored by place and context; overlapping matches not repeated."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, _Found]] = []  # with the line each stands on
    lines_total = text.count("\n") + 1
    windows = _year_windows(text)
    matches = chain(((kind, match) for kind, pattern in _PATTERNS for window in windows
                     for match in pattern.finditer(text, *window)),
                    (("form-edition", match) for match in _FORM_EDITION.finditer(text)))
    for kind, match in matches:
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            continue
        before = text[max(0, start - 60):start]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end) % (len(text) + 1)
        on_stand_line = bool(_STAND_LINE.search(text[line_start:start]))
        keyword = (kind == "form-edition" or on_stand_line
                   or bool(_KEYWORD_BEFORE.search(before))
                   or _keyword_heads_column(text, line_start, end, line_end))
        if kind in _NEEDS_KEYWORD and not keyword:
            continue
        if kind == "keyword-year" and _RANGE_AFTER.match(text[end:end + 6]):
            continue
        date = _date_of(kind, match, language)
        if date is None:
            continue
        taken.append((start, end))
        line = text.count("\n", 0, start)
        score = 1.0 + {1: 2.0, 2: 1.0}.get(page, 0.0)
        if line < 12 or lines_total - line <= 5 or start < 400 or len(text) - end < 200:
            score += 1.0
        if _alone_on_line(text, start, end):
            score += 1.0
        if keyword:
            score += 3.0
        elif kind == "place-year" or _PLACE_BEFORE.search(before):
            score += 2.5
        if ((_CITATION_BEFORE.search(before) and not on_stand_line)
                or _FILE_NAME.search(text, line_start, line_end)):
            score -= 4.0
        score += _PRECISION_BONUS[date.precision]
        found.append((line, _Found(date, _evidence(text, start, end), score, page)))
    return _lower_tables(found)


def _keyword_heads_column(text: str, line_start: int, end: int, line_end: int) -> bool:
    """Whether the line above ends with a keyword ("Factuurnr. Datum") over a date that ends
    its own line: a table's column header over its value."""
    if line_start == 0 or text[end:line_end].strip(" .,"):
        return False
    above_start = text.rfind("\n", 0, line_start - 1) + 1
    return bool(_KEYWORD_BEFORE.search(text, above_start, line_start - 1))


def _lower_tables(found: list[tuple[int, _Found]]) -> list[_Found]:
    """The dates, lowered where they are data: on a page full of dates (a table or a
    chronology), or on a line next to another date's (a column of dates)."""
    penalty = 3.0 if len({f.date for _, f in found}) >= BUSY_PAGE_DATES else 0.0
    lines = {line for line, _ in found}
    return [_Found(f.date, f.evidence, f.score - penalty - (
        COLUMN_PENALTY if {line - 1, line + 1} & lines else 0.0), f.page) for line, f in found]


def _year_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of the page around each year, where every date phrase must lie.

    Every pattern needs a four-digit year, so searching only near years keeps a long page cheap.
    """
    windows: list[tuple[int, int]] = []
    for match in _ANY_YEAR.finditer(text):
        start, end = max(0, match.start() - _WINDOW_BEFORE), match.end() + _WINDOW_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Whether the phrase fills its line, as dates on title pages and letterheads do."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip(" .,")


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
    if kind == "numeric" and parts.get("sep") == "/" and month is not None and day is not None:
        month_first = language == "en" and day <= 12
        if month > 12 or month_first:
            month, day = day, month
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _full_year(short: int) -> int:
    """The year a form's two-digit "/25" means: this century's, unless that is still ahead."""
    this_year = dt.date.today().year
    return 2000 + short if 2000 + short <= this_year else 1900 + short


def _evidence(text: str, start: int, end: int) -> str:
    """The matched phrase with a little of its line before it, on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    lead = text[max(line_start, start - 30):start]
    phrase = (lead + text[start:end]).strip()
    return re.sub(r"\s+", " ", phrase)
