"""Reading and writing the Whoosh full-text index.

All Whoosh use of the project lives here and in `schema.py`. The index is derived data: the
archive's catalog can always rebuild it, so `rebuild` writes a fresh index beside the old one and
swaps it in only when complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from ...analysis import searchable, stem_field
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
from . import queries
from .schema import build_schema, date_bounds

# A rebuild commits (and notes its progress) every this many documents, each commit with a
# bounded memory pool, so that memory stays flat and an interruption loses one chunk at most.
REBUILD_CHUNK = 5_000
REBUILD_MEMORY_MB = 256
# The memory pool of the small batches of an add; Whoosh defaults to 128 MB.
BATCH_MEMORY_MB = 32
# How many of a document's distinguishing words "similar" looks for in others.
SIMILAR_TERMS = 12


class WhooshBatch:
    """Changes to the Whoosh index that become visible together, when the batch commits."""

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


class WhooshBackend:
    """The full-text index in one directory, written by Whoosh (pure Python)."""

    name = "whoosh"

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

    def health(self) -> Health:
        """Whether the index can serve: missing, written with an older schema, damaged, ok."""
        return health_by_opening(self.path, self._open)

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
    def batch(self) -> Iterator[WhooshBatch]:
        """A batch of changes, committed when the block ends and cancelled if it raises."""
        try:
            if not self.exists():
                self.create()
            writer = self._open().writer(limitmb=BATCH_MEMORY_MB)
            try:
                yield WhooshBatch(writer)
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
            filter=queries.filter_query(filters, prepared.date_filter),
            limit=limit,
            sortedby="date_start" if sort == "date" else None,
            reverse=sort == "date",
            terms=True,
        )
        hits = [_hit(hit) for hit in results]
        suggestion = None if hits else queries.suggestion(query_text, searcher.reader())
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
        """Replace the index by one written from scratch, beside the old one, committed every
        REBUILD_CHUNK documents so that an interruption resumes there (see `rebuilding`);
        returns how many documents it holds."""
        return rebuild_beside(self.path, documents_after,
                              create=lambda path: WhooshBackend(path).create(),
                              write=_write_chunk, chunk_size=REBUILD_CHUNK, release=self.close)

    def _current_searcher(self) -> Searcher:
        """A searcher over the latest committed index, kept open between searches.

        A stale one is closed and a new one opened: Whoosh's `refresh` shares segment readers
        with the stale searcher, so closing that would close the new one's readers too.
        """
        if self._searcher is not None and not self._searcher.up_to_date():
            self.close()
        if self._searcher is None:
            self._searcher = self._open().searcher()
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


def _decode(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _write_chunk(path: Path, documents: list[IndexDocument]) -> None:
    """Add documents to the new index at `path` in one commit, with a bounded memory pool."""
    writer = WhooshBackend(path)._open().writer(limitmb=REBUILD_MEMORY_MB)
    try:
        for document in documents:
            WhooshBatch(writer).put(document, new=True)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
