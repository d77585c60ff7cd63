"""Files received over the web, kept inside the archive until they are added.

An upload is written chunk by chunk into a folder of the archive's own (`uploads/`, private to
the user like the rest), never held in memory nor in a system temp folder that may be small or
shared; it is refused as soon as it passes the size limit, and when its first bytes are not a
PDF's. Each receiving process has its folder, named by its process id, so that the folders of
a process that died can be recognised and removed by the next writer.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from indexer.sniff import HEADER_WINDOW, looks_like_pdf

from . import privacy
from .discovery import InputFile, printable
from .errors import UploadError
from .units import human_size

FOLDER = "uploads"
MAX_NAME_BYTES = 200  # well under the 255 bytes a file name may have on disk
DEFAULT_NAME = "upload.pdf"


def upload_name(given: str) -> str:
    """The name an uploaded file is kept under: the last part of what the browser sent (a
    path on some systems), printable, not too long, never empty or a dot name."""
    name = printable(given.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    while len(name.encode()) > MAX_NAME_BYTES:
        name = name[:-1]
    return name if name.strip(".") else DEFAULT_NAME


@dataclass(frozen=True)
class Upload:
    """A received file, complete and a PDF by its first bytes, ready to be added."""

    path: Path

    @property
    def name(self) -> str:
        """The file's name as it was uploaded (made safe by `upload_name`)."""
        return self.path.name

    def input_file(self) -> InputFile:
        """The file as `add` takes it: a temporary copy, named as it was uploaded."""
        return InputFile(self.path, temporary=True)


class UploadFolder:
    """This process's folder for files being received, inside the archive at `root`."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / FOLDER / f"{os.getpid()}-{secrets.token_hex(4)}"

    def receive(self, name: str, max_size: int) -> Receiving:
        """Start receiving a file sent as `name`, at most `max_size` bytes.

        Raises:
            UploadError: the folder for it cannot be created.
        """
        folder = self.path / secrets.token_hex(8)
        try:
            privacy.make_dir(folder)
        except OSError as error:
            raise UploadError(upload_name(name),
                              f"cannot be received: {error.strerror}") from error
        return Receiving(folder / upload_name(name), max_size)

    def remove(self) -> None:
        """Remove the folder and whatever is left in it."""
        shutil.rmtree(self.path, ignore_errors=True)


def remove_abandoned(root: Path) -> None:
    """Remove the upload folders of processes that are no longer running: what a server
    killed while receiving left behind (never reported as added)."""
    top = Path(root) / FOLDER
    if not top.is_dir():
        return
    for folder in top.iterdir():
        pid = folder.name.split("-", 1)[0]
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True


class Receiving:
    """One file being written as its chunks arrive; `finish` checks and returns it, and
    closing it unfinished removes what was written."""

    def __init__(self, path: Path, max_size: int) -> None:
        self.path = path
        self.max_size = max_size
        self.size = 0
        self._head = b""
        self._out = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                      privacy.PRIVATE_FILE), "wb")
        self._finished = False

    def close(self) -> None:
        """Stop writing; a file not finished is removed."""
        self._out.close()
        if not self._finished:
            self.path.unlink(missing_ok=True)

    def write(self, chunk: bytes) -> None:
        """Append a chunk of the file.

        Raises:
            UploadError: the file is larger than the limit, or not a PDF by its first bytes.
        """
        self.size += len(chunk)
        if self.size > self.max_size:
            raise UploadError(self.path.name, f"too large (more than "
                              f"{human_size(self.max_size)})")
        if len(self._head) < HEADER_WINDOW:
            self._head += chunk[:HEADER_WINDOW - len(self._head)]
            if len(self._head) == HEADER_WINDOW:
                self._check_pdf()
        self._out.write(chunk)

    def finish(self) -> Upload:
        """The complete file, flushed to disk.

        Raises:
            UploadError: it is empty or not a PDF.
        """
        if not self.size:
            raise UploadError(self.path.name, "empty file")
        self._check_pdf()
        self._out.flush()
        os.fsync(self._out.fileno())
        self._finished = True
        return Upload(self.path)

    def _check_pdf(self) -> None:
        if not looks_like_pdf(self._head):
            raise UploadError(self.path.name, "not a PDF (by its first bytes)")
