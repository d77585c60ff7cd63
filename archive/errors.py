"""The exceptions of the archive library.

`ArchiveError` is the root; the command line turns each into a message and an exit code.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Root of every error raised by the archive on purpose."""


class NoArchiveError(ArchiveError):
    """There is no archive at the given place yet."""


class NewerArchiveError(ArchiveError):
    """The archive was written by a newer pdfarchive, whose catalog this one cannot read."""


class DocumentNotFoundError(ArchiveError):
    """No document has the given id (or id prefix)."""


class AmbiguousIdError(ArchiveError):
    """An id prefix matches more than one document."""


class UsageError(ArchiveError):
    """The request contradicts itself (e.g. --title for a whole folder)."""


class StorageError(ArchiveError):
    """A file could not be stored or read back (disk full, permissions …)."""


class ArchiveBusyError(ArchiveError):
    """Another process held the writer lock for longer than we were willing to wait."""


class FetchError(ArchiveError):
    """A URL could not be fetched, or did not give what was asked for; says which and why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class UploadError(ArchiveError):
    """A file sent over the web was refused (too large, not a PDF); says which and why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
