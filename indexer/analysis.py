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

from whoosh.lang import has_stemmer
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
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])[-\u00ad]\s*\n\s*(?=[^\W\d_A-ZÀ-Þ])")
# Soft hyphens, and the mark PDFium leaves where it removed a hyphen that broke a word.
_WORD_BREAKS = re.compile("[\u00ad\ufffe]")


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
    return _WORD_BREAKS.sub("", _BROKEN_WORD.sub("", text))


def stem_field(language: str | None) -> str | None:
    """The index field holding a language's stems (`stems_de`), or None for a language without
    a stemmer; every backend declares one for each of STEMMED_LANGUAGES."""
    return f"stems_{language}" if language in STEMMED_LANGUAGES else None
