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
    "errors": ["DamagedPdfError", "IndexCorruptError", "IndexerError", "IndexOutdatedError",
               "IndexWriteError", "LimitExceededError", "NotAPdfError", "PasswordRequiredError",
               "PdfError", "QuerySyntaxError"],
    "extraction": ["Extraction", "describe", "extract"],
    "reading": ["RawDocument", "read_pdf"],
    "languagecodes": ["language_code"],
    "overrides": ["Overrides", "PageHints"],
    "limits": ["Limits"],
    "partialdate": ["DateRange", "PartialDate"],
    "backends": ["BACKENDS", "DEFAULT_BACKEND", "SEARCH_SORTS", "Health", "IndexDocument",
                 "IndexHit", "IndexResults", "SearchBackend", "SearchFilters", "open_backend"],
    "snippets": ["Snippet", "best_snippets"],
    "background": ["BackgroundPool"],
    "workers": ["Description", "ExtractionFailed", "ExtractionPool", "ExtractionTask", "Outcome",
                "ThumbnailTask"],
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
    from .backends import BACKENDS as BACKENDS
    from .backends import DEFAULT_BACKEND as DEFAULT_BACKEND
    from .backends import SEARCH_SORTS as SEARCH_SORTS
    from .backends import Health as Health
    from .backends import IndexDocument as IndexDocument
    from .backends import IndexHit as IndexHit
    from .backends import IndexResults as IndexResults
    from .backends import SearchBackend as SearchBackend
    from .backends import SearchFilters as SearchFilters
    from .backends import open_backend as open_backend
    from .background import BackgroundPool as BackgroundPool
    from .dates import DateCandidate as DateCandidate
    from .errors import DamagedPdfError as DamagedPdfError
    from .errors import IndexCorruptError as IndexCorruptError
    from .errors import IndexerError as IndexerError
    from .errors import IndexOutdatedError as IndexOutdatedError
    from .errors import IndexWriteError as IndexWriteError
    from .errors import LimitExceededError as LimitExceededError
    from .errors import NotAPdfError as NotAPdfError
    from .errors import PasswordRequiredError as PasswordRequiredError
    from .errors import PdfError as PdfError
    from .errors import QuerySyntaxError as QuerySyntaxError
    from .extraction import Extraction as Extraction
    from .extraction import describe as describe
    from .extraction import extract as extract
    from .languagecodes import language_code as language_code
    from .limits import Limits as Limits
    from .overrides import Overrides as Overrides
    from .overrides import PageHints as PageHints
    from .partialdate import DateRange as DateRange
    from .partialdate import PartialDate as PartialDate
    from .reading import RawDocument as RawDocument
    from .reading import read_pdf as read_pdf
    from .snippets import Snippet as Snippet
    from .snippets import best_snippets as best_snippets
    from .workers import Description as Description
    from .workers import ExtractionFailed as ExtractionFailed
    from .workers import ExtractionPool as ExtractionPool
    from .workers import ExtractionTask as ExtractionTask
    from .workers import Outcome as Outcome
    from .workers import ThumbnailTask as ThumbnailTask
