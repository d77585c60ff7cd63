"""The archive as a server holds it: open between requests, one reader per thread.

SQLite connections belong to the thread that opened them, and the server answers requests on
a pool of threads; each thread therefore keeps its own archive open for reading, with its index
(which sees every commit, the CLI's included, on the next search). Changes open the archive for
writing for their own duration, under the same writer lock as `pdfarchive add`, so the server
and the command line can change one archive at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive import Archive
from archive.lock import DEFAULT_TIMEOUT
from archive.thumbnails import Thumbnails


class ArchiveAccess:
    """The archive at `root`, for the threads of one server."""

    def __init__(self, root: Path, lock_timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self.thumbnails = Thumbnails(self.root)
        self._local = threading.local()

    def reader(self) -> Archive:
        """This thread's archive, opened for reading when the thread first asks."""
        archive: Archive | None = getattr(self._local, "archive", None)
        if archive is None:
            archive = Archive.open(self.root)
            self._local.archive = archive
        return archive

    @contextmanager
    def writer(self) -> Iterator[Archive]:
        """The archive opened for writing, for one change."""
        with Archive.open(self.root, write=True, lock_timeout=self.lock_timeout) as archive:
            yield archive

    def close(self) -> None:
        """Stop the picture worker (at shutdown; the readers, which belong to their threads,
        close with them)."""
        self.thumbnails.close()
