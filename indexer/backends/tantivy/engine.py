"""The full-text index written by Tantivy (Rust, through its official Python bindings).

Tantivy stores, merges and scores; what the index holds is decided by our own analysis, the
same as Whoosh's (`whoosh/schema.py`: folded words, and the stems of each language), given to
Tantivy as space-separated terms, and queries are prepared by the same code (`whoosh/queries.py`,
answering its word lookups from Tantivy's term dictionary) and translated (`translate.py`). So
the two engines find the same documents for the same query, and only speed differs.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy

from ...analysis import (
    STEMMED_LANGUAGES,
    document_terms,
    folded_terms,
    searchable,
    stem_field,
)
from ...errors import IndexCorruptError, IndexOutdatedError, IndexWriteError
from ...private import make_private
from .. import (
    SEARCH_SORTS,
    Health,
    IndexDocument,
    IndexHit,
    IndexResults,
    SearchFilters,
    health_by_opening,
)
from ..rebuilding import rebuild_beside
from ..whoosh import queries
from ..whoosh.schema import build_schema, date_bounds
from .lexicon import TantivyLexicon
from .translate import Words, translate

# Written beside the index; an index with another version is rebuilt from the catalog.
SCHEMA_FILE = "PDFARCHIVE_SCHEMA"
SCHEMA_VERSION = "pdfarchive tantivy 1"
REBUILD_CHUNK = 20_000
BATCH_HEAP = 50_000_000
REBUILD_HEAP = 200_000_000
SIMILAR_TERMS = 12
# A title's words count double, as in Whoosh's schema.
BOOSTS = {"title": 2.0}
_TEXT_FIELDS = ("title", "content", "filenames", "author")


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in _TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace")
    for code in STEMMED_LANGUAGES:
        builder.add_text_field(f"stems_{code}", tokenizer_name="whitespace")
    builder.add_text_field("language", tokenizer_name="raw", index_option="basic")
    for name in ("date_start", "date_end", "size", "pages"):
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


class TantivyBatch:
    """Changes to the Tantivy index that become visible together, when the batch commits."""

    def __init__(self, writer: tantivy.IndexWriter) -> None:
        self._writer = writer

    def put(self, document: IndexDocument, new: bool = False) -> None:
        """Add the document, replacing an earlier version with the same id unless `new`."""
        if not new:
            self._writer.delete_documents_by_term("id", document.id)
        self._writer.add_document(_tantivy_document(document))

    def delete(self, document_id: str) -> None:
        """Remove the document if it is in the index."""
        self._writer.delete_documents_by_term("id", document_id)


def _tantivy_document(document: IndexDocument) -> tantivy.Document:
    """A document's fields as the terms Tantivy indexes: our analysis, the same terms as
    Whoosh's analyzers make (see `analysis.document_terms`)."""
    start, end = date_bounds(document.date)
    text = searchable(document.text)
    doc = tantivy.Document()
    doc.add_text("id", document.id)
    doc.add_text("title", " ".join(folded_terms(document.title)))
    content, stemmed = document_terms(text, document.language)
    doc.add_text("content", " ".join(content))
    doc.add_text("filenames", " ".join(folded_terms(" ".join(document.filenames))))
    doc.add_text("author", " ".join(folded_terms(document.author or "")))
    stems = stem_field(document.language)
    if stems:
        doc.add_text(stems, " ".join(stemmed))
    if document.language:
        doc.add_text("language", document.language.lower())
    for name, value in (("date_start", start), ("date_end", end),
                        ("size", document.size_bytes), ("pages", document.pages)):
        doc.add_integer(name, value)
    return doc


class TantivyBackend:
    """The full-text index in one directory, written by Tantivy."""

    name = "tantivy"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._index: tantivy.Index | None = None
        self._copy: tempfile.TemporaryDirectory[str] | None = None
        self._whoosh_schema = build_schema()

    def close(self) -> None:
        """Let go of the open index (Tantivy closes its files when it is dropped)."""
        self._index = None
        if self._copy is not None:
            self._copy.cleanup()
            self._copy = None

    def health(self) -> Health:
        """Whether the index can serve: missing, of another schema version, damaged, ok."""
        return health_by_opening(self.path, self._open)

    def create(self) -> None:
        """Write an empty index (the directory is created if needed)."""
        self.path.mkdir(parents=True, exist_ok=True)
        tantivy.Index(_schema(), str(self.path), reuse=False)
        (self.path / SCHEMA_FILE).write_text(SCHEMA_VERSION)
        make_private(self.path)

    @contextmanager
    def batch(self) -> Iterator[TantivyBatch]:
        """A batch of changes, committed when the block ends and rolled back if it raises."""
        try:
            if not self.path.is_dir():
                self.create()
            writer = self._open().writer(BATCH_HEAP, 1)
        except (OSError, ValueError) as error:
            raise IndexWriteError(f"the search index could not be updated: {error}") from error
        try:
            yield TantivyBatch(writer)
        except BaseException as error:
            writer.rollback()
            writer.wait_merging_threads()
            if isinstance(error, OSError):
                raise IndexWriteError(f"the search index could not be updated: {error}"
                                      ) from error
            raise
        try:
            writer.commit()
            writer.wait_merging_threads()
            make_private(self.path)
        except (OSError, ValueError) as error:
            raise IndexWriteError(f"the search index could not be updated: {error}") from error

    def ids(self) -> set[str]:
        """The ids of every document in the index."""
        if not self.path.is_dir():
            return set()
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.all_query(), max(1, searcher.num_docs),
                                count=False)
        return {str(searcher.doc(address).get_first("id")) for _, address in found.hits}

    def search(self, query_text: str, filters: SearchFilters | None = None,
               sort: str = "relevance", limit: int = 10) -> IndexResults:
        """The best `limit` hits for a query in our syntax, and how many documents matched;
        prepared as for Whoosh (see `whoosh/queries.py`).

        Raises:
            QuerySyntaxError: the query cannot be understood or matches on nothing searchable.
        """
        if sort not in SEARCH_SORTS:
            raise ValueError(f"sort must be one of {SEARCH_SORTS}")
        if not self.path.is_dir():
            return IndexResults([], 0, [])
        filters = filters or SearchFilters()
        searcher = self._searcher()
        lexicon = TantivyLexicon(searcher, self._whoosh_schema)
        languages = [filters.language] if filters.language else sorted(
            term.decode() for term in lexicon.lexicon("language"))
        prepared = queries.prepare(query_text, self._whoosh_schema, lexicon, languages)
        schema = self._open().schema
        words = Words()
        query = translate(prepared.query, schema, lexicon, BOOSTS, words)
        where = queries.filter_query(filters, prepared.date_filter)
        if where is not None:
            condition = tantivy.Query.const_score_query(
                translate(where, schema, lexicon, {}, Words()), 0.0)
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                                 (tantivy.Occur.Must, condition)])
        found = searcher.search(query, limit, count=True,
                                order_by_field="date_start" if sort == "date" else None)
        terms, stems = frozenset(words.terms), frozenset(words.stems)
        hits = [IndexHit(str(searcher.doc(address).get_first("id")),
                         float(key) if sort == "relevance" else 0.0, terms, stems)
                for key, address in found.hits]
        suggestion = None if hits else queries.suggestion(query_text, lexicon)
        total = int(getattr(found, "count", None) or 0)  # (missing from the bindings' stubs)
        return IndexResults(hits, total, prepared.notes, suggestion)

    def similar(self, document_id: str, text: str, limit: int = 10) -> list[IndexHit]:
        """The documents most like one, by the SIMILAR_TERMS words that distinguish its `text`
        from the rest of the index (tf·idf); the document itself is not among them."""
        if not self.path.is_dir():
            return []
        searcher = self._searcher()
        total = max(1, searcher.num_docs)
        counts = Counter(folded_terms(searchable(text)))
        weights = {word: count * math.log(total / (1 + searcher.doc_freq("content", word)))
                   for word, count in counts.items() if len(word) > 2}
        keys = sorted(weights, key=lambda word: -weights[word])[:SIMILAR_TERMS]
        if not keys:
            return []
        schema = self._open().schema
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "content", word))
             for word in keys]
            + [(tantivy.Occur.MustNot, tantivy.Query.term_query(schema, "id", document_id))])
        found = searcher.search(query, limit, count=False)
        return [IndexHit(str(searcher.doc(address).get_first("id")), float(score), frozenset())
                for score, address in found.hits]

    def rebuild(self, documents_after: Callable[[str | None], Iterable[IndexDocument]]) -> int:
        """Replace the index by one written from scratch, beside the old one, committed every
        REBUILD_CHUNK documents so that an interruption resumes there (see `rebuilding`);
        returns how many documents it holds."""
        return rebuild_beside(self.path, documents_after,
                              create=lambda path: TantivyBackend(path).create(),
                              write=self._write_chunk, chunk_size=REBUILD_CHUNK,
                              release=self.close)

    def _write_chunk(self, path: Path, documents: list[IndexDocument]) -> None:
        writer = TantivyBackend(path)._open().writer(REBUILD_HEAP, 2)
        try:
            batch = TantivyBatch(writer)
            for document in documents:
                batch.put(document, new=True)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def _searcher(self) -> tantivy.Searcher:
        """A searcher over the latest committed index."""
        index = self._open()
        index.reload()
        return index.searcher()

    def _open(self) -> tantivy.Index:
        """The Tantivy index; a damaged one is reported, never replaced behind the user's back."""
        if self._index is not None:
            return self._index
        version = self.path / SCHEMA_FILE
        try:
            written = version.read_text().strip() if version.is_file() else None
            if not tantivy.Index.exists(str(self.path)):
                raise FileNotFoundError("it has no meta.json")
            index = tantivy.Index.open(str(self._readable_path()))
        except (OSError, ValueError) as error:
            raise IndexCorruptError(
                f"the search index is damaged ({error}); rebuild it from the catalog with "
                "`pdfarchive verify --repair`") from error
        if written != SCHEMA_VERSION:
            raise IndexOutdatedError(
                "the search index was written by another version of pdfarchive; rebuild it "
                "from the catalog with `pdfarchive reindex`")
        self._index = index
        return index

    def _readable_path(self) -> Path:
        """Where to open the index: here, or, on a read-only medium, a private temporary copy,
        since Tantivy takes a lock file beside the index even to read it."""
        if os.access(self.path, os.W_OK):
            return self.path
        self._copy = tempfile.TemporaryDirectory(prefix="pdfarchive-index-")
        copy = Path(self._copy.name, "index")
        shutil.copytree(self.path, copy)
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)
        return copy

