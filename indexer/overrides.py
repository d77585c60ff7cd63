"""What a user states about a document when adding it."""

from __future__ import annotations

from dataclasses import dataclass

from .partialdate import PartialDate


@dataclass(frozen=True)
class Overrides:
    """What the user states about a document; it beats anything we would detect."""

    title: str | None = None
    date: PartialDate | None = None
    language: str | None = None


@dataclass(frozen=True)
class PageHints:
    """What a web page linking to the document says about it (see `archive.webpage`).

    Unlike overrides these are candidates: the document's own clear statements win.
    """

    page_url: str
    title: str | None = None
    date: PartialDate | None = None
    date_evidence: str | None = None
    language: str | None = None
