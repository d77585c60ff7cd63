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
