"""The archive's writer lock: one process changes the archive at a time; readers never wait.

An advisory `flock` on a file in the archive: the kernel releases it when the holder dies, so a
killed process never leaves the archive locked.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ArchiveBusyError
from .privacy import PRIVATE_FILE

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 300.0
POLL_SECONDS = 0.1


class WriterLock:
    """The writer lock of one archive, re-entrant within this process."""

    def __init__(self, path: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the block, waiting up to `timeout` seconds for another writer.

        Raises:
            ArchiveBusyError: another process kept the lock for longer than the timeout.
        """
        if self._depth == 0:
            self._acquire()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._release()

    def _acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        os.fchmod(fd, PRIVATE_FILE)
        deadline = time.monotonic() + self.timeout
        warned = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise ArchiveBusyError(
                        f"another pdfarchive process is writing to the archive; gave up after "
                        f"waiting {self.timeout:g} s for the archive lock (try again later, or "
                        f"raise --wait)"
                    ) from None
                if not warned:
                    log.warning("waiting for the archive lock (another pdfarchive process is "
                                "writing to this archive)")
                    warned = True
                time.sleep(POLL_SECONDS)
        self._fd = fd

    def _release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
