"""Adding files to the archive.

The pipeline reads like its steps: read and hash → skip known → extract → store the file →
commit to the catalog → update the index. Work is committed in small batches (about a second of
work each); a file is reported `added` only once the catalog and the index both hold it, so an
interrupted run never claims more than it kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indexer import Overrides, PdfError, extract

from .discovery import InputFile
from .errors import StorageError
from .records import DocumentRecord
from .store import sha256_hex

if TYPE_CHECKING:
    from .archive import Archive

log = logging.getLogger(__name__)

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


@dataclass
class _Batch:
    """Work done since the last commit, waiting to be committed together."""

    started: float = field(default_factory=time.monotonic)
    reports: list[AddResult] = field(default_factory=list)
    new: list[tuple[DocumentRecord, list[str]]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    def ids(self) -> set[str]:
        return {record.id for record, _ in self.new}

    def due(self) -> bool:
        size = len(self.reports)
        return size >= BATCH_SIZE or (size > 0 and time.monotonic() - self.started >= BATCH_SECONDS)


class Ingestion:
    """One `add` run over a list of input files; iterate it to do the work and get results."""

    def __init__(self, archive: Archive, inputs: list[InputFile], overrides: Overrides,
                 password: str | None) -> None:
        self.archive = archive
        self.inputs = inputs
        self.overrides = overrides
        self.password = password

    @property
    def total(self) -> int:
        """How many input files this run looks at."""
        return len(self.inputs)

    def __iter__(self) -> Iterator[AddResult]:
        batch = _Batch()
        for item in self.inputs:
            failure = self._process(item, batch)
            if failure is not None:
                yield failure
            if batch.due():
                yield from self._commit(batch)
                batch = _Batch()
        yield from self._commit(batch)

    def _process(self, item: InputFile, batch: _Batch) -> AddResult | None:
        """Read, hash, extract and store one file into the batch; a failure is returned."""
        if item.problem:
            return AddResult(item.display, "failed", error=item.problem)
        try:
            data = item.path.read_bytes()
        except OSError as error:
            return AddResult(item.display, "failed", error=f"cannot read: {error.strerror}")
        document_id = sha256_hex(data)
        if self.archive.catalog.contains(document_id) or document_id in batch.ids():
            batch.duplicates.append((document_id, item.name))
            batch.reports.append(AddResult(item.display, "duplicate", document_id))
            return None
        try:
            extraction = extract(data, item.name, self.overrides, self.password)
        except PdfError as error:
            return AddResult(item.display, "failed", error=error.reason)
        except Exception as error:  # a hostile PDF may break the reader in any way
            log.exception("unexpected error reading %s", item.display)
            return AddResult(item.display, "failed", error=f"unexpected error: {error!r}")
        try:
            self.archive.files.put(document_id, data)
        except StorageError as error:
            return AddResult(item.display, "failed", error=str(error))
        record = DocumentRecord.from_extraction(document_id, extraction, item.name, _now())
        batch.new.append((record, extraction.page_texts))
        batch.reports.append(AddResult(item.display, "added", document_id,
                                       warnings=extraction.warnings, title=record.title))
        return None

    def _commit(self, batch: _Batch) -> Iterator[AddResult]:
        """Commit the batch to the catalog, then the index; then report its files."""
        if not batch.reports:
            return
        catalog = self.archive.catalog
        try:
            with catalog.transaction():
                for record, page_texts in batch.new:
                    catalog.insert(record, page_texts)
                for document_id, name in batch.duplicates:
                    catalog.add_filename(document_id, name, _now())
        except StorageError as error:
            for record, _ in batch.new:
                self.archive.files.remove(record.id)
            for report in batch.reports:
                yield AddResult(report.path, "failed", error=str(error))
            return
        self.archive.sync_index()
        yield from batch.reports


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
