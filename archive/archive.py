"""The archive: stored files, the catalog that is the truth about them, and the search index.

Every change is ordered so that nothing reported is ever lost: the file is stored before its
catalog row is committed, and the catalog is committed (with a queue of index work) before the
index is updated from that queue. A command that finds the queue non-empty finishes the work.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indexer import (
    IndexCorruptError,
    IndexDocument,
    Limits,
    Overrides,
    PartialDate,
    SearchFilters,
    SearchIndex,
    Snippet,
    best_snippets,
)

from .catalog import SORT_COLUMNS, Catalog
from .discovery import WebInput, find_inputs
from .errors import NoArchiveError, StorageError, UsageError
from .fetch import WebLimits, fetch_page
from .lock import DEFAULT_TIMEOUT as DEFAULT_LOCK_TIMEOUT
from .lock import WriterLock
from .records import DocumentRecord, now_utc
from .store import FileStore

if TYPE_CHECKING:
    from .ingest import Ingestion
    from .webpage import PageLink

SORTS = tuple(SORT_COLUMNS)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchHit:
    """A document that matched a query, with its score and passages that show why."""

    record: DocumentRecord
    score: float
    snippets: list[Snippet]


@dataclass(frozen=True)
class SearchResults:
    """The hits shown, how many documents matched in all, notes on how the query was run, and
    a corrected query to suggest when nothing matched ("did you mean")."""

    hits: list[SearchHit]
    total: int
    notes: list[str]
    suggestion: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found: problems make it fail; notes and repairs are for information."""

    problems: list[str]
    notes: list[str]
    repairs: list[str]


class Archive:
    """One archive directory: `files/`, `catalog.sqlite`, `index/` and a writer lock.

    Opened for reading, it never writes and never waits; opened for writing, it takes the writer
    lock for each change and first finishes what an interrupted process left undone.
    """

    def __init__(self, root: Path, writable: bool, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
                 ) -> None:
        self.root = Path(root)
        self.writable = writable
        self.files = FileStore(self.root / "files")
        self.index = SearchIndex(self.root / "index")
        self.lock = WriterLock(self.root / "write.lock", lock_timeout)
        self.catalog = Catalog(self.root / "catalog.sqlite", read_only=not writable)

    @classmethod
    def open(cls, root: Path, write: bool = False, create: bool = False,
             lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Archive:
        """Open the archive at `root` for reading, or for writing (`create` makes it first).

        Raises:
            NoArchiveError: there is no archive at `root` and `create` is False.
            StorageError: the archive cannot be created, or written where writing was asked.
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
        writable = write or create
        if writable and not os.access(root, os.W_OK):
            raise StorageError(f"the archive at {root} is read-only: it can be searched, listed "
                               "and shown, not changed")
        archive = cls(root, writable, lock_timeout)
        if writable:
            archive.finish_interrupted_work()
        return archive

    def close(self) -> None:
        """Release the catalog connection and the index files."""
        self.index.close()
        self.catalog.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def finish_interrupted_work(self) -> None:
        """Apply index work a killed process left queued, and drop its half-written files.

        An index an older version wrote is rebuilt from the catalog. A damaged index is left
        for `verify --repair` to rebuild: it is only logged here, so that the repair itself can
        open the archive.
        """
        with self.lock.held():
            self.files.remove_leftovers()
            if self.index.outdated():
                log.warning("rebuilding the search index, which an older pdfarchive wrote")
                self.reindex()
            try:
                self.sync_index()
            except IndexCorruptError as error:
                log.warning("%s", error)

    # -- adding ----------------------------------------------------------------------------------

    def add(self, paths: Iterable[str | os.PathLike[str]], overrides: Overrides | None = None,
            password: str | None = None, workers: int | None = None,
            limits: Limits | None = None, from_page: str | None = None,
            web_limits: WebLimits | None = None) -> Ingestion:
        """Prepare to add files, folders and URLs, and the PDFs the web page `from_page` links
        to; iterate the result to run it and get each outcome.

        `workers` extraction processes run at once (default: one per core), each file within
        `limits` (time and memory); each download within `web_limits` (size and time).

        Raises:
            UsageError: title, date or language overrides were given for more than one file.
            FetchError: the page `from_page` could not be fetched.
        """
        # Imported here: the reading commands never load the extraction machinery.
        from .ingest import Ingestion

        inputs = find_inputs(paths)
        if from_page:
            inputs += [WebInput(link.url, link) for link in self.page_links(from_page,
                                                                             web_limits)]
        overrides = overrides or Overrides()
        if overrides != Overrides() and len(inputs) != 1:
            raise UsageError(
                f"--title, --date and --lang describe a single file, but {len(inputs)} "
                "files were given"
            )
        return Ingestion(self, inputs, overrides, password, workers, limits or Limits(),
                         web_limits or WebLimits())

    def page_links(self, page_url: str, web_limits: WebLimits | None = None) -> list[PageLink]:
        """The PDFs a web page links to, with the page's hints about each (nothing downloaded
        but the page).

        Raises:
            FetchError: the page could not be fetched.
        """
        from .webpage import pdf_links  # loads the HTML parser and the date patterns

        page = fetch_page(page_url, web_limits)
        return pdf_links(page.url, page.content, page.encoding)

    def preview_page(self, page_url: str, web_limits: WebLimits | None = None
                     ) -> list[tuple[PageLink, bool]]:
        """What `add --from-page` would add: each linked PDF with the page's hints, and
        whether a document was downloaded from its URL before (nothing but the page is
        downloaded).

        Raises:
            FetchError: the page could not be fetched.
        """
        return [(link, self.catalog.latest_from_url(link.url) is not None)
                for link in self.page_links(page_url, web_limits)]

    # -- reading ---------------------------------------------------------------------------------

    def search(self, query: str, language: str | None = None, since: PartialDate | None = None,
               until: PartialDate | None = None, sort: str = "relevance", limit: int = 10
               ) -> SearchResults:
        """Documents matching a query in Whoosh syntax, with snippets from the catalog's text.

        Raises:
            QuerySyntaxError: the query cannot be understood.
        """
        filters = SearchFilters(language=language, since=since, until=until)
        results = self.index.search(query, filters, sort=sort, limit=limit)
        records = self.catalog.get_many([hit.id for hit in results.hits])
        found = [
            SearchHit(records[hit.id], hit.score,
                      best_snippets(self.catalog.page_texts(hit.id), hit.terms, hit.stems,
                                    records[hit.id].language))
            for hit in results.hits if hit.id in records
        ]
        return SearchResults(found, results.total, results.notes, results.suggestion)

    def similar(self, id_prefix: str, limit: int = 10) -> list[DocumentRecord]:
        """The documents most like the one whose id starts with `id_prefix`, most alike first."""
        document_id = self.catalog.resolve_id(id_prefix)
        text = "\n".join(self.catalog.page_texts(document_id))
        hits = self.index.similar(document_id, text, limit)
        records = self.catalog.get_many([hit.id for hit in hits])
        return [records[hit.id] for hit in hits if hit.id in records]

    def documents(self, sort: str = "date", reverse: bool = False,
                  since: PartialDate | None = None, until: PartialDate | None = None,
                  language: str | None = None, limit: int | None = None,
                  all_versions: bool = False) -> list[DocumentRecord]:
        """Documents (filtered, the first `limit`), newest first by default, unknown dates last;
        of a document downloaded again with new bytes only the newest unless `all_versions`."""
        if sort not in SORTS:
            raise UsageError(f"cannot sort by {sort!r}: choose one of {', '.join(SORTS)}")
        return self.catalog.select(sort, reverse, since, until, language, limit, all_versions)

    def get(self, id_prefix: str) -> DocumentRecord:
        """The document whose id starts with `id_prefix` (any unique prefix, like git)."""
        return self.catalog.get(self.catalog.resolve_id(id_prefix))

    # -- maintenance -----------------------------------------------------------------------------

    def remove(self, id_prefixes: Iterable[str]) -> list[DocumentRecord]:
        """Remove documents from catalog, index and storage; returns what was removed."""
        with self.lock.held():
            records = [self.get(prefix) for prefix in id_prefixes]
            with self.catalog.transaction():
                for record in records:
                    self.catalog.delete(record.id)
            self.sync_index()
            for record in records:
                self.files.remove(record.id)
        return records

    def edit(self, id_prefix: str, title: str | None = None, date: PartialDate | None = None,
             language: str | None = None) -> DocumentRecord:
        """Correct a document's title, date or language; the correction is marked `user` and
        outlives `reindex` and adding the same file again.

        Raises:
            UsageError: nothing to change was given.
        """
        if title is None and date is None and language is None:
            raise UsageError("give at least one of --title, --date and --lang")
        with self.lock.held():
            document_id = self.catalog.resolve_id(id_prefix)
            with self.catalog.transaction():
                self.catalog.correct(document_id, title, date, language)
            self.sync_index()
            return self.catalog.get(document_id)

    def sync_index(self) -> int:
        """Apply the index work the catalog has queued; returns how many items were applied."""
        with self.lock.held():
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
        with self.lock.held():
            pending = self.catalog.pending_index()
            count = self.index.rebuild(
                lambda last_id: map(self._index_document, self.catalog.ids_after(last_id))
            )
            with self.catalog.transaction():
                self.catalog.dequeue_index(pending)
            return count

    def verify(self, repair: bool = False) -> VerifyReport:
        """Check stored files against their hashes and the index against the catalog.

        With `repair`, a file whose bytes changed is moved to `quarantine/` (never deleted), a
        stored file the catalog lost is added back, and the index is rebuilt from the catalog.
        """
        with contextlib.ExitStack() as stack:
            if repair:
                stack.enter_context(self.lock.held())
            repairs = self._repair_files() if repair else []
            if repair:
                self.reindex()
                repairs.append("rebuilt the search index from the catalog")
            problems, notes = self._check_files()
            problems += self._check_index()
        return VerifyReport(problems, notes, repairs)

    def _check_files(self) -> tuple[list[str], list[str]]:
        problems, notes = [], []
        catalog_ids = self.catalog.ids()
        for document_id in sorted(catalog_ids):
            if not self.files.has(document_id):
                problems.append(f"{document_id}: stored file is missing (add the original file "
                                "again to restore it)")
            elif self.files.hash_of(document_id) != document_id:
                problems.append(f"{document_id}: stored file has changed (hash differs; "
                                "`verify --repair` moves it to quarantine/)")
        for document_id in sorted(set(self.files.ids()) - catalog_ids):
            notes.append(f"{document_id}: stored file is not in the catalog (left by an "
                         "interrupted add; `verify --repair` adds it back)")
        return problems, notes

    def _check_index(self) -> list[str]:
        problems = []
        catalog_ids = self.catalog.ids()
        pending = self.catalog.pending_index()
        if pending:
            problems.append(f"{len(pending)} index updates are pending (run `verify --repair`)")
        try:
            index_ids = self.index.ids()
        except IndexCorruptError as error:
            return problems + [str(error)]
        for document_id in sorted(catalog_ids - index_ids):
            problems.append(f"{document_id}: in the catalog but not in the search index")
        for document_id in sorted(index_ids - catalog_ids):
            problems.append(f"{document_id}: in the search index but not in the catalog")
        return problems

    def _repair_files(self) -> list[str]:
        """Quarantine altered files and adopt stored files the catalog lost (under the lock)."""
        repairs = []
        catalog_ids = self.catalog.ids()
        for document_id in sorted(catalog_ids):
            if self.files.has(document_id) and self.files.hash_of(document_id) != document_id:
                moved = self.files.quarantine(document_id, self.root / "quarantine")
                repairs.append(f"{document_id}: bytes changed on disk; moved to {moved} (add "
                               "the original file again to restore it)")
        for document_id in sorted(set(self.files.ids()) - catalog_ids):
            repairs.append(self._adopt(document_id))
        return repairs

    def _adopt(self, document_id: str) -> str:
        """Add a stored file that has no catalog entry back to the catalog."""
        from indexer import PdfError, extract  # only a repair reads PDFs here

        path = self.files.path_for(document_id)
        if self.files.hash_of(document_id) != document_id:
            moved = self.files.quarantine(document_id, self.root / "quarantine")
            return f"{document_id}: stored file not in the catalog and altered; moved to {moved}"
        try:
            extraction = extract(path.read_bytes(), path.name)
        except PdfError as error:
            moved = self.files.quarantine(document_id, self.root / "quarantine")
            return f"{document_id}: stored file not in the catalog and unreadable " \
                   f"({error.reason}); moved to {moved}"
        record = DocumentRecord.from_extraction(document_id, extraction, path.name, now_utc())
        with self.catalog.transaction():
            self.catalog.insert(record, extraction.page_texts)
        return f"{document_id}: stored file was not in the catalog; added back"

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
