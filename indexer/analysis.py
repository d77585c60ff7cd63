"""How text becomes search terms: folded for spelling, and stemmed in the document's language.

Two kinds of term are indexed for every document. Folded words match whatever way a word is
written: case, accents (`é`/`e`, `ł`/`l`), `ß`/`ss`, ligatures from PDFs (`ﬁ`), soft hyphens
and words broken across lines by a hyphen (`Integra-` / `tion`). Stems match a word's other
forms (`Städte`, `Stadt`; `migrants`, `migrant`) with the Snowball stemmer of the document's
language, for the languages Whoosh has one for.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.analysis.acore import Token
from whoosh.lang import has_stemmer, stemmer_for_language
from whoosh.lang import languages as whoosh_languages

# Languages with a Snowball stemmer in Whoosh: de, en, fr, nl, it, es, pt, da, sv, no, fi, hu,
# ro, ru and ar. Others (Polish, Czech, …) and unknown ones are searched by folded words only.
STEMMED_LANGUAGES = tuple(code for code in whoosh_languages if has_stemmer(code))

FOLD_CACHE = 100_000
_LETTER_FOLDS = str.maketrans({"ß": "ss", "ẞ": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o",
                               "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d",
                               "ı": "i"})
# A hyphen at the end of a line before a small letter splits one word ("Integra-\ntion");
# before a capital it joins two ("Nord-\nSüd") and stays.
# One expression per kind of hyphen, each starting with it, so that it is looked for as fast as
# a plain string, not tried at every letter.
_BROKEN_WORDS = tuple((hyphen, re.compile(rf"{hyphen}(?<=[^\W\d_]{hyphen})\s*\n\s*"
                                          r"(?=[^\W\d_A-ZÀ-Þ])"))
                      for hyphen in ("-", "\u00ad"))
# Soft hyphens, and the mark PDFium leaves where it removed a hyphen that broke a word.
_WORD_BREAKS = ("\u00ad", "\ufffe")
# A token, as Whoosh's RegexTokenizer (and so our analyzers) finds it by default.
TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")


@functools.lru_cache(maxsize=FOLD_CACHE)
def fold(word: str) -> str:
    """A word as it is indexed: without accents, ligatures and case (`Straße` → `strasse`).

    Remembered for the most recent words: a text repeats its words, and folding is half the
    cost of indexing a word.
    """
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTER_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def searchable(text: str) -> str:
    """A page's text with the words that line ends and soft hyphens broke put back together."""
    for hyphen, broken in _BROKEN_WORDS:
        if hyphen in text:
            text = broken.sub("", text)
    for mark in _WORD_BREAKS:
        text = text.replace(mark, "")
    return text


# The analyzers of Whoosh indexes. They stay in this module: a Whoosh index keeps its schema
# pickled, naming `indexer.analysis.FoldFilter`, and an index written before could not be
# opened if the class moved.
class FoldFilter(Filter):  # type: ignore[misc]
    """Folds each token (see `fold`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def folded_analyzer() -> Analyzer:
    """Words, folded: the language-neutral terms every document is indexed with."""
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


def stemming_analyzer(language: str) -> Analyzer:
    """Words stemmed by the Snowball stemmer of `language`, then folded."""
    return RegexTokenizer() | LowercaseFilter() | StemFilter(lang=language) | FoldFilter()


def folded_terms(text: str) -> list[str]:
    """The terms `folded_analyzer` makes of a text, in order (see `document_terms`)."""
    return document_terms(text, None)[0]


def document_terms(text: str, language: str | None) -> tuple[list[str], list[str]]:
    """A text's folded terms and, in a language with a stemmer, its stems (else none), in
    order: what `folded_analyzer` and `stemming_analyzer(language)` make of it (what the
    Tantivy backend indexes).

    Made without Whoosh's token objects, which cost most of the time, and from one reading of
    the text's words for both kinds of term.
    """
    words = list(map(str.lower, TOKEN.findall(text)))
    stemmed = language is not None and language in STEMMED_LANGUAGES
    stems = list(map(folded_stemmer(language), words)) if stemmed else []
    return list(map(fold, words)), stems


@functools.lru_cache(maxsize=None)
def folded_stemmer(language: str) -> Callable[[str], str]:
    """A word's stem in `language` (a word in small letters), folded; remembered for the most
    recent words."""
    stem = stemmer_for_language(language)
    return functools.lru_cache(maxsize=FOLD_CACHE)(lambda word: fold(stem(word)))


def stem_field(language: str | None) -> str | None:
    """The index field holding a language's stems (`stems_de`), or None for a language without
    a stemmer; every backend declares one for each of STEMMED_LANGUAGES."""
    return f"stems_{language}" if language in STEMMED_LANGUAGES else None
