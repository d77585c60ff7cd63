"""The exceptions of the indexer library.

Every error the indexer raises on purpose derives from `IndexerError`, so that callers can tell
our own, explained failures from bugs. A `PdfError` always carries a one-line reason that can be
shown to the user as it is.
"""

from __future__ import annotations


class IndexerError(Exception):
    """Root of every error raised by the indexer on purpose."""


class PdfError(IndexerError):
    """A PDF could not be read; `reason` says why in words a user understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotAPdfError(PdfError):
    """The bytes are not a PDF at all (empty, HTML, an image, an archive …)."""


class PasswordRequiredError(PdfError):
    """The PDF is encrypted and the password we have (if any) does not open it."""


class DamagedPdfError(PdfError):
    """The bytes start like a PDF but its structure is too broken to read."""


class LimitExceededError(PdfError):
    """The PDF is beyond a limit the caller set (pages, time, memory): it may be fine."""


class QuerySyntaxError(IndexerError):
    """A search query could not be understood."""


class IndexCorruptError(IndexerError):
    """The search index on disk cannot be opened; it can be rebuilt from the catalog."""


class IndexOutdatedError(IndexCorruptError):
    """The search index was written with an older schema; it must be rebuilt from the catalog."""


class IndexWriteError(IndexerError):
    """The search index could not be written; the catalog still holds the pending changes."""
