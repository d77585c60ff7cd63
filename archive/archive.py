"""The archive: stored files, the catalog that is the truth about them, and the search index.

Every change goes through one unit of work (`change`), which orders it so that nothing reported
is ever lost: the file is stored before its catalog row is committed, and the catalog is
committed (with a queue of index work) before the index is updated from that queue. A writer
that finds the queue non-empty finishes the work.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer import (
    DEFAULT_BACKEND,
    Health,
    IndexCorruptError,
    Overrides,
    PartialDate,
    SearchBackend,
    SearchFilters,
    open_backend,
)

from . import privacy
from .catalog import Catalog
from .change import Change, unit_of_work
from .discovery import InputFile, WebInput, find_inputs
from .errors import NoArchiveError, StorageError, UsageError
from .fetch import WebLimits, fetch_page
from .lock import DEFAULT_TIMEOUT as DEFAULT_LOCK_TIMEOUT
from .lock import WriterLock
from .options import AddOptions, ListQuery, SearchQuery
from .records import DocumentRecord
from .store import FileStore

if TYPE_CHECKING:
    from indexer import Snippet

    from .ingest import Ingestion
    from .uploads import Upload
    from .verification import VerifyReport
    from .webpage import PageLink

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchHit:
    """A document that matched a query, with its score and passages that show why."""

    record: DocumentRecord
    score: float
    snippets: list[Snippet]

    def to_json(self) -> dict[str, Any]:
        """The hit as `search --json` and the web API give it: the public record, its score,
        and its passages (plain, with the matched words marked in `html`)."""
        return {**self.record.to_json(), "score": round(self.score, 4),
                "snippets": [{"page": s.page, "text": s.text, "html": s.html()}
                             for s in self.snippets]}


@dataclass(frozen=True)
class SearchResults:
    """The hits shown, how many documents matched in all, notes on how the query was run, and
    a corrected query to suggest when nothing matched ("did you mean")."""

    hits: list[SearchHit]
    total: int
    notes: list[str]
    suggestion: str | None = None


class Archive:
    """One archive directory: `files/`, `catalog.sqlite`, `index/` and a writer lock.

    Opened for reading, it never writes and never waits; opened for writing, it takes the writer
    lock for each change and first finishes what an interrupted process left undone. Its index is
    written by the search engine the catalog names (archives from before engines could be
    chosen have Whoosh's).
    """

    def __init__(self, root: Path, writable: bool, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
                 ) -> None:
        self.root = Path(root)
        self.writable = writable
        self.files = FileStore(self.root / "files")
        self.lock = WriterLock(self.root / "write.lock", lock_timeout)
        self.catalog = Catalog(self.root / "catalog.sqlite", read_only=not writable)
        self.engine = self.catalog.setting("engine") or "whoosh"

    @functools.cached_property
    def index(self) -> SearchBackend:
        """The search index, opened when first used (`list` and `show` never load an engine)."""
        return _backend(self.engine, self.root / "index")

    @classmethod
    def open(cls, root: Path, write: bool = False, create: bool = False,
             lock_timeout: float = DEFAULT_LOCK_TIMEOUT, engine: str | None = None) -> Archive:
        """Open the archive at `root` for reading, or for writing (`create` makes it first,
        its index written by `engine`, by default DEFAULT_BACKEND).

        Raises:
            NoArchiveError: there is no archive at `root` and `create` is False.
            NewerArchiveError: a newer pdfarchive wrote it.
            StorageError: the archive cannot be created, or written where writing was asked.
            UsageError: `engine` is not one pdfarchive has, or not the one of an existing
                archive (`reindex --engine` converts an archive).
        """
        root = Path(root)
        if engine:
            _backend(engine, root / "index").close()  # an unknown engine, before anything
        new = not exists(root)
        if new:
            if not create:
                raise NoArchiveError(
                    f"no archive at {root} yet: add documents with `pdfarchive add PATH`"
                )
            try:
                privacy.make_dir(root)
            except OSError as error:
                raise StorageError(f"cannot create the archive at {root}: {error.strerror}"
                                   ) from error
        writable = write or create
        if writable and not os.access(root, os.W_OK):
            raise StorageError(f"the archive at {root} is read-only: it can be searched, listed "
                               "and shown, not changed")
        if new:
            _create_catalog(root, engine or DEFAULT_BACKEND)
        archive = cls(root, writable, lock_timeout)
        if engine and archive.engine != engine:
            archive.close()
            raise UsageError(f"the archive at {root} has a {archive.engine} index; "
                             f"convert it with `pdfarchive reindex --engine {engine}`")
        if writable:
            archive.finish_interrupted_work()
        return archive

    def close(self) -> None:
        """Release the catalog connection and the index files."""
        if "index" in self.__dict__:
            self.index.close()
        self.catalog.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def change(self) -> AbstractContextManager[Change]:
        """A change of the archive as one unit of work (see `archive.change`)."""
        return unit_of_work(self.lock, self.catalog, self.files, self.sync_index)

    def finish_interrupted_work(self) -> None:
        """Apply index work a killed process left queued, and drop its half-written files.

        An index an older version wrote is rebuilt from the catalog. A damaged index is left
        for `verify --repair` to rebuild: it is only logged here, so that the repair itself can
        open the archive.
        """
        from .uploads import remove_abandoned  # only writers need it

        with self.lock.held():
            self.files.remove_leftovers()
            remove_abandoned(self.root)
            if self.index.health() == Health.OUTDATED:
                log.warning("rebuilding the search index, which an older pdfarchive wrote")
                self.reindex()
            try:
                self.sync_index()
            except IndexCorruptError as error:
                log.warning("%s", error)

    # -- adding ----------------------------------------------------------------------------------

    def add(self, paths: Iterable[str | os.PathLike[str]], options: AddOptions | None = None
            ) -> Ingestion:
        """Prepare to add files, folders and URLs, and the PDFs the web page
        `options.from_page` links to; iterate the result to run it and get each outcome.

        Raises:
            UsageError: title, date or language overrides were given for more than one file.
            FetchError: the page `from_page` could not be fetched.
        """
        # Imported here: the reading commands never load the extraction machinery.
        from .ingest import Ingestion

        options = options or AddOptions()
        inputs = find_inputs(paths)
        if options.from_page:
            inputs += [WebInput(link.url, link)
                       for link in page_links(options.from_page, options.web_limits)]
        _check_overrides(options, len(inputs))
        return Ingestion(inputs, options, self.catalog, self.change)

    def add_uploads(self, uploads: Iterable[Upload], options: AddOptions | None = None
                    ) -> Ingestion:
        """Prepare to add files received over the web (see `uploads`), as `add` does files.

        Raises:
            UsageError: title, date or language overrides were given for more than one file.
        """
        from .ingest import Ingestion

        options = options or AddOptions()
        inputs: list[InputFile | WebInput] = [upload.input_file() for upload in uploads]
        _check_overrides(options, len(inputs))
        return Ingestion(inputs, options, self.catalog, self.change)

    # -- reading ---------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Documents matching a query in Whoosh syntax, with snippets from the catalog's text.

        Raises:
            QuerySyntaxError: the query cannot be understood.
        """
        from indexer import best_snippets  # loads Whoosh's analysis, which only search needs

        filters = SearchFilters(language=query.language, dates=query.dates)
        results = self.index.search(query.text, filters, sort=query.sort,
                                    limit=query.offset + query.limit)
        shown = results.hits[query.offset:]
        ids = [hit.id for hit in shown]
        records, texts = self.catalog.get_many(ids), self.catalog.page_texts_of(ids)
        found = [
            SearchHit(records[hit.id], hit.score,
                      best_snippets(texts[hit.id], hit.terms, hit.stems,
                                    records[hit.id].language))
            for hit in shown if hit.id in records
        ]
        return SearchResults(found, results.total, results.notes, results.suggestion)

    def similar(self, id_prefix: str, limit: int = 10) -> list[DocumentRecord]:
        """The documents most like the one whose id starts with `id_prefix`, most alike first."""
        document_id = self.catalog.resolve_id(id_prefix)
        text = "\n".join(self.catalog.page_texts(document_id))
        hits = self.index.similar(document_id, text, limit)
        records = self.catalog.get_many([hit.id for hit in hits])
        return [records[hit.id] for hit in hits if hit.id in records]

    def documents(self, query: ListQuery | None = None) -> list[DocumentRecord]:
        """The documents a list asks for (see `ListQuery`; default: all, newest first)."""
        return list(self.catalog.select(query or ListQuery()))

    def timeline(self, query: ListQuery, by_month: bool = False) -> list[tuple[str, int]]:
        """How many of the documents `query` lists are dated in each year (or month), oldest
        first, as (period, count) pairs: `2017` or `2017-11`; a document dated only by year
        counts under its year among months, undated ones under "" (see `Catalog.date_counts`).
        """
        return self.catalog.date_counts(query, 7 if by_month else 4)

    def file(self, id_prefix: str) -> tuple[DocumentRecord, Path]:
        """A document's record and where its PDF is kept (to be read, never changed).

        Raises:
            StorageError: the file is missing from the store (`verify --repair` says more).
        """
        record = self.get(id_prefix)
        path = self.files.path_for(record.id)
        if not path.is_file():
            raise StorageError(f"the file of {record.id[:12]} is missing from the archive; "
                               "run `pdfarchive verify`")
        return record, path

    def get(self, id_prefix: str) -> DocumentRecord:
        """The document whose id starts with `id_prefix` (any unique prefix, like git)."""
        return self.catalog.get(self.catalog.resolve_id(id_prefix))

    def is_known_url(self, url: str) -> bool:
        """Whether a document was downloaded from `url` before."""
        return self.catalog.latest_from_url(url) is not None

    # -- maintenance -----------------------------------------------------------------------------

    def remove(self, id_prefixes: Iterable[str]) -> list[DocumentRecord]:
        """Remove documents from catalog, index and storage (and their kept pictures);
        returns what was removed."""
        from .thumbnails import forget as forget_pictures

        with self.change() as change:
            records = [self.get(prefix) for prefix in id_prefixes]
            for record in records:
                change.catalog.delete(record.id)
                change.delete_file(record.id)
        for record in records:
            forget_pictures(self.root, record.id)
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
        with self.change() as change:
            document_id = self.catalog.resolve_id(id_prefix)
            change.catalog.correct(document_id, title, date, language)
        return self.catalog.get(document_id)

    def sync_index(self) -> None:
        """Apply the index work the catalog has queued."""
        with self.lock.held():
            pending = self.catalog.pending_index()
            if not pending:
                return
            puts = self.catalog.get_many([id_ for id_, action in pending if action == "put"])
            texts = self.catalog.page_texts_of(list(puts))
            with self.index.batch() as batch:
                for document_id, _ in pending:
                    if document_id in puts:
                        batch.put(puts[document_id].index_document(texts[document_id]))
                    else:
                        batch.delete(document_id)
            with self.catalog.transaction():
                self.catalog.dequeue_index(pending)

    def reindex(self, engine: str | None = None) -> int:
        """Rebuild the search index from the catalog alone, written by `engine` if given (which
        converts the archive to it); returns the number of documents.

        Raises:
            UsageError: no engine has that name, or it is not installed here.
        """
        with self.lock.held():
            pending = self.catalog.pending_index()
            index = _backend(engine, self.root / "index") if engine else self.index
            count = index.rebuild(
                lambda last_id: (record.index_document(texts) for record, texts
                                 in self.catalog.with_texts_after(last_id)))
            with self.catalog.transaction():
                self.catalog.dequeue_index(pending)
                self.catalog.set_setting("engine", index.name)
            if index is not self.index:
                self.index.close()
                self.index, self.engine = index, index.name
            return count

    def verify(self, repair: bool = False) -> VerifyReport:
        """Check stored files, modes, catalog and index (never writing); with `repair`, first
        mend what can be mended (see `verification`)."""
        from . import verification

        return verification.repair(self) if repair else verification.check(self)


def _check_overrides(options: AddOptions, count: int) -> None:
    """Corrections of title, date and language describe one file; refuse them for more."""
    if options.overrides != Overrides() and count != 1:
        raise UsageError(f"--title, --date and --lang describe a single file, but {count} "
                         "files were given")


def _backend(engine: str, path: Path) -> SearchBackend:
    try:
        return open_backend(engine, path)
    except ValueError as error:
        raise UsageError(str(error)) from error


def _create_catalog(root: Path, engine: str) -> None:
    """A new archive's catalog, naming the engine of its index."""
    catalog = Catalog(root / "catalog.sqlite")
    try:
        with catalog.transaction():
            catalog.set_setting("engine", engine)
    finally:
        catalog.close()


def exists(root: Path) -> bool:
    """Whether there is an archive at `root`."""
    return (Path(root) / "catalog.sqlite").is_file()


def page_links(page_url: str, web_limits: WebLimits | None = None) -> list[PageLink]:
    """The PDFs a web page links to, with the page's hints about each (nothing downloaded
    but the page).

    Raises:
        FetchError: the page could not be fetched.
    """
    from .webpage import pdf_links  # loads the HTML parser and the date patterns

    page = fetch_page(page_url, web_limits)
    return pdf_links(page.url, page.content, page.encoding)


def preview_page(root: Path, page_url: str, web_limits: WebLimits | None = None
                 ) -> list[tuple[PageLink, bool]]:
    """What `add --from-page` would add to the archive at `root`: each linked PDF with the
    page's hints, and whether a document was downloaded from its URL before. Nothing but the
    page is downloaded, and nothing is written (no archive is created).

    Raises:
        FetchError: the page could not be fetched.
    """
    links = page_links(page_url, web_limits)
    if not exists(root):
        return [(link, False) for link in links]
    with Archive.open(root) as archive:
        return [(link, archive.is_known_url(link.url)) for link in links]

