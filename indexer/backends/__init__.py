"""Search backends: the seam between the archive and a full-text engine.

The archive knows only this protocol; each engine lives in a package of its own below
(`tantivy`, `whoosh`), so that an engine can be added or replaced without the archive or
the command line changing. Every engine is held to the same behaviour by one contract test suite
(`tests/test_backends.py`). Snippets are not an engine's business: the archive makes them from
the catalog's page texts and the words a hit reports.
"""

from __future__ import annotations

import enum
import importlib
import importlib.util
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import IndexCorruptError, IndexOutdatedError
from ..partialdate import DateRange, PartialDate

SEARCH_SORTS = ("relevance", "date")
# Each engine by name: the module and class that implement it.
BACKENDS = {"tantivy": ("indexer.backends.tantivy.engine", "TantivyBackend"),
            "whoosh": ("indexer.backends.whoosh.engine", "WhooshBackend")}
# A new archive's engine: Tantivy, fast; Whoosh, pure Python, is there for machines without
# Tantivy's wheels and for the archives written before engines could be chosen.
DEFAULT_BACKEND = "tantivy" if importlib.util.find_spec("tantivy") else "whoosh"


@dataclass(frozen=True)
class IndexDocument:
    """What the index needs to know of one document."""

    id: str
    title: str
    text: str
    date: PartialDate | None
    language: str | None
    size_bytes: int
    pages: int
    filenames: list[str]
    author: str | None = None


@dataclass(frozen=True)
class IndexHit:
    """One search result: the document's id, its score, and the folded words and the stems of
    it that matched (to show where)."""

    id: str
    score: float
    terms: frozenset[str]
    stems: frozenset[str] = frozenset()


@dataclass(frozen=True)
class IndexResults:
    """The hits shown, how many documents matched in all, notes on how the query was run, and
    a corrected query to suggest when nothing matched."""

    hits: list[IndexHit]
    total: int
    notes: list[str]
    suggestion: str | None = None


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on a search besides the query text."""

    language: str | None = None
    dates: DateRange = DateRange()


class Health(enum.Enum):
    """The state of an index on disk."""

    OK = "ok"
    MISSING = "missing"  # never written: the first change writes it
    OUTDATED = "outdated"  # written by an older version: rebuild it from the catalog
    DAMAGED = "damaged"  # cannot be opened: rebuild it from the catalog


class IndexBatch(Protocol):
    """Changes to the index that become visible together, when the batch commits."""

    def put(self, document: IndexDocument) -> None:
        """Add the document, replacing an earlier version with the same id."""

    def delete(self, document_id: str) -> None:
        """Remove the document if it is in the index."""


class SearchBackend(Protocol):
    """A full-text index in one directory, derived from the catalog and rebuilt from it."""

    name: str

    def health(self) -> Health:
        """Whether the index can serve (see `Health`)."""

    def batch(self) -> AbstractContextManager[IndexBatch]:
        """A batch of changes, committed when the block ends and cancelled if it raises.

        Raises:
            IndexWriteError: the index could not be written.
        """

    def rebuild(self, documents_after: Callable[[str | None], Iterable[IndexDocument]]) -> int:
        """Replace the index by one written from scratch; returns how many documents it holds.

        `documents_after(last_id)` yields the documents in id order after `last_id` (all for
        None). The old index serves until the new one is complete; an interrupted rebuild
        resumes where it last committed.
        """

    def search(self, query_text: str, filters: SearchFilters, sort: str = "relevance",
               limit: int = 10) -> IndexResults:
        """The best `limit` hits for a query in the archive's query syntax (Whoosh's), and
        how many documents matched in all.

        Raises:
            QuerySyntaxError: the query cannot be understood.
            IndexCorruptError: the index cannot be read.
        """

    def similar(self, document_id: str, text: str, limit: int = 10) -> list[IndexHit]:
        """The documents most like one (whose text is `text`), not counting itself."""

    def ids(self) -> set[str]:
        """The ids of every document in the index.

        Raises:
            IndexCorruptError: the index cannot be read.
        """

    def close(self) -> None:
        """Release the open index files."""


def health_by_opening(path: Path, open_index: Callable[[], object]) -> Health:
    """The health of the index at `path`, found by opening it (`open_index` raises
    IndexOutdatedError or IndexCorruptError as the index is)."""
    if not path.is_dir():
        return Health.MISSING
    try:
        open_index()
    except IndexOutdatedError:
        return Health.OUTDATED
    except IndexCorruptError:
        return Health.DAMAGED
    return Health.OK


def open_backend(name: str, path: Path) -> SearchBackend:
    """The engine called `name`, for the index at `path` (nothing is read or written yet).

    Raises:
        ValueError: no engine has that name, or its library is not installed here.
    """
    if name not in BACKENDS:
        raise ValueError(f"no search engine called {name!r}: choose one of "
                         f"{', '.join(BACKENDS)}")
    module, cls = BACKENDS[name]
    try:
        backend: Callable[[Path], SearchBackend] = getattr(importlib.import_module(module), cls)
    except ImportError as error:
        raise ValueError(f"the {name} search engine is not installed here ({error}); convert "
                         "the archive on a machine that has it with `pdfarchive reindex "
                         "--engine whoosh`") from error
    return backend(path)
