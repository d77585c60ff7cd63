"""What a caller asks of the archive: which documents to list, what to search, how to add.

One value each, so that the command line and the web API build the same request and the
library checks it in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer import SEARCH_SORTS, DateRange, Limits, Overrides, PartialDate, language_code

from .errors import UsageError
from .fetch import WebLimits

# The orders `list` knows (the catalog writes each as SQL).
LIST_SORTS = ("date", "added", "title", "size")


@dataclass(frozen=True)
class ListQuery:
    """Documents to list: dated within `dates`, in `language`, `limit` of them after the first
    `offset` in `sort` order (newest first by default, unknown dates last); of a document
    downloaded again with new bytes only the newest version unless `all_versions`.

    Raises:
        UsageError: `sort` is not one of LIST_SORTS.
    """

    sort: str = "date"
    reverse: bool = False
    dates: DateRange = DateRange()
    language: str | None = None
    limit: int | None = None
    all_versions: bool = False
    offset: int = 0

    def __post_init__(self) -> None:
        _check_sort(self.sort, LIST_SORTS)


@dataclass(frozen=True)
class SearchQuery:
    """A full-text query (Whoosh syntax) with the same filters as a list, by relevance or date:
    `limit` hits after the first `offset` (a page of results).

    Raises:
        UsageError: `sort` is not one of SEARCH_SORTS.
    """

    text: str
    language: str | None = None
    dates: DateRange = DateRange()
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0

    def __post_init__(self) -> None:
        _check_sort(self.sort, SEARCH_SORTS)


@dataclass(frozen=True)
class AddOptions:
    """How to add: corrections for a single file, the password of encrypted PDFs, how many
    extraction processes at once (default: one per core) and the limits of each file, and a
    web page whose linked PDFs to add as well, with the limits of each download."""

    overrides: Overrides = Overrides()
    password: str | None = None
    workers: int | None = None
    limits: Limits = Limits()
    from_page: str | None = None
    web_limits: WebLimits = WebLimits()


def read_date(text: str) -> PartialDate:
    """A date as a user types it, at any precision: `2017`, `2017-11` or `2017-11-16`.

    Raises:
        UsageError: it is not one.
    """
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise UsageError(f"{text!r} is not a date (use 2017, 2017-11 or 2017-11-16)"
                         ) from error


def read_language(text: str) -> str:
    """A language as a user types it: an ISO 639-1 code (`de`, `EN`, `fr-FR` → `fr`).

    Raises:
        UsageError: it is not one.
    """
    code = language_code(text)
    if code is None:
        raise UsageError(f"{text!r} is not a two-letter ISO 639-1 code (like de, en, fr)")
    return code


def _check_sort(sort: str, known: tuple[str, ...]) -> None:
    if sort not in known:
        raise UsageError(f"cannot sort by {sort!r}: choose one of {', '.join(known)}")
