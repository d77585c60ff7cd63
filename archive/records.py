"""What the archive knows about one document, and its public JSON form.

The same field names are used in `list`, `search` and `show` output, in the catalog and in the
code, so that a user's script and our own code speak of the same things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indexer import PartialDate

if TYPE_CHECKING:
    from indexer import Extraction


def now_utc() -> str:
    """The current time as the archive records it: ISO 8601, UTC, whole seconds."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class DocumentRecord:
    """One archived document's metadata (its text is kept apart, page by page)."""

    id: str
    title: str
    title_source: str
    date: PartialDate | None
    date_source: str | None
    date_evidence: str | None
    language: str | None
    language_source: str | None
    language_confidence: float
    declared_language: str | None
    pages: int
    size_bytes: int
    author: str | None
    needs_ocr: bool
    engine: str
    added_at: str
    filenames: list[str] = field(default_factory=list)
    languages: list[tuple[str, float]] = field(default_factory=list)
    date_candidates: list[dict[str, Any]] = field(default_factory=list)
    title_candidates: list[dict[str, Any]] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    xmp: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)  # URLs it was downloaded from
    supersedes: str | None = None  # the version before, downloaded from the same URL
    superseded_by: str | None = None

    @classmethod
    def from_extraction(cls, document_id: str, extraction: Extraction, filename: str,
                        added_at: str) -> DocumentRecord:
        """The record of a newly extracted document."""
        return cls(
            id=document_id,
            title=extraction.title,
            title_source=extraction.title_source,
            date=extraction.date,
            date_source=extraction.date_source,
            date_evidence=extraction.date_evidence,
            language=extraction.language,
            language_source=extraction.language_source,
            language_confidence=extraction.language_confidence,
            declared_language=extraction.declared_language,
            pages=extraction.pages,
            size_bytes=extraction.size_bytes,
            author=extraction.author,
            needs_ocr=extraction.needs_ocr,
            engine=extraction.engine,
            added_at=added_at,
            filenames=[filename],
            languages=list(extraction.languages),
            date_candidates=[
                {"date": c.date.iso(), "source": c.source, "evidence": c.evidence,
                 "score": c.score, "page": c.page, "reasons": list(c.reasons)}
                for c in extraction.date_candidates
            ],
            title_candidates=[
                {"title": t.title, "source": t.source, "score": t.score,
                 "reasons": list(t.reasons)}
                for t in extraction.title_candidates
            ],
            info=dict(extraction.info),
            xmp={key: str(value) for key, value in extraction.xmp.items()},
        )

    def to_json(self, detailed: bool = False) -> dict[str, Any]:
        """The public record; `detailed` adds the date candidates and raw metadata (`show`)."""
        record: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date.iso() if self.date else None,
            "date_source": self.date_source,
            "date_evidence": self.date_evidence,
            "language": self.language,
            "language_source": self.language_source,
            "languages": [{"code": code, "share": share} for code, share in self.languages],
            "declared_language": self.declared_language,
            "pages": self.pages,
            "size_bytes": self.size_bytes,
            "filenames": list(self.filenames),
            "added_at": self.added_at,
            "author": self.author,
            "needs_ocr": self.needs_ocr,
            "sources": self.sources,
            "supersedes": self.supersedes,
            "superseded_by": self.superseded_by,
        }
        if detailed:
            record.update(
                title_source=self.title_source,
                language_confidence=self.language_confidence,
                engine=self.engine,
                date_candidates=self.date_candidates,
                title_candidates=self.title_candidates,
                info=self.info,
                xmp=self.xmp,
            )
        return record
