"""Reading a request's query into the archive's own requests, for the pages and the API alike.

The parameters have the CLI's names (`q`, `lang`, `since`, `until`, `sort`, `limit`, `offset`),
and a bad one is refused with the same words the command line uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive import (
    DateRange,
    ListQuery,
    PartialDate,
    SearchQuery,
    UsageError,
    read_date,
    read_language,
)

MAX_LIMIT = 200  # hits or documents in one answer


def search_query(params: Mapping[str, str], limit: int = 10) -> SearchQuery:
    """The search a request asks for (`q` is the query text; it may be empty).

    Raises:
        UsageError: a parameter is not what it should be.
    """
    return SearchQuery(params.get("q", "").strip(), language(params), date_range(params),
                       params.get("sort") or "relevance",
                       number(params, "limit", limit, 1, MAX_LIMIT),
                       number(params, "offset", 0, 0))


def list_query(params: Mapping[str, str], limit: int = 50) -> ListQuery:
    """The list of documents a request asks for.

    Raises:
        UsageError: a parameter is not what it should be.
    """
    return ListQuery(params.get("sort") or "date", params.get("reverse") == "1",
                     date_range(params), language(params),
                     number(params, "limit", limit, 1, MAX_LIMIT),
                     offset=number(params, "offset", 0, 0))


def date_range(params: Mapping[str, str]) -> DateRange:
    """`since` and `until`, each a date at any precision (2017, 2017-11, 2017-11-16)."""
    return DateRange(partial_date(params, "since"), partial_date(params, "until"))


def partial_date(params: Mapping[str, str], name: str) -> PartialDate | None:
    """A date parameter, or None when it is absent or empty."""
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return read_date(text)
    except UsageError as error:
        raise UsageError(f"{name}: {error}") from error


def language(params: Mapping[str, str], name: str = "lang") -> str | None:
    """A language parameter (an ISO 639-1 code), or None when it is absent or empty."""
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return read_language(text)
    except UsageError as error:
        raise UsageError(f"{name}: {error}") from error


def corrections(fields: Mapping[str, str]) -> dict[str, Any]:
    """The corrections a form or a PATCH asks for, as `Archive.edit` takes them: `title`,
    `date` and `language`, each None where it is absent or empty.

    Raises:
        UsageError: the date or the language is not one.
    """
    return {"title": fields.get("title", "").strip() or None,
            "date": partial_date(fields, "date"), "language": language(fields, "language")}


def number(params: Mapping[str, str], name: str, default: int, lowest: int,
           highest: int | None = None) -> int:
    """A whole-number parameter of at least `lowest`; a larger one than `highest` is taken
    as `highest`."""
    text = params.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < lowest:
        raise UsageError(f"{name}: {text!r} is not a whole number of at least {lowest}")
    return int(text) if highest is None else min(int(text), highest)
