"""Choosing a document's title.

A reader takes the largest text at the top of page 1 for the title, so that wins when the
layout shows one. Metadata titles are often junk left by the producing program ("Microsoft
Word - x.docx", "Untitled", a file name, another document's template title); a real one that
the first page bears out comes next, then the first line of page 1 that reads like a heading
(a running header repeated on every page does not), then the file name the user gave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engines import TextLine

MAX_TITLE_CHARS = 200
# A heading stands out from the page's usual letter size, unless the page is a cover with
# little text in more than one size, where the largest text is the title whatever the rest
# looks like.
HEADING_SIZE_RATIO = 1.1
COVER_LETTERS = 300
# Of the lines within this share of the largest size, the topmost is the heading.
SIMILAR_SIZE = 0.1
# Lines within this share of the heading's size continue it, up to HEADING_LINES lines.
SAME_SIZE = 0.05
HEADING_LINES = 3
# Running headers and footers stand within this many lines of a page's top or foot.
RUNNING_EDGE = 3
# How far down page 1 the first prominent line may stand, in lines.
PROMINENT_LINE_SCAN = 40

_JUNK = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - .*|untitled.*|unbenannt.*|sans titre.*|"
    r"document\d*|dokument\d*|titel|title|new document|.*\.(?:docx?|odt|pdf|pptx?|xlsx?|rtf|"
    r"tex|dvi|indd|qxd|txt|html?)|[\w\-]+_[\w\-]+|\W*)$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_BULLET = re.compile(r"^[•·▪◦\-–*]\s")
# A date alone on its line, perhaps after a place: "November 2017", "Brussels, 26 April 2024",
# "Berlin, den 3. März 2023".
_DATE_LINE = re.compile(r"^(?:[A-ZÀ-Ý][\w.\- ]{1,30},\s*(?:den\s+|le\s+|el\s+|il\s+|dnia\s+)?)?"
                        r"[\d\s.,/\-]*[^\W\d_]{3,12}\.?[\s,]*\d{1,4}[\s.,]*\d{0,4}$")
# A word with a capital after a small letter inside it ("VöÅtÜt"): text in a font whose
# characters are mapped to the wrong letters.
_GARBLED_WORD = re.compile(r"[a-zß-ÿ][A-ZÀ-Þ]")
# "A N E X O": a word set with spaces between its letters.
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
_CONTROL = re.compile(r"[\x00-\x1f]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_DIGITS = re.compile(r"\d+")


def is_real_title(candidate: str | None) -> bool:
    """Whether a metadata title is a title a person gave, not a program's placeholder."""
    if not candidate:
        return False
    text = " ".join(candidate.split())
    return len(_LETTER.findall(text)) >= 3 and not _JUNK.match(text)


def choose_title(
    metadata_titles: Sequence[str | None], first_page: str, filename: str,
    heading: str | None = None, running: frozenset[str] = frozenset(),
) -> tuple[str, str]:
    """The title and where it came from: `heading`, `metadata`, `text` or `filename`.

    `heading` is the page-1 heading (see `heading`); `running` the running headers and
    footers (see `running_lines`), which are never the title.
    """
    if heading and len(_LETTER.findall(heading)) >= 4 and not _DATE_LINE.match(heading):
        return _tidy(heading), "heading"
    for candidate in metadata_titles:
        if candidate is not None and is_real_title(candidate) and (
                not _has_words(first_page) or _stands_in(candidate, first_page)):
            return _tidy(_spelled_out(candidate, first_page)), "metadata"
    line = first_prominent_line(first_page, running)
    if line:
        return _tidy(line), "text"
    return PurePath(filename).stem or filename, "filename"


def heading(lines: Sequence[TextLine], running: frozenset[str] = frozenset()) -> str | None:
    """The heading of page 1: the topmost of its largest lines, continued by the lines of the
    same size just below it; None when no text stands out from the page's usual size."""
    sizes = sorted(line.size for line in lines for _ in _LETTER.findall(line.text))
    if not sizes:
        return None
    usual = sizes[len(sizes) // 2]
    candidates = [i for i, line in enumerate(lines)
                  if _could_be_title(line.text) and _masked(line.text) not in running]
    if not candidates:
        return None
    largest = max(lines[i].size for i in candidates)
    is_cover = len(sizes) < COVER_LETTERS and largest >= sizes[0] * HEADING_SIZE_RATIO
    if largest < usual * HEADING_SIZE_RATIO and not is_cover:
        return None
    first = next(i for i in candidates if lines[i].size == largest)
    higher = [i for i in candidates if lines[i].size >= largest * (1 - SIMILAR_SIZE)
              and lines[i].top < lines[first].top - largest / 2]
    if higher:  # of two headings alike in size, the upper one is the title
        first = min(higher, key=lambda i: lines[i].top)
    run = [lines[first]]
    for line in lines[first + 1:first + HEADING_LINES]:
        below = 0 < line.top - run[-1].top < 2.5 * largest
        if abs(line.size - run[0].size) > SAME_SIZE * largest or not below:
            break
        run.append(line)
    return " ".join(line.text for line in run)


def large_lines(lines: Sequence[TextLine]) -> tuple[str, ...]:
    """The lines of page 1 set larger than its usual text (a date there is in a heading)."""
    sizes = sorted(line.size for line in lines for _ in _LETTER.findall(line.text))
    if not sizes:
        return ()
    usual = sizes[len(sizes) // 2]
    return tuple(line.text for line in lines if line.size >= usual * HEADING_SIZE_RATIO)


def running_lines(pages: Sequence[str]) -> frozenset[str]:
    """Lines at the top or foot of page 1 that the next pages repeat at their top or foot
    (page numbers aside): running headers and footers such as "Official - Subject to Final
    Review" or "Règlement 1310 – Page 1". None when page 2 is a copy of page 1, as an
    invoice's duplicate is."""
    if len(pages) < 2 or _is_copy(pages[1], pages[0]):
        return frozenset()
    common = _edge_lines(pages[0])
    for page in pages[1:3]:
        common &= _edge_lines(page)
    return frozenset(line for line in common if _LETTER.search(line))


def _is_copy(page: str, of: str) -> bool:
    lines = {_masked(line) for line in of.splitlines() if line.strip()}
    return len(lines & {_masked(line) for line in page.splitlines()}) > len(lines) / 2


def _edge_lines(page: str) -> set[str]:
    lines = [line for line in page.splitlines() if line.strip()]
    return {_masked(line) for line in lines[:RUNNING_EDGE] + lines[-RUNNING_EDGE:]}


def first_prominent_line(page: str, running: frozenset[str] = frozenset()) -> str | None:
    """The first line of a page that reads like a heading: words, not numbers, a date, a bullet
    point, a page mark or a running header."""
    for raw in page.splitlines()[:PROMINENT_LINE_SCAN]:
        line = " ".join(raw.split())
        letters = len(_LETTER.findall(line))
        if (letters >= 4 and letters >= len(line) * 0.5 and len(line.split()) <= 25
                and not _BULLET.match(line) and not _DATE_LINE.match(line)
                and _masked(line) not in running):
            return _clip(line)
    return None


def _could_be_title(text: str) -> bool:
    """Whether a large line can be a title: not a label ("Name:"), a question, a bullet,
    a date, or garbled text."""
    words = text.split()
    garbled = sum(1 for word in words if _GARBLED_WORD.search(word))
    return (len(_LETTER.findall(text)) >= 3 and not text.endswith((":", "?"))
            and not _BULLET.match(text) and not _DATE_LINE.match(text)
            and not _CONTROL.search(text) and garbled * 3 < len(words))


def _masked(line: str) -> str:
    """A line with its numbers masked, so that "Page 1" and "Page 2" are the same line."""
    return _DIGITS.sub("#", " ".join(line.split()))


def _spelled_out(title: str, page: str) -> str:
    """The line near the top of page 1 that a short metadata title abbreviates, if there is
    one ("National Ag Energy" for "National Weekly Ag Energy Round-Up"), else the title.

    A title the page states word for word is left as it is."""
    if _normal(title) in _normal(page):
        return title
    wanted = [w.casefold() for w in _WORD.findall(title)]
    for raw in page.splitlines()[:PROMINENT_LINE_SCAN]:
        line = " ".join(raw.split())
        words = iter(w.casefold() for w in _WORD.findall(line))
        if (len(line) > len(title) and len(line.split()) <= 2 * len(title.split())
                and all(word in words for word in wanted)):
            return line
    return title


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _has_words(page: str) -> bool:
    return len(_WORD.findall(page)) >= 20


def _stands_in(title: str, page: str) -> bool:
    """Whether most words of a metadata title appear on the first page.

    Titles a producing program wrote ("10811.exe", "Presentación de PowerPoint", a template's
    name) do not; a title the author gave usually does.
    """
    words = {w.casefold() for w in _WORD.findall(title)}
    if not words:
        return False
    on_page = {w.casefold() for w in _WORD.findall(page)}
    return len(words & on_page) >= 0.6 * len(words)


def _tidy(title: str) -> str:
    """A title on one line, with letter-spaced words closed up, typographic apostrophes made
    plain and a trailing comma cut, so that "A N E X O" reads ANEXO and "d’avis" is found as
    "d'avis"."""
    text = " ".join(title.split()).translate(_QUOTES).rstrip(" ,;:")
    return _clip(_LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TITLE_CHARS else text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
