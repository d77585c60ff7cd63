"""The indexer: turns PDF bytes into text and metadata, and reads and writes the search index.

It knows nothing of where documents are kept; the `archive` package owns storage.
"""

from .dates import DateCandidate
from .errors import (
    DamagedPdfError,
    IndexCorruptError,
    IndexerError,
    IndexWriteError,
    NotAPdfError,
    PasswordRequiredError,
    PdfError,
    QuerySyntaxError,
)
from .extract import Extraction, Overrides, extract
from .limits import Limits
from .partialdate import PartialDate
from .search_index import IndexDocument, IndexHit, SearchFilters, SearchIndex
from .snippets import Snippet, best_snippets
from .workers import ExtractionFailed, ExtractionPool, ExtractionTask

__all__ = [
    "DamagedPdfError", "DateCandidate", "Extraction", "ExtractionFailed", "ExtractionPool",
    "ExtractionTask", "IndexCorruptError", "IndexDocument", "Limits",
    "IndexHit", "IndexWriteError", "IndexerError", "NotAPdfError", "Overrides", "PartialDate",
    "PasswordRequiredError", "PdfError", "QuerySyntaxError", "SearchFilters", "SearchIndex",
    "Snippet", "best_snippets", "extract",
]
