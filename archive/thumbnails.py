"""Pictures of documents' first pages, drawn once and kept in the archive's `thumbnails/`.

A picture is drawn by PDFium in a worker process under the same time and memory limits as
reading a file, so that a hostile PDF can cost a failed picture, never the process that asked
(a server). Kept files are written under a temporary name and renamed, so a kept picture is
complete; an archive that cannot be written (read-only) gets its pictures drawn each time.
"""

from __future__ import annotations

import itertools
import os
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from indexer import Limits, PdfError

from . import privacy
from .errors import ArchiveError

if TYPE_CHECKING:
    from indexer import ExtractionPool

FOLDER = "thumbnails"
MAX_PAGE = 4  # the first pages only: enough to recognise a document
DRAW_SECONDS = 20.0


class ThumbnailError(ArchiveError):
    """A page could not be drawn; says why."""


def forget(root: Path, document_id: str) -> None:
    """Remove the kept pictures of a document (once it is removed from the archive)."""
    for picture in (Path(root) / FOLDER).glob(f"{document_id}-*.png"):
        picture.unlink(missing_ok=True)


class Thumbnails:
    """The pictures of the documents of the archive at `root`, drawn by one worker at a time
    (one process for all the callers, which may be threads of a server)."""

    def __init__(self, root: Path) -> None:
        self.folder = Path(root) / FOLDER
        self._pool: ExtractionPool | None = None
        self._lock = threading.Lock()
        self._jobs = itertools.count()

    def picture(self, document_id: str, stored: Path, page: int) -> bytes:
        """The PNG picture of page `page` of the document whose file is `stored`.

        Raises:
            ThumbnailError: the page is not one of the first MAX_PAGE, or cannot be drawn.
        """
        if not 1 <= page <= MAX_PAGE:
            raise ThumbnailError(f"only the first {MAX_PAGE} pages have pictures")
        kept = self.folder / f"{document_id}-{page}.png"
        if kept.is_file():
            return kept.read_bytes()
        picture = self._draw(str(stored), page)
        self._keep(kept, picture)
        return picture

    def close(self) -> None:
        """Stop the drawing worker."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _draw(self, stored: str, page: int) -> bytes:
        # Imported here: the worker machinery loads the PDF readers, which `search` never needs.
        from indexer import ExtractionPool, ThumbnailTask

        with self._lock:
            if self._pool is None:
                self._pool = ExtractionPool(1, Limits(timeout=DRAW_SECONDS))
            self._pool.submit(next(self._jobs), ThumbnailTask(stored, page))
            [(_, outcome)] = self._pool.wait()
        if isinstance(outcome, PdfError):
            raise ThumbnailError(f"page {page} cannot be drawn: {outcome.reason}")
        if not isinstance(outcome, bytes):
            raise TypeError("the worker was asked to draw a page")
        return outcome

    def _keep(self, path: Path, picture: bytes) -> None:
        """Keep a picture where it will be found next time, if the archive can be written."""
        temporary = path.with_name(f".incoming-{secrets.token_hex(8)}-{path.name}")
        try:
            privacy.make_dir(self.folder)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                                 privacy.PRIVATE_FILE)
            with os.fdopen(descriptor, "wb") as out:
                out.write(picture)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
