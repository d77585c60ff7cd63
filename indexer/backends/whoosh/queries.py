"""Turning what a user types into a Whoosh query over folded words and stems.

A query is parsed in Whoosh syntax against the folded fields (exact words, any language) and,
once more, against the stems of every language the archive holds (or the one asked for), so
that `Städte` finds `Stadt` in German documents and `migrants` finds `migrant` in French ones.
A document that has the exact word matches both and ranks above one that has another form.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.lang import stemmer_for_language
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser, QueryParser
from whoosh.reading import IndexReader
from whoosh.spelling import ReaderCorrector

from ...analysis import fold, stem_field
from ...errors import QuerySyntaxError
from ...partialdate import DateRange, PartialDate
from .. import SearchFilters
from .schema import date_filter

SEARCH_FIELDS = ["title", "content", "filenames", "author"]
# A prefix (migra*), wildcard or fuzzy word (Integartion~) is searched for at most this many of
# the words it stands for, the most frequent first: unbounded, "a*" costs seconds at 100,000
# documents, and even 256 words cost most of a second.
MAX_EXPANSION = 64
# A fuzzy word keeps at least its first two letters: scanning the whole lexicon for words one
# edit away takes seconds at 100,000 documents.
FUZZY_PREFIX = 2
# In these languages words join into compounds: a stem also finds the compounds it begins
# (Wohnungslose finds Wohnungslosenhilfe), when it is this long.
COMPOUND_LANGUAGES = frozenset({"de", "nl"})
MIN_COMPOUND_STEM = 5

_DATE_RANGE = re.compile(
    r"\bdate:(?:\[\s*(?P<start>[^\]\s]+)\s+TO\s+(?P<end>[^\]\s]+)\s*\]|(?P<single>[\d-]+))",
    re.IGNORECASE)
_WORD = re.compile(r"(?<![\w:])[^\W\d_]+(?![\w:])")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))  # the German way of typing without umlauts
_GERMAN_STEM = stemmer_for_language("de")


@dataclass(frozen=True)
class PreparedQuery:
    """The query to run, a filter the query text asked for (`date:`), and notes for the user."""

    query: wq.Query
    date_filter: wq.Query | None
    notes: list[str]


def prepare(text: str, schema: Schema, reader: IndexReader,
            languages: list[str]) -> PreparedQuery:
    """The Whoosh query for `text`, its stems looked up in `languages`.

    Raises:
        QuerySyntaxError: the query cannot be understood or has nothing to search for.
    """
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    rest, date_filter = _take_dates(text)
    rest = _umlauts_for_digraphs(rest, reader)
    if not rest.strip():
        if date_filter is None:
            raise QuerySyntaxError(f"the query {text!r} has no words to search for")
        return PreparedQuery(wq.Every(), date_filter, [])
    notes: list[str] = []
    parts = [_bounded(_parse(rest, MultifieldParser(SEARCH_FIELDS, schema), text), reader, notes)]
    fields = {language: field for language in languages
              if (field := stem_field(language)) and field in schema.names()}
    stem_parsers = [QueryParser(field, schema) for field in fields.values()]
    for (language, field), parsed in zip(fields.items(), _parse_with(stem_parsers, rest, text),
                                         strict=True):
        stems = _without_expansions(parsed)
        if language in COMPOUND_LANGUAGES:
            stems = _with_compounds(stems, field, reader)
        parts.append(stems)
    # Flattened: Whoosh scores one OR of many words faster than ORs nested in an OR.
    query = parts[0] if len(parts) == 1 else wq.Or(parts).normalize()
    return PreparedQuery(query, date_filter, notes)


def suggestion(text: str, reader: IndexReader) -> str | None:
    """The query with each unknown word replaced by the closest word in the index, if any
    changed ("Integartion" → "integration"), for a "did you mean" when nothing was found."""
    corrector = ReaderCorrector(reader, "content", reader.schema["content"])
    changed = False

    def closest(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group()
        if word in _OPERATORS or _known(fold(word), reader):
            return word
        for distance in (1, 2):  # the nearest spelling first, the most frequent of those
            found = corrector.suggest(fold(word), limit=1, maxdist=distance, prefix=1)
            if found:
                changed = True
                return str(found[0])
        return word

    corrected = _WORD.sub(closest, _DATE_RANGE.sub("", text).replace("~", " "))
    return " ".join(corrected.split()) if changed else None


def filter_query(filters: SearchFilters, query_dates: wq.Query | None) -> wq.Query | None:
    """A Whoosh filter for language and date range; a date matches when its span overlaps."""
    parts = [part for part in (query_dates, date_filter(filters.dates)) if part is not None]
    if filters.language:
        parts.append(wq.Term("language", filters.language.lower()))
    return wq.And(parts) if parts else None


def _parse(text: str, parser: QueryParser, original: str) -> wq.Query:
    return _parse_with([parser], text, original)[0]


def _parse_with(parsers: list[QueryParser], text: str, original: str) -> list[wq.Query]:
    """The query as each parser reads its words into its own default field. The syntax is
    read once: it does not depend on the field, and reading it is most of a parse's time."""
    for parser in parsers:
        parser.add_plugin(FuzzyTermPlugin())
        parser.add_plugin(FieldAliasPlugin({"language": ["lang"]}))
    if not parsers:
        return []
    try:
        nodes = parsers[0].process(text)
        queries = [(nodes.query(parser) or wq.NullQuery).normalize() for parser in parsers]
    except Exception as error:  # the parser raises assorted errors on odd input
        raise QuerySyntaxError(f"cannot parse query {original!r}: {error}") from error
    for query in queries:
        if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
            raise QuerySyntaxError(f"the query {original!r} has no words to search for")
    return queries


def _take_dates(text: str) -> tuple[str, wq.Query | None]:
    """The query text without its `date:` parts, and the date range they ask for.

    A document matches when its date (a year, month or day) overlaps the range.
    """
    ranges: list[wq.Query] = []
    for match in _DATE_RANGE.finditer(text):
        start = match.group("start") or match.group("single")
        end = match.group("end") or match.group("single")
        dates = DateRange(_date_or_open(start, text), _date_or_open(end, text))
        ranges.append(date_filter(dates) or wq.Every())
    rest = _DATE_RANGE.sub(" ", text)
    return rest, (wq.And(ranges) if ranges else None)


def _date_or_open(value: str, query: str) -> PartialDate | None:
    if value == "*":
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise QuerySyntaxError(f"{value!r} in {query!r} is not a date (use 2017, 2017-11 or "
                               "2017-11-16, or * for open)") from error


def _umlauts_for_digraphs(text: str, reader: IndexReader) -> str:
    """Words typed with ae, oe, ue for ä, ö, ü (`Buerger`), written with the umlaut when the
    index holds only that spelling, as a word or as a German stem (`Bürgern`), so that they
    match as folded and as stemmed; other words (`pesquera`) stay as typed."""

    def respelled(match: re.Match[str]) -> str:
        word = match.group()
        if word in _OPERATORS or _known(fold(word), reader):
            return word
        for digraph, umlaut in _UMLAUTS:
            word = re.sub(digraph, umlaut, word, flags=re.IGNORECASE)
        german = stem_field("de")
        known = _known(fold(word), reader) or (german is not None and reader.doc_frequency(
            german, fold(_GERMAN_STEM(word.lower()))) > 0)
        return word if known else match.group()

    return _WORD.sub(respelled, text)


def _known(term: str, reader: IndexReader) -> bool:
    return bool(reader.doc_frequency("content", term) > 0)


def _with_compounds(query: wq.Query, field: str, reader: IndexReader) -> wq.Query:
    """Each long stem also finds (ranked lower) the most frequent compounds it begins."""
    if isinstance(query, wq.Term) and query.fieldname == field:
        stem = _decode(query.text)
        if len(stem) < MIN_COMPOUND_STEM:
            return query
        longer = [word for word in itertools.islice(reader.expand_prefix(field, stem),
                                                    20 * MAX_EXPANSION) if word != stem]
        longer.sort(key=lambda word: -reader.doc_frequency(field, word))
        return wq.Or([query] + [wq.Term(field, word, boost=0.5)
                                for word in longer[:MAX_EXPANSION]])
    if query.is_leaf():
        return query
    return query.apply(lambda child: _with_compounds(child, field, reader))


def _decode(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _without_expansions(query: wq.Query) -> wq.Query:
    """A stem query with its prefix, wildcard and fuzzy words left out: those are searched
    as typed, once, in the folded words (a query of such words alone has no stem part)."""
    if isinstance(query, wq.MultiTerm) and not isinstance(query, wq.Every):
        return wq.NullQuery
    if query.is_leaf():
        return query
    return query.apply(_without_expansions).normalize()


def _bounded(query: wq.Query, reader: IndexReader, notes: list[str]) -> wq.Query:
    """The query with every expanding word replaced by its most frequent expansions, and
    each fuzzy word also matching its spellings with two neighbouring letters swapped."""
    if isinstance(query, wq.FuzzyTerm):
        query.prefixlength = max(query.prefixlength, FUZZY_PREFIX)
        return wq.Or([_bounded_expansion(query, reader, notes),
                      *(wq.Term(query.fieldname, swapped, boost=query.boost)
                        for swapped in _swaps(_decode(query.text)))])
    if isinstance(query, wq.MultiTerm) and not isinstance(query, wq.Every):
        return _bounded_expansion(query, reader, notes)
    if query.is_leaf():
        return query
    return query.apply(lambda child: _bounded(child, reader, notes))


def _swaps(word: str) -> list[str]:
    """The word with each pair of neighbouring letters swapped (Integartion → integration)."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)
            if word[i] != word[i + 1]]


def _bounded_expansion(query: wq.MultiTerm, reader: IndexReader,
                       notes: list[str]) -> wq.Query:
    """A prefix, wildcard or fuzzy word, or its MAX_EXPANSION most frequent expansions."""
    words = [word for _, word in itertools.islice(query.expanded_terms(reader),
                                                20 * MAX_EXPANSION)]
    if len(words) <= MAX_EXPANSION:
        return query
    field = query.field()
    words.sort(key=lambda word: -reader.doc_frequency(field, word))
    notes.append(f"{query} stands for more than {MAX_EXPANSION} words; the "
                 f"{MAX_EXPANSION} most frequent were searched")
    return wq.Or([wq.Term(field, word) for word in words[:MAX_EXPANSION]])
