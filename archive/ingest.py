"""Adding files to the archive.

The pipeline reads like its steps: hash → skip known → extract (in worker processes) → store the
file → commit to the catalog → update the index. Extraction runs without the archive lock, so
two `add` runs share the work; storing and committing happen in small batches (about a second of
work each) under the writer lock. A file is reported `added` only once the catalog and the index
both hold it, so an interrupted run never claims more than it kept.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer import (
    Extraction,
    ExtractionPool,
    ExtractionTask,
    Limits,
    Overrides,
    PageHints,
    PdfError,
    RawDocument,
    describe,
)

from .discovery import InputFile, WebInput, WebOrigin
from .errors import FetchError, StorageError
from .fetch import WebLimits, fetch_pdf
from .records import DocumentRecord, now_utc
from .store import sha256_file

if TYPE_CHECKING:
    from .archive import Archive

BATCH_SECONDS = 1.0
BATCH_SIZE = 50


@dataclass(frozen=True)
class AddResult:
    """What became of one input file."""

    path: str
    status: str  # "added", "duplicate" or "failed"
    id: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record of `add --json`."""
        return {"path": self.path, "status": self.status, "id": self.id, "error": self.error}


@dataclass(frozen=True)
class _Ready:
    """A file hashed, and extracted unless it is already known; waiting to be committed."""

    item: InputFile
    document_id: str
    stat: os.stat_result
    extraction: Extraction | None = None  # None: the bytes are a known document
    twins: list[_Ready] = field(default_factory=list)  # same bytes, met while extracting


@dataclass
class _Batch:
    """Files ready since the last commit, committed together."""

    started: float = field(default_factory=time.monotonic)
    ready: list[_Ready] = field(default_factory=list)

    def due(self) -> bool:
        return len(self.ready) >= BATCH_SIZE or (
            bool(self.ready) and time.monotonic() - self.started >= BATCH_SECONDS)


class Ingestion:
    """One `add` run over a list of input files; iterate it to do the work and get results."""

    def __init__(self, archive: Archive, inputs: list[InputFile | WebInput],
                 overrides: Overrides, password: str | None, workers: int | None,
                 limits: Limits, web_limits: WebLimits) -> None:
        self.archive = archive
        self.inputs = inputs
        self.overrides = overrides
        self.password = password
        self.workers = workers
        self.limits = limits
        self.web_limits = web_limits
        self._job_numbers = itertools.count()
        self._downloads: list[Path] = []

    @property
    def total(self) -> int:
        """How many input files this run looks at."""
        return len(self.inputs)

    def __iter__(self) -> Iterator[AddResult]:
        queue = iter(self.inputs)
        jobs: dict[int, _Ready] = {}
        batch = _Batch()
        try:
            with ExtractionPool(self.workers, self.limits) as pool:
                while True:
                    yield from self._submit_more(pool, queue, jobs, batch)
                    if not pool.busy:
                        break
                    for job, outcome in pool.wait():
                        yield from self._extracted(jobs.pop(job), outcome, batch)
                    if batch.due():
                        yield from self._commit(batch)
                        batch = _Batch()
            yield from self._commit(batch)
        finally:
            for path in self._downloads:
                path.unlink(missing_ok=True)

    def _submit_more(self, pool: ExtractionPool, queue: Iterator[InputFile | WebInput],
                     jobs: dict[int, _Ready], batch: _Batch) -> Iterator[AddResult]:
        """Hash the next files (downloading URLs first) and hand the new ones to free workers;
        known ones go to the batch.

        Yields the files that fail before extraction (unreadable, missing, not downloaded).
        """
        while pool.free_slots > 0:
            next_input = next(queue, None)
            if next_input is None:
                return
            if isinstance(next_input, WebInput):
                try:
                    item = self._download(next_input)
                except FetchError as error:
                    yield AddResult(next_input.url, "failed", error=str(error))
                    continue
            else:
                item = next_input
            if item.problem:
                yield AddResult(item.display, "failed", error=item.problem)
                continue
            try:
                stat, document_id = self._identify(item)
            except OSError as error:
                yield AddResult(item.display, "failed", error=f"cannot read: {error.strerror}")
                continue
            in_flight = {r.document_id: r for r in jobs.values()}
            if document_id in in_flight:
                in_flight[document_id].twins.append(_Ready(item, document_id, stat))
                continue
            ready_ids = {r.document_id for r in batch.ready}
            if document_id in ready_ids or self.archive.catalog.contains(document_id):
                batch.ready.append(_Ready(item, document_id, stat))
                continue
            job = next(self._job_numbers)
            jobs[job] = _Ready(item, document_id, stat)
            pool.submit(job, ExtractionTask(str(item.path), self.password))

    def _download(self, web: WebInput) -> InputFile:
        """Fetch a URL to a temporary file (removed when the run ends), its size checked
        against the size the linking page states."""
        download = fetch_pdf(web.url, self.web_limits)
        self._downloads.append(download.path)
        warnings: tuple[str, ...] = ()
        if web.link and not web.link.size_matches(download.size):
            warnings = (f"the page says {web.link.size} bytes, the download has "
                        f"{download.size}",)
        origin = WebOrigin(web.url, download.name, download.retrieved_at, web.link, warnings)
        return InputFile(download.path, origin=origin)

    def _identify(self, item: InputFile) -> tuple[os.stat_result, str]:
        """The file's status and document id; a file seen unchanged before is not read again."""
        stat = item.path.stat()
        known = None if item.origin else self.archive.catalog.seen_document(
            item.path.absolute(), stat)
        return stat, known or sha256_file(item.path)

    def _extracted(self, ready: _Ready, outcome: RawDocument | PdfError,
                   batch: _Batch) -> Iterator[AddResult]:
        """Describe a file the workers read and put it, and its twins, into the batch.

        Yields the files if reading failed.
        """
        if isinstance(outcome, PdfError):
            for failed in [ready, *ready.twins]:
                yield AddResult(failed.item.display, "failed", error=outcome.reason)
            return
        extraction = describe(outcome, ready.item.name, self.overrides,
                              hints=_hints(ready.item.origin))
        batch.ready.append(_Ready(ready.item, ready.document_id, ready.stat, extraction))
        batch.ready.extend(ready.twins)

    def _commit(self, batch: _Batch) -> Iterator[AddResult]:
        """Store, catalog and index the batch under the writer lock; then report its files."""
        if not batch.ready:
            return
        archive = self.archive
        with archive.lock.held():
            outcomes, inserts, created = self._store(batch)
            try:
                with archive.catalog.transaction():
                    for record, page_texts in inserts:
                        archive.catalog.insert(record, page_texts)
                    for ready, report in outcomes:
                        if report.status == "duplicate":
                            archive.catalog.add_filename(ready.document_id, ready.item.name,
                                                         now_utc())
                        if report.status != "failed" and ready.item.origin:
                            self._remember_source(ready, report.status == "added")
                        elif report.status != "failed":
                            archive.catalog.remember_file(ready.item.path.absolute(),
                                                          ready.stat, ready.document_id)
            except StorageError as error:
                for document_id in created:
                    archive.files.remove(document_id)
                yield from (AddResult(r.path, "failed", error=str(error)) for _, r in outcomes)
                return
            archive.sync_index()
        yield from (report for _, report in outcomes)

    def _remember_source(self, ready: _Ready, new: bool) -> None:
        """Record the URL a document came from; a new document from a URL that gave other
        bytes before supersedes that earlier version."""
        origin = ready.item.origin
        assert origin is not None
        catalog = self.archive.catalog
        previous = catalog.latest_from_url(origin.url)
        if new and previous and previous != ready.document_id:
            catalog.supersede(ready.document_id, previous)
        link = origin.link
        catalog.add_source(ready.document_id, origin.url, link.page_url if link else None,
                           origin.retrieved_at, link.hints_json() if link else {})

    def _store(self, batch: _Batch) -> tuple[list[tuple[_Ready, AddResult]],
                                             list[tuple[DocumentRecord, list[str]]], list[str]]:
        """Copy new files into the store (under the lock); decide each file's final status.

        Returns each file with its result, the catalog rows to insert, and the ids of the files
        this call stored. A file another process added meanwhile becomes a duplicate; a known
        document whose stored file went missing gets it back.
        """
        outcomes: list[tuple[_Ready, AddResult]] = []
        inserts: list[tuple[DocumentRecord, list[str]]] = []
        created: list[str] = []
        inserted: set[str] = set()
        for ready in batch.ready:
            item, document_id = ready.item, ready.document_id
            known = document_id in inserted or self.archive.catalog.contains(document_id)
            if not known and ready.extraction is None:
                outcomes.append((ready, AddResult(
                    item.display, "failed",
                    error="same content as another file of this run, which could not be stored")))
                continue
            try:
                if self.archive.files.put_file(item.path, document_id):
                    created.append(document_id)
            except StorageError as error:
                outcomes.append((ready, AddResult(item.display, "failed", error=str(error))))
                continue
            web_warnings = item.origin.warnings if item.origin else ()
            if known or ready.extraction is None:  # (no extraction implies known, see above)
                outcomes.append((ready, AddResult(item.display, "duplicate", document_id,
                                                  warnings=web_warnings)))
                continue
            record = DocumentRecord.from_extraction(document_id, ready.extraction, item.name,
                                                    now_utc())
            inserts.append((record, ready.extraction.page_texts))
            inserted.add(document_id)
            outcomes.append((ready, AddResult(item.display, "added", document_id,
                                              warnings=web_warnings + ready.extraction.warnings,
                                              title=record.title)))
        return outcomes, inserts, created


def _hints(origin: WebOrigin | None) -> PageHints | None:
    """What the page linking to a downloaded file says about it, for `describe`."""
    if origin is None or origin.link is None:
        return None
    link = origin.link
    return PageHints(link.page_url, link.title, link.date, link.date_evidence, link.language)
