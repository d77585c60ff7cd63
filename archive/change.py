"""One change of the archive, as a unit of work: the crash rules, written once.

Every change (adding, removing, correcting, repairing) runs inside `Archive.change()`:

1. take the writer lock;
2. store new files (complete or absent, see `store`);
3. write the catalog in one transaction, with the index work it implies queued in it;
4. on success, apply the queue to the index and delete the files of removed documents;
   on failure, remove the files this change stored, and let the error propagate.

So a crash at any moment leaves either the old state, or the new catalog with index work queued
(which the next writer finishes), plus at most stored files no row names (which `verify --repair`
adds back). Nothing committed is lost; nothing is reported before it is committed and indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .catalog import Catalog
from .lock import WriterLock
from .store import FileStore


class Change:
    """The change in progress: the catalog to write to (inside the transaction), and the
    files stored or to be deleted by it."""

    def __init__(self, catalog: Catalog, files: FileStore) -> None:
        self.catalog = catalog
        self._files = files
        self.stored: list[str] = []
        self.unwanted: list[str] = []

    def store_file(self, source: Path, document_id: str) -> None:
        """Keep a copy of the file under its id (removed again if the change fails).

        Raises:
            StorageError: it could not be stored.
        """
        if self._files.put_file(source, document_id):
            self.stored.append(document_id)

    def delete_file(self, document_id: str) -> None:
        """Delete the stored file once the change has been committed."""
        self.unwanted.append(document_id)


@contextmanager
def unit_of_work(lock: WriterLock, catalog: Catalog, files: FileStore,
                 apply_index: Callable[[], object]) -> Iterator[Change]:
    """The block's change of the archive, committed when it ends and undone if it raises
    (see the module's docstring).

    Raises:
        ArchiveBusyError: another process kept the writer lock for too long.
        StorageError: the catalog could not be written (the change is undone).
        IndexWriteError: the index could not be updated (the catalog keeps the work queued).
    """
    with lock.held():
        change = Change(catalog, files)
        try:
            with catalog.transaction():
                yield change
        except BaseException:
            for document_id in change.stored:
                files.remove(document_id)
            raise
        apply_index()
        for document_id in change.unwanted:
            files.remove(document_id)
