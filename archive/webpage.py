"""The PDFs a web page links to, with what the page says about each.

A publisher's page lists each PDF as a link with a line such as "PDF-Dokument - Stand: November
2017; Größe: 478 KB" or "Positionspapier in englischer Sprache". Beautiful Soup reads the page
(broken HTML, and the encoding declared in a header, a `<meta>` tag or neither); each link to a
PDF — by a `.pdf` path, or by a link or its line that says "PDF" — becomes a `PageLink` with the
hints around it: a title, a date, a size and a language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from indexer import PartialDate, language_code
from indexer.dates import stated_dates

_BLOCKS = ("li", "p", "td", "tr", "dd", "dt", "div", "section", "article")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(KB|kB|KiB|Kb|MB|MiB|Mb|GB)\b")
_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
_PDF_WORD = re.compile(r"\bPDF\b", re.IGNORECASE)
# Link texts that say what the link is, not what the document is called.
_GENERIC = re.compile(r"^(?:pdf|download|herunterladen|hier|here|ici|télécharger|link|"
                      r"pdf[- ]dokument|pdf[- ]document|mehr|more|\W*)$", re.IGNORECASE)
# What a link's text says about the file rather than the document: "(PDF, 231 KB)", "PDF".
_FILE_WORDS = re.compile(r"\s*(?:[(\[]\s*(?:pdf|\d+(?:[.,]\d+)?\s*[kmg]i?b)[^)\]]*[)\]]|"
                         r"pdf[- ]?(?:dokument|document|datei|file)?|"
                         r"\d+(?:[.,]\d+)?\s*[kmg]i?b)\s*$", re.IGNORECASE)
_LANGUAGE_NAMES = {
    "de": ("deutsch", "german", "allemand", "tedesco", "alemán"),
    "en": ("englisch", "english", "anglais", "inglese", "inglés"),
    "fr": ("französisch", "french", "français", "francese", "francés"),
    "nl": ("niederländisch", "dutch", "néerlandais", "olandese", "nederlands"),
    "it": ("italienisch", "italian", "italien", "italiano"),
    "es": ("spanisch", "spanish", "espagnol", "spagnolo", "español"),
    "pl": ("polnisch", "polish", "polonais", "polacco", "polski"),
}
_NAMES = "|".join(name for names in _LANGUAGE_NAMES.values() for name in names)
# "in englischer Sprache", "English version", "version anglaise", "(EN)" — not "Deutschland".
_LANGUAGE_WORD = re.compile(
    rf"(?:\bin\s+|\bversion\s+)({_NAMES})\w*"
    rf"|\b({_NAMES})\w*\s+(?:sprache|version|language|edition|fassung|versie|versione)\b"
    rf"|\(({'|'.join(_LANGUAGE_NAMES)})\)", re.IGNORECASE)


@dataclass(frozen=True)
class PageLink:
    """A link to a PDF on a page, with the page's hints about the document."""

    url: str
    page_url: str
    text: str  # the line the link stands in, as evidence
    title: str | None = None
    date: PartialDate | None = None
    date_evidence: str | None = None
    size: int | None = None  # bytes, as the page states it (rounded)
    language: str | None = None

    def hints_json(self) -> dict[str, Any]:
        """The hints, as the catalog keeps them with the document's source."""
        return {"title": self.title, "date": self.date.iso() if self.date else None,
                "date_evidence": self.date_evidence, "size": self.size,
                "language": self.language, "text": self.text}

    def size_matches(self, actual: int) -> bool:
        """Whether a download's size agrees with the size the page states (as rounded)."""
        return self.size is None or abs(actual - self.size) <= max(0.1 * self.size, 2048)


def pdf_links(page_url: str, content: bytes, encoding: str | None = None) -> list[PageLink]:
    """The distinct links to PDFs on a page, in page order, with their hints."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(content, "html.parser", from_encoding=encoding)
    base = page_url
    if soup.base and soup.base.get("href"):
        base = urljoin(page_url, str(soup.base["href"]))
    links: dict[str, PageLink] = {}
    for anchor in soup.find_all("a", href=True):
        url = urldefrag(urljoin(base, str(anchor["href"]).strip())).url
        if urlsplit(url).scheme not in ("http", "https") or url in links:
            continue
        line = _line_of(anchor)
        if not (urlsplit(url).path.lower().endswith(".pdf") or _PDF_WORD.search(line)):
            continue
        links[url] = _with_hints(url, page_url, anchor, line)
    return list(links.values())


def _line_of(anchor) -> str:  # type: ignore[no-untyped-def]
    """The text of the block a link stands in (its list item, paragraph, table cell …), or,
    where the block holds other links too, the link's text and what follows it up to the
    next link."""
    block = anchor.find_parent(_BLOCKS) or anchor.parent
    if block is None:
        return ""
    if len(block.find_all("a")) > 1:
        parts = [anchor.get_text(" ")]
        for sibling in anchor.next_siblings:
            if getattr(sibling, "name", None) == "a" or (
                    hasattr(sibling, "find") and sibling.find("a")):
                break
            parts.append(sibling.get_text(" ") if hasattr(sibling, "get_text") else str(sibling))
        return " ".join(" ".join(parts).split())
    return " ".join(block.get_text(" ").split())


def _with_hints(url: str, page_url: str, anchor, line: str) -> PageLink:  # type: ignore[no-untyped-def]
    """The link with the title, date, size and language its line and the page give."""
    date, evidence = _date_in(line)
    size = _size_in(line)
    language = _language_in(line) or language_code(anchor.get("hreflang"))
    return PageLink(url, page_url, line, _title_for(anchor), date, evidence, size, language)


def _title_for(anchor) -> str | None:  # type: ignore[no-untyped-def]
    """The link's own text, unless it only says "PDF" or "Download"; then the nearest
    heading before it."""
    text = _FILE_WORDS.sub("", " ".join(anchor.get_text(" ").split()))
    text = re.split(r"\s+[-–—|]\s+PDF\b", text, flags=re.IGNORECASE)[0].strip(" -–—|,;:")
    if text and not _GENERIC.match(text):
        return text
    heading = anchor.find_previous(_HEADINGS)
    return " ".join(heading.get_text(" ").split()) or None if heading else None


def _date_in(line: str) -> tuple[PartialDate | None, str | None]:
    """The best date the line states ("Stand: November 2017", "published 3 March 2023")."""
    candidates = stated_dates([line])
    if not candidates:
        return None, None
    return candidates[0].date, candidates[0].evidence


def _size_in(line: str) -> int | None:
    """The size the line states, in bytes ("478 KB", "1,2 MB")."""
    match = _SIZE.search(line)
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    return int(number * _UNITS[match.group(2)[0].lower()])


def _language_in(line: str) -> str | None:
    """The language the line names ("in englischer Sprache", "(EN)")."""
    match = _LANGUAGE_WORD.search(line)
    if not match:
        return None
    if match.group(3):
        return match.group(3).lower()
    word = (match.group(1) or match.group(2)).lower()
    return next(code for code, names in _LANGUAGE_NAMES.items()
                if any(word.startswith(name) for name in names))
