"""The HTTP status of each library error: the one place the server decides it."""

from __future__ import annotations

from archive import (
    AmbiguousIdError,
    ArchiveBusyError,
    DocumentNotFoundError,
    FetchError,
    NoArchiveError,
    UploadError,
    UsageError,
)
from archive.thumbnails import ThumbnailError
from indexer import PdfError, QuerySyntaxError

STATUSES: list[tuple[type[Exception], int]] = [
    (DocumentNotFoundError, 404),
    (NoArchiveError, 404),
    (AmbiguousIdError, 400),
    (UsageError, 400),
    (QuerySyntaxError, 400),
    (UploadError, 400),
    (FetchError, 502),  # the other server failed us
    (ArchiveBusyError, 503),  # another writer held the lock too long: try again
    (ThumbnailError, 404),  # the picture cannot be had
    (PdfError, 422),
]


def status_of(error: Exception) -> int:
    """The status that fits an error of the library; 500 for any other."""
    for kind, status in STATUSES:
        if isinstance(error, kind):
            return status
    return 500
