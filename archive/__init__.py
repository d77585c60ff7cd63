"""The archive: storage of PDF files, the catalog, and ingestion into both and the index."""

from indexer import Overrides, PartialDate

from .archive import SORTS, Archive, SearchHit, SearchResults, VerifyReport
from .errors import (
    AmbiguousIdError,
    ArchiveBusyError,
    ArchiveError,
    DocumentNotFoundError,
    NoArchiveError,
    StorageError,
    UsageError,
)
from .location import ENV_VAR, archive_home
from .records import DocumentRecord

__all__ = [
    "AmbiguousIdError", "Archive", "ArchiveBusyError", "ArchiveError", "DocumentNotFoundError",
    "DocumentRecord", "ENV_VAR", "NoArchiveError", "Overrides", "PartialDate", "SORTS",
    "SearchHit", "SearchResults", "StorageError", "UsageError", "VerifyReport", "archive_home",
]
