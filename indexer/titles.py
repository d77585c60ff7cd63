"""Choosing a document's title.

Metadata titles are often junk left by the producing program ("Microsoft Word - x.docx",
"Untitled", a file name); a real one wins, else the first prominent line of page 1, else the
file name the user gave the document.
"""

from __future__ import annotations

import re
from pathlib import PurePath

MAX_TITLE_CHARS = 200
_JUNK = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - .*|untitled.*|unbenannt.*|sans titre.*|"
    r"document\d*|dokument\d*|titel|title|new document|.*\.(?:docx?|odt|pdf|pptx?|xlsx?|rtf|"
    r"tex|dvi|indd|qxd|txt|html?)|[\w\-]+_[\w\-]+|\W*)$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_BULLET = re.compile(r"^[•·▪◦\-–*]\s")
_DATE_LINE = re.compile(r"^[\d\s.,/\-]*[^\W\d_]{3,12}\.?[\s,]*\d{1,4}[\s.,]*\d{0,4}$")


def is_real_title(candidate: str | None) -> bool:
    """Whether a metadata title is a title a person gave, not a program's placeholder."""
    if not candidate:
        return False
    text = " ".join(candidate.split())
    return len(_LETTER.findall(text)) >= 3 and not _JUNK.match(text)


def choose_title(
    metadata_titles: list[str | None], first_page: str, filename: str,
    heading: str | None = None,
) -> tuple[str, str]:
    """The title and where it came from: `heading`, `metadata`, `text` or `filename`.

    The largest text at the top of page 1 (`heading`) is what a reader takes for the title;
    then a metadata title that appears on the page; then the first line that reads like one.
    """
    if heading and len(_LETTER.findall(heading)) >= 4 and not _DATE_LINE.match(heading):
        return _clip(heading), "heading"
    for candidate in metadata_titles:
        if candidate is not None and is_real_title(candidate) and (
                not _has_words(first_page) or _stands_in(candidate, first_page)):
            return _clip(" ".join(candidate.split())), "metadata"
    line = first_prominent_line(first_page)
    if line:
        return line, "text"
    return PurePath(filename).stem or filename, "filename"


def first_prominent_line(page: str) -> str | None:
    """The first line of a page that reads like a heading: words, not numbers, a date, a bullet
    point or a page mark."""
    for raw in page.splitlines()[:40]:
        line = " ".join(raw.split())
        letters = len(_LETTER.findall(line))
        if (letters >= 4 and letters >= len(line) * 0.5 and len(line.split()) <= 25
                and not _BULLET.match(line) and not _DATE_LINE.match(line)):
            return _clip(line)
    return None


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


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TITLE_CHARS else text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
