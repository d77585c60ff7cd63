"""Tantivy's term dictionary, seen as the Whoosh index reader our query code asks.

The query code (`whoosh/queries.py`) looks words up while it prepares a query: is a word known,
which words begin with a stem, which are one or two edits from a misspelling, which languages
does the index hold. Answering those questions from Tantivy's term dictionary lets the same
code prepare the same query for both engines, so no query changes meaning with the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import tantivy
from whoosh.fields import Schema


class TantivyLexicon:
    """The parts of Whoosh's `IndexReader` that preparing and correcting a query uses."""

    def __init__(self, searcher: tantivy.Searcher, schema: Schema) -> None:
        self._searcher = searcher
        self.schema = schema

    def doc_frequency(self, fieldname: str, text: str | bytes) -> int:
        """How many documents hold the word in the field."""
        return int(self._searcher.doc_freq(fieldname, _text(text)))

    def frequency(self, fieldname: str, text: str | bytes) -> int:
        """How often the word occurs (the number of documents holding it stands for that)."""
        return self.doc_frequency(fieldname, text)

    def expand_prefix(self, fieldname: str, prefix: str | bytes) -> Iterator[bytes]:
        """The field's words that begin with `prefix`, most frequent first."""
        for term, _ in self._searcher.terms_with_prefix(fieldname, _text(prefix)):
            yield str(term).encode("utf-8")

    def lexicon(self, fieldname: str) -> Iterator[bytes]:
        """Every word of the field."""
        return self.expand_prefix(fieldname, "")

    def terms_within(self, fieldname: str, text: str | bytes, maxdist: int,
                     prefix: int = 0) -> Iterator[str]:
        """The field's words within `maxdist` edits (Damerau-Levenshtein) of `text` that share
        its first `prefix` letters."""
        word = _text(text)
        for term, _ in self._searcher.terms_with_prefix(fieldname, word[:prefix]):
            candidate = str(term)
            if abs(len(candidate) - len(word)) <= maxdist and \
                    _distance(word, candidate, maxdist) <= maxdist:
                yield candidate

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"the query code asked the Tantivy lexicon for {name!r}, which "
                             "it does not provide")


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _distance(a: str, b: str, limit: int) -> int:
    """The Damerau-Levenshtein distance (neighbours swapped count one), or more than `limit`
    as soon as it must be."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
