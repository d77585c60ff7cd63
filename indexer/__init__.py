"""The indexer: turns PDF bytes into text and metadata, and reads and writes the search index.

It knows nothing of where documents are kept; the `archive` package owns storage.

Names are imported from their modules when first used, so that `pdfarchive search` does not
pay for loading PDF readers and the language model it never uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_MODULES = {
    "dates": ["DateCandidate"],
    "errors": ["DamagedPdfError", "IndexCorruptError", "IndexerError", "IndexWriteError",
               "NotAPdfError", "PasswordRequiredError", "PdfError", "QuerySyntaxError"],
    "extract": ["Extraction", "extract"],
    "overrides": ["Overrides"],
    "limits": ["Limits"],
    "partialdate": ["PartialDate"],
    "search_index": ["IndexDocument", "IndexHit", "SearchFilters", "SearchIndex"],
    "snippets": ["Snippet", "best_snippets"],
    "workers": ["ExtractionFailed", "ExtractionPool", "ExtractionTask"],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
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
    from .extract import Extraction, extract
    from .overrides import Overrides
    from .limits import Limits
    from .partialdate import PartialDate
    from .search_index import IndexDocument, IndexHit, SearchFilters, SearchIndex
    from .snippets import Snippet, best_snippets
    from .workers import ExtractionFailed, ExtractionPool, ExtractionTask
