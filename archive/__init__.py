"""The archive: storage of PDF files, the catalog, and ingestion into both and the index."""

from indexer import Overrides, PartialDate

from .archive import SORTS, Archive, SearchHit, SearchResults
from .errors import (
    AmbiguousIdError,
    ArchiveError,
    DocumentNotFoundError,
    NoArchiveError,
    StorageError,
    UsageError,
)
from .ingest import AddResult
from .location import ENV_VAR, archive_home
from .records import DocumentRecord

__all__ = [
    "AddResult", "AmbiguousIdError", "Archive", "ArchiveError", "DocumentNotFoundError",
    "DocumentRecord", "ENV_VAR", "NoArchiveError", "Overrides", "PartialDate", "SORTS",
    "SearchHit", "SearchResults", "StorageError", "UsageError", "archive_home",
]
