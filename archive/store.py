"""Content-addressed storage of the PDF files themselves.

A file is kept under its SHA-256, written to a temporary name, flushed to disk and renamed, so a
stored file is either complete or absent; it is never modified afterwards.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from . import privacy
from .errors import StorageError

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """A document's id: the SHA-256 of its file's bytes, in hex, read in chunks so memory stays
    flat for large files."""
    with open(path, "rb") as src:
        return _copy_hashing(src, None)


def _copy_hashing(src: BinaryIO, out: BinaryIO | None) -> str:
    """Read `src` to its end (writing it to `out` if given); returns the SHA-256 of the bytes."""
    digest = hashlib.sha256()
    while chunk := src.read(CHUNK):
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest()


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

    def put_file(self, source: Path, document_id: str) -> bool:
        """Copy a file into the store under its id, durably; False if it was there already.

        The copy is hashed as it is written, so a file that changed since it was hashed is
        refused rather than stored under the wrong id.

        Raises:
            StorageError: the file could not be read or written (disk full, permissions …), or
                its bytes no longer match `document_id`.
        """
        target = self.path_for(document_id)
        if target.is_file():
            return False
        try:
            privacy.make_dir(target.parent)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-", suffix=".pdf")
            try:
                with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                    digest = _copy_hashing(src, out)
                    out.flush()
                    os.fsync(out.fileno())
                if digest != document_id:
                    raise StorageError(f"{source.name} changed while it was being added; "
                                       "add it again")
                os.chmod(temp, privacy.STORED_FILE)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        except OSError as error:
            reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
            raise StorageError(f"cannot store {source.name}: {reason}") from error
        return True

    def hash_of(self, document_id: str) -> str:
        """The SHA-256 of the stored file's bytes as they are on disk now."""
        return sha256_file(self.path_for(document_id))

    def quarantine(self, document_id: str, folder: Path) -> Path:
        """Move a stored file whose bytes changed out of the store, into `folder`; never delete."""
        privacy.make_dir(folder)
        target = folder / f"{document_id}.{int(time.time())}.pdf"
        os.replace(self.path_for(document_id), target)
        return target

    def remove(self, document_id: str) -> None:
        """Delete the stored file, if present."""
        self.path_for(document_id).unlink(missing_ok=True)

    def ids(self) -> Iterator[str]:
        """The ids of all stored files."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*.pdf")):
            yield path.stem

    def remove_leftovers(self) -> None:
        """Delete temporary files a crash left behind."""
        for path in self.root.glob("??/.incoming-*"):
            path.unlink(missing_ok=True)


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
