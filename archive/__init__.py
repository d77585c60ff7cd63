"""The archive: storage of PDF files, the catalog, and ingestion into both and the index."""

from indexer import DateRange, Limits, Overrides, PartialDate

from .archive import Archive, SearchHit, SearchResults, exists, preview_page
from .errors import (
    AmbiguousIdError,
    ArchiveBusyError,
    ArchiveError,
    DocumentNotFoundError,
    FetchError,
    NewerArchiveError,
    NoArchiveError,
    StorageError,
    UploadError,
    UsageError,
)
from .fetch import WebLimits
from .location import ENV_VAR, archive_home
from .options import LIST_SORTS, AddOptions, ListQuery, SearchQuery, read_date, read_language
from .records import DocumentRecord
from .verification import VerifyReport

__all__ = [
    "ENV_VAR", "LIST_SORTS", "AddOptions", "AmbiguousIdError", "Archive", "ArchiveBusyError",
    "ArchiveError", "DateRange", "DocumentNotFoundError", "DocumentRecord", "FetchError",
    "Limits", "ListQuery", "NewerArchiveError", "NoArchiveError", "Overrides", "PartialDate",
    "SearchHit", "SearchQuery", "SearchResults", "StorageError", "UploadError", "UsageError",
    "VerifyReport", "WebLimits", "archive_home", "exists", "preview_page", "read_date",
    "read_language",
]
