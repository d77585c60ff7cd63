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
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from . import queries
from .analysis import searchable, stem_field
from .errors import IndexCorruptError, IndexOutdatedError, IndexWriteError
from .partialdate import DateRange, PartialDate
from .private import make_private
from .schema import build_schema, date_bounds, date_filter

# A rebuild commits (and notes its progress) every this many documents, each commit with a
# bounded memory pool, so that memory stays flat and an interruption loses one chunk at most.
REBUILD_CHUNK = 5_000
REBUILD_MEMORY_MB = 256
PROGRESS_FILE = "REBUILD_PROGRESS"
# The memory pool of the small batches of an add; Whoosh defaults to 128 MB.
BATCH_MEMORY_MB = 32
SEARCH_SORTS = ("relevance", "date")
# How many of a document's distinguishing words "similar" looks for in others.
SIMILAR_TERMS = 12


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
    """One search result: the document's id, its score, and the folded words and the stems of
    it that matched (to show where)."""

    id: str
    score: float
    terms: frozenset[str]
    stems: frozenset[str] = frozenset()


@dataclass(frozen=True)
class IndexResults:
    """The hits shown, how many documents matched in all, notes on how the query was run, and
    a corrected query to suggest when nothing matched."""

    hits: list[IndexHit]
    total: int
    notes: list[str]
    suggestion: str | None = None


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on a search besides the query text."""

    language: str | None = None
    dates: DateRange = DateRange()


class IndexBatch:
    """Changes to the index that become visible together, when the batch commits."""

    def __init__(self, writer: IndexWriter) -> None:
        self._writer = writer

    def put(self, document: IndexDocument, new: bool = False) -> None:
        """Add the document, replacing an earlier version with the same id unless `new`."""
        start, end = date_bounds(document.date)
        write = self._writer.add_document if new else self._writer.update_document
        text = searchable(document.text)
        stems = stem_field(document.language)
        write(
            id=document.id,
            title=document.title,
            content=text,
            **({stems: text} if stems else {}),
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

    def outdated(self) -> bool:
        """Whether the index was written with an older schema and must be rebuilt (a damaged
        or missing index is not outdated: see `IndexCorruptError`)."""
        try:
            self._open()
        except IndexOutdatedError:
            return True
        except IndexCorruptError:
            return False
        return False

    def create(self) -> None:
        """Write an empty index (the directory is created if needed)."""
        self.path.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(self.path), build_schema())
        self._make_private()

    def _make_private(self) -> None:
        """Whoosh creates its files as the umask says; after each commit they are made
        private again."""
        make_private(self.path)

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
            self._make_private()
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

        The query's words are looked up as typed (folded) and, as stems, in the language
        `filters` names or else in every language the index holds (see `queries`). A prefix,
        wildcard or fuzzy word that stands for too many words is searched for the most frequent
        ones, and a note says so. When nothing matches, a corrected query may be suggested.

        Raises:
            QuerySyntaxError: the query cannot be understood or matches on nothing searchable.
        """
        if sort not in SEARCH_SORTS:
            raise ValueError(f"sort must be one of {SEARCH_SORTS}")
        if not self.exists():
            return IndexResults([], 0, [])
        filters = filters or SearchFilters()
        searcher = self._current_searcher()
        languages = [filters.language] if filters.language else self._languages(searcher)
        prepared = queries.prepare(query_text, searcher.schema, searcher.reader(), languages)
        results = searcher.search(
            prepared.query,
            filter=_filter_query(filters, prepared.date_filter),
            limit=limit,
            sortedby="date_start" if sort == "date" else None,
            reverse=sort == "date",
            terms=True,
        )
        hits = [_hit(hit) for hit in results]
        suggestion = None if hits else queries.suggestion(query_text, searcher)
        return IndexResults(hits, len(results), prepared.notes, suggestion)

    def similar(self, document_id: str, text: str, limit: int = 10) -> list[IndexHit]:
        """The documents most like one, by the words that distinguish its `text` from the
        rest of the index (Whoosh's more-like-this); the document itself is not among them."""
        if not self.exists():
            return []
        searcher = self._current_searcher()
        number = searcher.document_number(id=document_id)
        if number is None:
            return []
        found = searcher.more_like(number, "content", text=searchable(text), top=limit,
                                   numterms=SIMILAR_TERMS)
        return [IndexHit(hit["id"], float(hit.score or 0.0), frozenset()) for hit in found]

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
            fresh._make_private()
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
            index = FileStorage(str(self.path), supports_mmap=False).open_index()
        except Exception as error:  # Whoosh raises many kinds for a damaged index
            raise IndexCorruptError(
                f"the search index is damaged ({error}); rebuild it from the catalog with "
                "`pdfarchive verify --repair`") from error
        if set(build_schema().names()) - set(index.schema.names()):
            raise IndexOutdatedError(
                "the search index was written by an older pdfarchive; rebuild it from the "
                "catalog with `pdfarchive reindex`")
        return index

    @staticmethod
    def _languages(searcher: Searcher) -> list[str]:
        """The languages of the documents in the index."""
        return sorted(_decode(term) for term in searcher.reader().lexicon("language"))


def _hit(hit: Any) -> IndexHit:
    """A Whoosh hit as ours, with its matched words sorted into folded words and stems."""
    matched = hit.matched_terms() or []
    return IndexHit(
        hit["id"],
        float(hit.score or 0.0),
        frozenset(_decode(text) for field, text in matched if field in ("content", "title")),
        frozenset(_decode(text) for field, text in matched if field.startswith("stems_")),
    )


def _filter_query(filters: SearchFilters, query_dates: wq.Query | None) -> wq.Query | None:
    """A Whoosh filter for language and date range; a date matches when its span overlaps."""
    parts = [part for part in (query_dates, date_filter(filters.dates)) if part is not None]
    if filters.language:
        parts.append(wq.Term("language", filters.language.lower()))
    return wq.And(parts) if parts else None


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
