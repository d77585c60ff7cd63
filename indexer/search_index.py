"""Reading and writing the Whoosh full-text index.

All Whoosh use of the project lives here and in `schema.py`. The index is derived data: the
archive's catalog can always rebuild it, so `rebuild` writes a fresh index beside the old one and
swaps it in only when complete.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from .errors import IndexCorruptError, IndexWriteError, QuerySyntaxError
from .partialdate import PartialDate
from .schema import build_schema, date_bounds, date_number

SEARCH_FIELDS = ["title", "content", "filenames", "author"]
# A prefix (migra*), wildcard or fuzzy word (Integartion~) is searched for at most this many of
# the words it stands for, the most frequent first: unbounded, "a*" costs seconds at 100,000
# documents, and even 256 words cost most of a second.
MAX_EXPANSION = 64
# A fuzzy word keeps at least its first two letters: scanning the whole lexicon for words one
# edit away takes seconds at 100,000 documents.
FUZZY_PREFIX = 2
# A rebuild commits (and notes its progress) every this many documents, each commit with a
# bounded memory pool, so that memory stays flat and an interruption loses one chunk at most.
REBUILD_CHUNK = 5_000
REBUILD_MEMORY_MB = 256
PROGRESS_FILE = "REBUILD_PROGRESS"
# The memory pool of the small batches of an add; Whoosh defaults to 128 MB.
BATCH_MEMORY_MB = 32
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class IndexDocument:
    """What the index needs to know of one document."""

    id: str
    title: str
    text: str
    date: PartialDate | None
    language: str | None
    size_bytes: int
    pages: int
    filenames: list[str]
    author: str | None = None


@dataclass(frozen=True)
class IndexHit:
    """One search result: the document's id, its score and the words of it that matched."""

    id: str
    score: float
    terms: frozenset[str]


@dataclass(frozen=True)
class IndexResults:
    """The hits shown, how many documents matched in all, and notes on how the query was run."""

    hits: list[IndexHit]
    total: int
    notes: list[str]


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on a search besides the query text."""

    language: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None


class IndexBatch:
    """Changes to the index that become visible together, when the batch commits."""

    def __init__(self, writer: IndexWriter) -> None:
        self._writer = writer

    def put(self, document: IndexDocument, new: bool = False) -> None:
        """Add the document, replacing an earlier version with the same id unless `new`."""
        start, end = date_bounds(document.date)
        write = self._writer.add_document if new else self._writer.update_document
        write(
            id=document.id,
            title=document.title,
            content=document.text,
            filenames=" ".join(document.filenames),
            author=document.author or "",
            language=document.language or "",
            date_start=start,
            date_end=end,
            size=document.size_bytes,
            pages=document.pages,
        )

    def delete(self, document_id: str) -> None:
        """Remove the document if it is in the index."""
        self._writer.delete_by_term("id", document_id)


class SearchIndex:
    """The full-text index in one directory."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._searcher: Searcher | None = None

    def close(self) -> None:
        """Release the open index files."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def exists(self) -> bool:
        """Whether an index has been written here (whole or damaged)."""
        return self.path.is_dir()

    def create(self) -> None:
        """Write an empty index (the directory is created if needed)."""
        self.path.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(self.path), build_schema())

    @contextmanager
    def batch(self) -> Iterator[IndexBatch]:
        """A batch of changes, committed when the block ends and cancelled if it raises."""
        try:
            if not self.exists():
                self.create()
            writer = self._open().writer(limitmb=BATCH_MEMORY_MB)
            try:
                yield IndexBatch(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        except OSError as error:
            raise IndexWriteError(f"the search index could not be updated: {error}") from error

    def ids(self) -> set[str]:
        """The ids of every document in the index."""
        if not self.exists():
            return set()
        return {fields["id"] for fields in self._current_searcher().all_stored_fields()}

    def search(
        self,
        query_text: str,
        filters: SearchFilters | None = None,
        sort: str = "relevance",
        limit: int = 10,
    ) -> IndexResults:
        """The best `limit` hits for a query in Whoosh syntax, and how many documents matched.

        A prefix, wildcard or fuzzy word that stands for more than MAX_EXPANSION words is
        searched for its MAX_EXPANSION most frequent ones, and a note says so.

        Raises:
            QuerySyntaxError: the query cannot be understood or matches on nothing searchable.
        """
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        if not self.exists():
            return IndexResults([], 0, [])
        searcher = self._current_searcher()
        query = self._parse(query_text, searcher.schema)
        notes: list[str] = []
        query = _bound_expansions(query, searcher.reader(), notes)
        results = searcher.search(
            query,
            filter=_filter_query(filters or SearchFilters()),
            limit=limit,
            sortedby="date_start" if sort == "date" else None,
            reverse=sort == "date",
            terms=True,
        )
        hits = [
            IndexHit(
                hit["id"],
                float(hit.score or 0.0),
                frozenset(_decode(text) for field, text in (hit.matched_terms() or [])
                          if field in ("content", "title")),
            )
            for hit in results
        ]
        return IndexResults(hits, len(results), notes)

    def rebuild(self, documents_after: Callable[[str | None], Iterable[IndexDocument]]) -> int:
        """Replace the index by one written from scratch; returns how many documents it holds.

        `documents_after(last_id)` yields the documents in id order after `last_id` (all of them
        for None). The new index is written beside the old one, which serves searches until the
        new one is complete, and is committed every REBUILD_CHUNK documents with a note of how
        far it got: an interrupted rebuild resumes there instead of starting over.
        """
        fresh = SearchIndex(self.path.with_name(self.path.name + ".new"))
        progress = fresh.path / PROGRESS_FILE
        last_id, count = None, 0
        if fresh.exists() and progress.is_file():
            last_id, done = progress.read_text().split()
            count = int(done)
        else:
            shutil.rmtree(fresh.path, ignore_errors=True)
            fresh.create()
        for chunk in _chunks(documents_after(last_id), REBUILD_CHUNK):
            writer = fresh._open().writer(limitmb=REBUILD_MEMORY_MB)
            try:
                for document in chunk:
                    IndexBatch(writer).put(document, new=True)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            count += len(chunk)
            _write_atomically(progress, f"{chunk[-1].id} {count}")
        progress.unlink(missing_ok=True)
        self.close()
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(fresh.path, self.path)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def _current_searcher(self) -> Searcher:
        """A searcher over the latest committed index, kept open between searches."""
        if self._searcher is None:
            self._searcher = self._open().searcher()
        elif not self._searcher.up_to_date():
            stale, self._searcher = self._searcher, self._searcher.refresh()
            stale.close()
        return self._searcher

    def _open(self) -> whoosh_index.Index:
        """The Whoosh index; a damaged one is reported, never replaced behind the user's back."""
        try:
            if not whoosh_index.exists_in(str(self.path)):
                raise FileNotFoundError("its table of contents is missing")
            # Without mmap: mapped index files would count as the process's own memory.
            return FileStorage(str(self.path), supports_mmap=False).open_index()
        except Exception as error:  # Whoosh raises many kinds for a damaged index
            raise IndexCorruptError(
                f"the search index is damaged ({error}); rebuild it from the catalog with "
                "`pdfarchive verify --repair`") from error

    @staticmethod
    def _parse(query_text: str, schema: object) -> wq.Query:
        if not query_text.strip():
            raise QuerySyntaxError("the query is empty")
        parser = MultifieldParser(SEARCH_FIELDS, schema)
        parser.add_plugin(FuzzyTermPlugin())
        try:
            query = parser.parse(query_text)
        except Exception as error:  # the parser raises assorted errors on odd input
            raise QuerySyntaxError(f"cannot parse query {query_text!r}: {error}") from error
        if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
            raise QuerySyntaxError(f"the query {query_text!r} has no words to search for")
        return query


def _filter_query(filters: SearchFilters) -> wq.Query | None:
    """A Whoosh filter for language and date range; a date matches when its span overlaps."""
    parts: list[wq.Query] = []
    if filters.language:
        parts.append(wq.Term("language", filters.language.lower()))
    if filters.since:
        parts.append(wq.NumericRange("date_end", date_number(filters.since.first_day()), None))
    if filters.until:
        parts.append(wq.NumericRange("date_start", 1, date_number(filters.until.last_day())))
    return wq.And(parts) if parts else None


def _bound_expansions(query: wq.Query, reader: IndexReader, notes: list[str]) -> wq.Query:
    """The query with every expanding word replaced by its most frequent expansions."""
    if isinstance(query, wq.FuzzyTerm):
        query.prefixlength = max(query.prefixlength, FUZZY_PREFIX)
    if isinstance(query, wq.MultiTerm) and not isinstance(query, wq.Every):
        words = list(itertools.islice(query._btexts(reader), 20 * MAX_EXPANSION))
        if len(words) <= MAX_EXPANSION:
            return query
        field = query.field()
        words.sort(key=lambda word: -reader.doc_frequency(field, word))
        notes.append(f"{query} stands for more than {MAX_EXPANSION} words; the "
                     f"{MAX_EXPANSION} most frequent were searched")
        return wq.Or([wq.Term(field, word) for word in words[:MAX_EXPANSION]])
    if query.is_leaf():
        return query
    return query.apply(lambda child: _bound_expansions(child, reader, notes))


def _chunks(items: Iterable[IndexDocument], size: int) -> Iterator[list[IndexDocument]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text)
    os.replace(temp, path)


def _decode(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
