"""The archive: stored files, the catalog that is the truth about them, and the search index.

Every change is ordered so that nothing reported is ever lost: the file is stored before its
catalog row is committed, and the catalog is committed (with a queue of index work) before the
index is updated from that queue. A command that finds the queue non-empty finishes the work.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer import (
    IndexDocument,
    Overrides,
    PartialDate,
    SearchFilters,
    SearchIndex,
    Snippet,
    best_snippets,
)

from .catalog import SORT_COLUMNS, Catalog
from .discovery import find_inputs
from .errors import NoArchiveError, StorageError, UsageError
from .ingest import Ingestion
from .records import DocumentRecord
from .store import FileStore, sha256_hex

SORTS = tuple(SORT_COLUMNS)


@dataclass(frozen=True)
class SearchHit:
    """A document that matched a query, with its score and passages that show why."""

    record: DocumentRecord
    score: float
    snippets: list[Snippet]


@dataclass(frozen=True)
class SearchResults:
    """The hits shown and how many documents matched in all."""

    hits: list[SearchHit]
    total: int


class Archive:
    """One archive directory: `files/`, `catalog.sqlite` and `index/`."""

    def __init__(self, root: Path, read_only: bool = False) -> None:
        self.root = Path(root)
        self.read_only = read_only
        self.files = FileStore(self.root / "files")
        self.index = SearchIndex(self.root / "index")
        self.catalog = Catalog(self.root / "catalog.sqlite", read_only=read_only)

    @classmethod
    def open(cls, root: Path, create: bool = False) -> Archive:
        """Open the archive at `root`; `create` makes it if it does not exist yet.

        Raises:
            NoArchiveError: there is no archive at `root` and `create` is False.
        """
        root = Path(root)
        if not (root / "catalog.sqlite").is_file():
            if not create:
                raise NoArchiveError(
                    f"no archive at {root} yet: add documents with `pdfarchive add PATH`"
                )
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(f"cannot create the archive at {root}: {error.strerror}"
                                   ) from error
        archive = cls(root, read_only=not create and not os.access(root, os.W_OK))
        if not archive.read_only:
            archive.sync_index()
        return archive

    def close(self) -> None:
        """Release the catalog connection."""
        self.catalog.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding ----------------------------------------------------------------------------------

    def add(self, paths: Iterable[str | os.PathLike[str]], overrides: Overrides | None = None,
            password: str | None = None) -> Ingestion:
        """Prepare to add files and folders; iterate the result to run it and get each outcome.

        Raises:
            UsageError: title, date or language overrides were given for more than one file.
        """
        inputs = find_inputs(paths)
        overrides = overrides or Overrides()
        if overrides != Overrides() and len(inputs) != 1:
            raise UsageError(
                f"--title, --date and --lang describe a single file, but {len(inputs)} "
                "files were given"
            )
        return Ingestion(self, inputs, overrides, password)

    # -- reading ---------------------------------------------------------------------------------

    def search(self, query: str, language: str | None = None, since: PartialDate | None = None,
               until: PartialDate | None = None, sort: str = "relevance", limit: int = 10
               ) -> SearchResults:
        """Documents matching a query in Whoosh syntax, with snippets from the catalog's text.

        Raises:
            QuerySyntaxError: the query cannot be understood.
        """
        filters = SearchFilters(language=language, since=since, until=until)
        hits, total = self.index.search(query, filters, sort=sort, limit=limit)
        records = self.catalog.get_many([hit.id for hit in hits])
        found = [
            SearchHit(records[hit.id], hit.score,
                      best_snippets(self.catalog.page_texts(hit.id), hit.terms))
            for hit in hits if hit.id in records
        ]
        return SearchResults(found, total)

    def documents(self, sort: str = "date", reverse: bool = False,
                  since: PartialDate | None = None, until: PartialDate | None = None,
                  language: str | None = None) -> list[DocumentRecord]:
        """All documents (filtered), newest first by default, unknown dates last."""
        if sort not in SORTS:
            raise UsageError(f"cannot sort by {sort!r}: choose one of {', '.join(SORTS)}")
        return self.catalog.select(sort, reverse, since, until, language)

    def get(self, id_prefix: str) -> DocumentRecord:
        """The document whose id starts with `id_prefix` (any unique prefix, like git)."""
        return self.catalog.get(self.catalog.resolve_id(id_prefix))

    # -- maintenance -----------------------------------------------------------------------------

    def remove(self, id_prefixes: Iterable[str]) -> list[DocumentRecord]:
        """Remove documents from catalog, index and storage; returns what was removed."""
        records = [self.get(prefix) for prefix in id_prefixes]
        with self.catalog.transaction():
            for record in records:
                self.catalog.delete(record.id)
        self.sync_index()
        for record in records:
            self.files.remove(record.id)
        return records

    def sync_index(self) -> int:
        """Apply the index work the catalog has queued; returns how many items were applied."""
        pending = self.catalog.pending_index()
        if not pending:
            return 0
        with self.index.batch() as batch:
            for document_id, action in pending:
                if action == "put" and self.catalog.contains(document_id):
                    batch.put(self._index_document(document_id))
                else:
                    batch.delete(document_id)
        with self.catalog.transaction():
            self.catalog.dequeue_index(pending)
        return len(pending)

    def reindex(self) -> int:
        """Rebuild the search index from the catalog alone; returns the number of documents."""
        pending = self.catalog.pending_index()
        count = self.index.rebuild(
            self._index_document(document_id) for document_id in sorted(self.catalog.ids())
        )
        with self.catalog.transaction():
            self.catalog.dequeue_index(pending)
        return count

    def verify(self) -> list[str]:
        """Problems found: missing or altered files, catalog and index out of step."""
        problems = []
        catalog_ids = self.catalog.ids()
        for document_id in sorted(catalog_ids):
            if not self.files.has(document_id):
                problems.append(f"{document_id}: stored file is missing")
            elif sha256_hex(self.files.read(document_id)) != document_id:
                problems.append(f"{document_id}: stored file has changed (hash differs)")
        for document_id in sorted(set(self.files.ids()) - catalog_ids):
            problems.append(f"{document_id}: stored file is not in the catalog")
        pending = self.catalog.pending_index()
        if pending:
            problems.append(f"{len(pending)} index updates are pending")
        index_ids = self.index.ids()
        for document_id in sorted(catalog_ids - index_ids):
            problems.append(f"{document_id}: in the catalog but not in the search index")
        for document_id in sorted(index_ids - catalog_ids):
            problems.append(f"{document_id}: in the search index but not in the catalog")
        return problems

    def _index_document(self, document_id: str) -> IndexDocument:
        record = self.catalog.get(document_id)
        return IndexDocument(
            id=record.id,
            title=record.title,
            text="\n".join(self.catalog.page_texts(document_id)),
            date=record.date,
            language=record.language,
            size_bytes=record.size_bytes,
            pages=record.pages,
            filenames=record.filenames,
            author=record.author,
        )
