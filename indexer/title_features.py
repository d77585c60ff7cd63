"""Describing a title candidate by what a reader would look at to tell the title.

How large its letters are beside the page's usual text, how high it stands, where it came from
(the layout, the metadata, the text, the file name), how long it is, and what it reads like: a
document-type word alone ("Report", "Protokoll"), an organisation's name, a return address, a
body sentence, a section number, a table of contents. Each feature is a name with a value; the
weights are learned (see `model`), never set here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .letters import LETTER, WORD

_DIGIT = re.compile(r"\d")


def _words(entries: Sequence[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(entries)})(?!\w)", re.IGNORECASE)


# Words that name a kind of document, in the languages we read.
_DOCUMENT_TYPES = _words((
    "report", "minutes", "memo", "memorandum", "letter", "notice", "guidance", "guide",
    "policy", "statement", "summary", "agenda", "form", "annex", "appendix",
    "bericht", "protokoll", "niederschrift", "vermerk", "brief", "schreiben", "stellungnahme",
    "leitfaden", "merkblatt", "formular", "antrag", "beschluss", "anlage", "rapport",
    "procès-verbal", "compte rendu", "lettre", "avis",
    "formulaire", "annexe", "verslag", "notulen", "brief", "besluit", "bijlage",
    "relazione", "verbale", "lettera", "modulo", "allegato", "informe",
    "acta", "carta", "formulario", "anexo", "relatório", "ata", "ofício", "sprawozdanie",
    "protokół", "pismo", "wniosek", "załącznik", "zpráva", "zápis", "dopis", "příloha",
    "rapport", "protokoll", "pöytäkirja", "raportti", "liite", "jegyzőkönyv", "jelentés",
    "melléklet", "raport", "proces-verbal", "anexă", "έκθεση", "πρακτικά",
))
# A table of contents' heading, which stands large on many first pages.
_CONTENTS = _words((
    "contents", "table of contents", "inhalt", "inhaltsverzeichnis", "sommaire",
    "table des matières", "inhoud", "inhoudsopgave", "indice", "índice", "sumário",
    "spis treści", "obsah", "innehåll", "indhold", "innhold", "sisällys", "sisällysluettelo",
    "tartalom", "tartalomjegyzék", "cuprins", "περιεχόμενα",
))
# Words in the names of organisations, as letterheads and return addresses print them.
_ORGANISATIONS = _words((
    "ministry", "ministerium", "ministère", "ministerie", "ministero", "ministerio",
    "ministério", "ministerstwo", "ministerstvo", "department", "departement", "senat",
    "senatsverwaltung", "bundesamt", "landesamt", "amt", "behörde", "office", "agency",
    "bureau", "council", "city of", "stadt", "gemeinde", "gemeente", "commune", "comune",
    "ayuntamiento", "prefeitura", "câmara", "urząd", "gmina", "město", "kommune", "kunta",
    "kaupunki", "önkormányzat", "primăria", "gmbh", "e\\.v\\.", "ag", "inc", "ltd", "llc",
    "association", "verein", "verband", "université", "university", "universität",
    "universidad", "court", "gericht", "tribunal", "commission", "kommission", "committee",
    "ausschuss", "préfecture", "prefecture", "république", "republic", "republik", "bund",
    "federal", "national", "board", "treasury", "conseil", "raad", "consiglio", "conselho",
    "junta", "service", "services", "dienst", "servizio", "servicio", "serviço", "group",
    "groupe", "gruppe", "gruppo", "grupo", "secretariat", "sekretariat", "secrétariat",
    "parliament", "parlament", "parlement", "parlamento", "kanzlei", "chancellery",
    "government", "regierung", "gouvernement", "governo", "gobierno", "regering",
))
# An organisation's name is short: a longer line naming one is a title about it.
ORGANISATION_WORDS = 8
# So many successive characters in a row are no word ("ABCDEF"); "abc" and "Nr. 123" are.
COUNTING_RUN = 5
_ADDRESS = re.compile(r"\b\d{4,5}\s+[A-ZÀ-Ý]|@|www\.|https?:|\btel\b|\bfax\b|[·|•]"
                      r"|\b(?:str(?:aße|asse|\.)|street|rue|straat|via|calle|rua)\b",
                      re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s")
_CASE_SWITCH = re.compile(r"[a-zß-ÿ][A-ZÀ-Þ]")


# Pairs of flags that count together as well as apart: a metadata title the page bears out,
# the largest heading, the first line of a page without layout.
_PAIRS = (("source:metadata", "on-page"), ("source:metadata", "agrees"),
          ("source:heading", "agrees"), ("source:heading", "size:largest"),
          ("source:text", "first-prominent"), ("source:metadata", "document-type-alone"))


@dataclass(frozen=True)
class Candidate:
    """A title candidate as found, before anyone judges it."""

    text: str
    source: str  # "heading" (by layout), "metadata", "text" or "filename"
    rank: int  # its place among the candidates of its source, from 0
    size: float | None = None  # its letters' size in points, where the layout tells
    top: float | None = None  # its distance from the page's top edge in points
    line: int | None = None  # its place among page 1's lines, from 0
    flags: frozenset[str] = frozenset()  # "old-heading", "on-page", "spelled-out" …


@dataclass(frozen=True)
class Context:
    """What is known about page 1 when one of its candidates is described."""

    usual_size: float | None
    largest_size: float | None
    page_height: float | None
    page_words: frozenset[str]
    page_word_count: int
    candidates: tuple[Candidate, ...]


def is_contents(text: str) -> bool:
    """Whether a line heads a table of contents ("Inhaltsverzeichnis"): never a title."""
    return bool(_CONTENTS.fullmatch(text.strip(" .:")))


def describe(candidate: Candidate, context: Context) -> dict[str, float]:
    """The features of one title candidate."""
    text = candidate.text
    letters = len(LETTER.findall(text))
    words = text.split()
    features = {f"source:{candidate.source}": 1.0,
                f"rank:{candidate.source}:{min(candidate.rank, 3)}": 1.0,
                f"letters:{_bin(letters, (8, 20, 50, 100, 160))}": 1.0,
                f"words:{_bin(len(words), (2, 4, 9, 16, 26))}": 1.0}
    features.update(_size_features(candidate, context))
    flags = {
        "caps": letters >= 4 and text.upper() == text,
        "ends-period": text.rstrip().endswith("."),
        "lowercase-start": bool(text[:1].islower()),
        "digits": len(_DIGIT.findall(text)) > 0.2 * max(1, letters),
        "document-type-alone": bool(_DOCUMENT_TYPES.fullmatch(text.strip(" .:"))),
        "starts-document-type": bool(_DOCUMENT_TYPES.match(text)) and len(words) > 1,
        "organisation": bool(_ORGANISATIONS.match(text)),  # a letterhead: "Ministerium für"
        "names-organisation": bool(_ORGANISATIONS.search(text)) and len(words) <= ORGANISATION_WORDS
        and not _DOCUMENT_TYPES.search(text),  # "Treasury Board of Canada"
        "address": bool(_ADDRESS.search(text)),
        "numbered": bool(_NUMBERED.match(text)),
        "garbled": is_garbled(text),
        "long-word": any(len(w) > 30 for w in words),
        "agrees": _agrees(candidate, context),
        "on-page": _on_page(text, context) and candidate.source in ("metadata", "filename"),
        "page-empty": context.page_word_count < 20,
    }
    flags.update({flag: True for flag in candidate.flags})
    flags[f"source:{candidate.source}"] = True
    flags["size:largest"] = "size:largest" in features
    for first, second in _PAIRS:
        flags[f"{first}&{second}"] = flags.get(first, False) and flags.get(second, False)
    del flags[f"source:{candidate.source}"], flags["size:largest"]
    features.update({name: 1.0 for name, on in flags.items() if on})
    return features


def is_garbled(text: str) -> bool:
    """Whether a line is a font mapped to the wrong letters rather than words: a third of its
    words have a capital after a small letter inside ("aBcD"), or it counts up through
    successive characters (">?@ABCDEFG"). A short title with one "PowerPoint" word is lost
    too: on the corpus, mixed case inside a word is far more often garbage."""
    words = text.split()
    mixed = sum(1 for word in words if _CASE_SWITCH.search(word))
    return mixed * 3 >= max(1, len(words)) or _counts_up(text)


def _counts_up(text: str) -> bool:
    """Whether the text runs through successive characters (">?@ABCDEFG"): a font's glyph
    numbers read as letters, not words. Asked of every line of page 1, so done by numpy."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    steps = np.diff(codes.astype(np.int64)) == 1
    return b"\x01" * COUNTING_RUN in steps.tobytes()


def _size_features(candidate: Candidate, context: Context) -> dict[str, float]:
    """How large and how high the candidate stands beside the rest of page 1."""
    if candidate.size is None or not context.usual_size:
        return {"size:unknown": 1.0}
    ratio = candidate.size / context.usual_size
    features = {f"size:{_bin(ratio, (0.95, 1.1, 1.3, 1.6, 2.2))}": 1.0}
    if context.largest_size and candidate.size >= context.largest_size * 0.97:
        features["size:largest"] = 1.0
    if candidate.top is not None and context.page_height:
        features[f"height:{_bin(candidate.top / context.page_height, (0.15, 0.35, 0.6))}"] = 1.0
    if candidate.line is not None:
        features[f"line:{_bin(candidate.line, (1, 3, 8, 20))}"] = 1.0
    return features


def _agrees(candidate: Candidate, context: Context) -> bool:
    """Whether a candidate from another source says mostly the same words (a metadata title
    that the heading prints)."""
    mine = {w.casefold() for w in WORD.findall(candidate.text)}
    if not mine:
        return False
    for other in context.candidates:
        if other.source != candidate.source and other.source != "filename":
            theirs = {w.casefold() for w in WORD.findall(other.text)}
            if theirs and len(mine & theirs) >= 0.6 * max(len(mine), len(theirs)):
                return True
    return False


def _on_page(text: str, context: Context) -> bool:
    words = {w.casefold() for w in WORD.findall(text)}
    return bool(words) and len(words & context.page_words) >= 0.6 * len(words)


def _bin(value: float, edges: tuple[float, ...]) -> str:
    """The bin a value falls in, named by its lower edge: "<8", "8+", "20+" …"""
    lower = [edge for edge in edges if value >= edge]
    return f"{lower[-1]:g}+" if lower else f"<{edges[0]:g}"
