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
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer import (
    BackgroundPool,
    Description,
    Extraction,
    ExtractionTask,
    Outcome,
    PageHints,
    PdfError,
)

from .catalog import Catalog
from .change import Change
from .discovery import InputFile, WebInput, WebOrigin
from .errors import FetchError, StorageError
from .fetch import fetch_pdf
from .options import AddOptions
from .records import DocumentRecord, now_utc
from .store import sha256_file

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
    """One `add` run over a list of input files; iterate it to do the work and get results.

    It reads the catalog (`known`) to skip what is there, and commits each batch as one
    change of the archive (`change`, the archive's unit of work).
    """

    def __init__(self, inputs: list[InputFile | WebInput], options: AddOptions, known: Catalog,
                 change: Callable[[], AbstractContextManager[Change]]) -> None:
        self.inputs = inputs
        self.options = options
        self._known = known
        self._change = change
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
            # A batch's worth of files queued ahead keeps the workers reading while the last
            # batch is committed.
            with BackgroundPool(self.options.workers, self.options.limits,
                                ahead=BATCH_SIZE) as pool:
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

    def _submit_more(self, pool: BackgroundPool, queue: Iterator[InputFile | WebInput],
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
                    yield AddResult(next_input.url, "failed", error=error.reason)
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
            if document_id in ready_ids or self._known.contains(document_id):
                batch.ready.append(_Ready(item, document_id, stat))
                continue
            job = next(self._job_numbers)
            jobs[job] = _Ready(item, document_id, stat)
            about = Description(item.name, self.options.overrides, _hints(item.origin))
            pool.submit(job, ExtractionTask(str(item.path), self.options.password, about))

    def _download(self, web: WebInput) -> InputFile:
        """Fetch a URL to a temporary file (removed when the run ends), its size checked
        against the size the linking page states."""
        download = fetch_pdf(web.url, self.options.web_limits)
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
        known = (None if item.origin or item.temporary
                 else self._known.seen_document(item.path.absolute(), stat))
        return stat, known or sha256_file(item.path)

    def _extracted(self, ready: _Ready, outcome: Outcome,
                   batch: _Batch) -> Iterator[AddResult]:
        """Put a file the workers read and described, and its twins, into the batch.

        Yields the files if reading failed.
        """
        if isinstance(outcome, PdfError):
            for failed in [ready, *ready.twins]:
                yield AddResult(failed.item.display, "failed", error=outcome.reason)
            return
        if not isinstance(outcome, Extraction):
            raise TypeError("the workers were asked to describe the file")
        batch.ready.append(_Ready(ready.item, ready.document_id, ready.stat, outcome))
        batch.ready.extend(ready.twins)

    def _commit(self, batch: _Batch) -> Iterator[AddResult]:
        """Store, catalog and index the batch as one change of the archive; then report its
        files (all failed if the catalog could not be written)."""
        if not batch.ready:
            return
        try:
            with self._change() as change:
                outcomes = self._store(batch, change)
                for ready, report in outcomes:
                    if report.status != "failed":
                        self._catalog_file(ready, report.status == "added", change.catalog)
        except StorageError as error:
            yield from (AddResult(ready.item.display, "failed", error=str(error))
                        for ready in batch.ready)
            return
        yield from (report for _, report in outcomes)

    def _catalog_file(self, ready: _Ready, new: bool, catalog: Catalog) -> None:
        """Record a file stored for a new or a known document: the new document's row, or the
        known one's new file name; its source URL, or where it lies on disk (unless it is a
        temporary copy)."""
        if new:
            assert ready.extraction is not None
            record = DocumentRecord.from_extraction(ready.document_id, ready.extraction,
                                                    ready.item.name, now_utc())
            catalog.insert(record, ready.extraction.page_texts)
        else:
            catalog.add_filename(ready.document_id, ready.item.name, now_utc())
        if ready.item.origin:
            self._remember_source(ready, new, catalog)
        elif not ready.item.temporary:
            catalog.remember_file(ready.item.path.absolute(), ready.stat, ready.document_id)

    @staticmethod
    def _remember_source(ready: _Ready, new: bool, catalog: Catalog) -> None:
        """Record the URL a document came from; a new document from a URL that gave other
        bytes before supersedes that earlier version."""
        origin = ready.item.origin
        assert origin is not None
        previous = catalog.latest_from_url(origin.url)
        if new and previous and previous != ready.document_id:
            catalog.supersede(ready.document_id, previous)
        link = origin.link
        catalog.add_source(ready.document_id, origin.url, link.page_url if link else None,
                           origin.retrieved_at, link.hints_json() if link else {})

    def _store(self, batch: _Batch, change: Change) -> list[tuple[_Ready, AddResult]]:
        """Copy new files into the store (inside the change); decide each file's status.

        A file another process added meanwhile becomes a duplicate; a known document whose
        stored file went missing gets it back.
        """
        outcomes: list[tuple[_Ready, AddResult]] = []
        inserted: set[str] = set()
        for ready in batch.ready:
            item, document_id = ready.item, ready.document_id
            known = document_id in inserted or self._known.contains(document_id)
            if not known and ready.extraction is None:
                outcomes.append((ready, AddResult(
                    item.display, "failed",
                    error="same content as another file of this run, which could not be stored")))
                continue
            try:
                change.store_file(item.path, document_id)
            except StorageError as error:
                outcomes.append((ready, AddResult(item.display, "failed", error=str(error))))
                continue
            web_warnings = item.origin.warnings if item.origin else ()
            if known or ready.extraction is None:  # (no extraction implies known, see above)
                outcomes.append((ready, AddResult(item.display, "duplicate", document_id,
                                                  warnings=web_warnings)))
                continue
            inserted.add(document_id)
            outcomes.append((ready, AddResult(item.display, "added", document_id,
                                              warnings=web_warnings + ready.extraction.warnings,
                                              title=ready.extraction.title)))
        return outcomes


def _hints(origin: WebOrigin | None) -> PageHints | None:
    """What the page linking to a downloaded file says about it, for `describe`."""
    if origin is None or origin.link is None:
        return None
    link = origin.link
    return PageHints(link.page_url, link.title, link.date, link.date_evidence, link.language)
