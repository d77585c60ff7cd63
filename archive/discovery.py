"""Finding the PDF files a user points at: files as given, folders searched recursively."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .fetch import is_url

if TYPE_CHECKING:
    from .webpage import PageLink


@dataclass(frozen=True)
class WebOrigin:
    """Where a downloaded file came from: its URL, when, and the linking page's hints."""

    url: str
    name: str  # the last part of the URL's path, after redirects
    retrieved_at: str
    link: PageLink | None = None  # when found on a page
    warnings: tuple[str, ...] = ()  # about the download (a size the page misstates)


@dataclass(frozen=True)
class InputFile:
    """A file to add, or a path that cannot be added and why (`problem`); a downloaded one
    (a temporary file) knows its `origin`; an uploaded one is a `temporary` copy, whose
    place on disk means nothing to the user."""

    path: Path
    problem: str | None = None
    origin: WebOrigin | None = None
    temporary: bool = False

    @property
    def display(self) -> str:
        """The path (or URL, or uploaded file's name) as text that can always be printed
        (undecodable bytes replaced)."""
        if self.origin:
            return self.origin.url
        return self.name if self.temporary else printable(os.fspath(self.path))

    @property
    def name(self) -> str:
        """The file's name, printable, as the catalog remembers it."""
        return printable(self.origin.name if self.origin else self.path.name)


@dataclass(frozen=True)
class WebInput:
    """A URL to download and add, with what a page linking to it says (`link`)."""

    url: str
    link: PageLink | None = None

    @property
    def display(self) -> str:
        return self.url


def printable(text: str) -> str:
    """A file name that prints on one line and stores as text.

    Bytes that are not UTF-8 become U+FFFD; control characters (a newline in a name) are shown
    escaped, as `\\n`, so that every message about a file stays on one line.
    """
    decoded = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1]
                   for char in decoded)


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[InputFile | WebInput]:
    """Every file named, every `*.pdf` below every folder named, and every URL, in a stable
    order.

    Symbolic links are followed; a folder reached twice (a link loop) is searched once.
    """
    found: list[InputFile | WebInput] = []
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            found.append(WebInput(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path, seen_dirs))
        elif path.is_file():
            found.append(InputFile(path))
        elif path.exists():
            found.append(InputFile(path, "not a regular file"))
        elif path.is_symlink():
            found.append(InputFile(path, "broken symbolic link"))
        else:
            found.append(InputFile(path, "no such file or directory"))
    return found


def _walk(top: Path, seen_dirs: set[tuple[int, int]]) -> list[InputFile]:
    found: list[InputFile] = []

    def unreadable(error: OSError) -> None:
        found.append(InputFile(Path(error.filename), f"cannot read folder: {error.strerror}"))

    for directory, subdirs, files in os.walk(top, followlinks=True, onerror=unreadable):
        stat = os.stat(directory)
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:
            subdirs.clear()
            continue
        seen_dirs.add(key)
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory, name)
            if not name.lower().endswith(".pdf"):
                continue
            if path.is_file():
                found.append(InputFile(path))
            elif not path.exists():
                found.append(InputFile(path, "broken symbolic link"))
            else:
                found.append(InputFile(path, "not a regular file"))
    return found
