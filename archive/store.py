"""Content-addressed storage of the PDF files themselves.

A file is kept under its SHA-256, written to a temporary name, flushed to disk and renamed, so a
stored file is either complete or absent; it is never modified afterwards.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import StorageError


def sha256_hex(data: bytes) -> str:
    """The id of a document: the SHA-256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


class FileStore:
    """PDF files under `root`, at `ab/abcdef….pdf` by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, document_id: str) -> Path:
        """Where the file with this id is (or would be) kept."""
        return self.root / document_id[:2] / f"{document_id}.pdf"

    def has(self, document_id: str) -> bool:
        """Whether the file is stored."""
        return self.path_for(document_id).is_file()

    def put(self, document_id: str, data: bytes) -> Path:
        """Store the bytes under their id, durably; an existing copy is kept as it is.

        Raises:
            StorageError: the file could not be written (disk full, permissions …).
        """
        target = self.path_for(document_id)
        if target.is_file():
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-", suffix=".pdf")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(temp, 0o444)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        except OSError as error:
            reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
            raise StorageError(f"cannot store {target.name}: {reason}") from error
        return target

    def read(self, document_id: str) -> bytes:
        """The stored bytes of a document."""
        return self.path_for(document_id).read_bytes()

    def remove(self, document_id: str) -> None:
        """Delete the stored file, if present."""
        self.path_for(document_id).unlink(missing_ok=True)

    def ids(self) -> Iterator[str]:
        """The ids of all stored files."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*.pdf")):
            yield path.stem

    def remove_leftovers(self) -> int:
        """Delete temporary files a crash left behind; returns how many."""
        count = 0
        for path in self.root.glob("??/.incoming-*"):
            path.unlink(missing_ok=True)
            count += 1
        return count


def _fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
