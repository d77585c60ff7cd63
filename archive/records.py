"""What the archive knows about one document: its fields, defined once.

Each field of `DocumentRecord` says in its metadata where the catalog keeps it (`stored`) and
who sees it (`shown`). The catalog's rows, the public JSON of `list`, `search`, `show` and the web
API, the CSV of `list`, the lines of `show` and the search index's document are all derived from
these fields, so that a user's script and our own code speak of the same things.

A new field is one line here plus the code that decides its value (a field of the same name on
`indexer.Extraction` for what a PDF tells; copied by `from_extraction`). It is kept in the
catalog's `details` (no migration needed) and shown everywhere a record is; only a field that
lists must filter or sort on needs a column, and so a migration.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from indexer import IndexDocument, PartialDate

if TYPE_CHECKING:
    from dataclasses import Field

    from indexer import Extraction

# Where the catalog keeps a field.
COLUMN = "column"  # a column of the documents table: lists filter or sort on it
DETAILS = "details"  # inside the JSON `details` column (the default)
RELATED = "related"  # rows of other tables (file names, sources, versions)

# Who sees a field.
PUBLIC = "public"  # every record (`list`, `search`, `show`)
DETAILED = "detailed"  # `show` only: the evidence and the raw metadata


def now_utc() -> str:
    """The current time as the archive records it: ISO 8601, UTC, whole seconds."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _meta(stored: str = DETAILS, shown: str = PUBLIC,
          public: Callable[[Any], Any] | None = None,
          load: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """A field's metadata: where it is kept, who sees it, and how its stored or public form
    differs from its value (default: dates as ISO text, everything else as it is)."""
    return {"stored": stored, "shown": shown, "public": public, "load": load}


def _shares_json(shares: list[tuple[str, float]]) -> list[dict[str, Any]]:
    return [{"code": code, "share": share} for code, share in shares]


def _shares_load(pairs: Iterable[Iterable[Any]]) -> list[tuple[str, float]]:
    return [(str(code), float(share)) for code, share in pairs]


@dataclass(frozen=True, kw_only=True)
class DocumentRecord:
    """One archived document's metadata (its text is kept apart, page by page).

    Fields are in the order the public JSON shows them; `detailed` ones follow in `show`.
    """

    id: str = field(metadata=_meta(COLUMN))
    title: str = field(metadata=_meta(COLUMN))
    date: PartialDate | None = field(metadata=_meta(COLUMN, load=PartialDate.parse))
    date_source: str | None = field(metadata=_meta(COLUMN))
    date_evidence: str | None = field(metadata=_meta(COLUMN))
    language: str | None = field(metadata=_meta(COLUMN))
    language_source: str | None = field(metadata=_meta(COLUMN))
    languages: list[tuple[str, float]] = field(
        default_factory=list, metadata=_meta(public=_shares_json, load=_shares_load))
    declared_language: str | None = field(metadata=_meta(COLUMN))
    pages: int = field(metadata=_meta(COLUMN))
    size_bytes: int = field(metadata=_meta(COLUMN))
    filenames: list[str] = field(default_factory=list, metadata=_meta(RELATED))
    added_at: str = field(metadata=_meta(COLUMN))
    author: str | None = field(metadata=_meta(COLUMN))
    needs_ocr: bool = field(metadata=_meta(COLUMN, load=bool))
    # URLs it was downloaded from, and the versions before and after it from the same URL.
    sources: list[dict[str, Any]] = field(default_factory=list, metadata=_meta(RELATED))
    supersedes: str | None = field(default=None, metadata=_meta(RELATED))
    superseded_by: str | None = field(default=None, metadata=_meta(RELATED))
    title_source: str = field(metadata=_meta(COLUMN, DETAILED))
    language_confidence: float = field(metadata=_meta(COLUMN, DETAILED))
    engine: str = field(metadata=_meta(COLUMN, DETAILED))
    date_candidates: list[dict[str, Any]] = field(default_factory=list,
                                                  metadata=_meta(shown=DETAILED))
    title_candidates: list[dict[str, Any]] = field(default_factory=list,
                                                   metadata=_meta(shown=DETAILED))
    info: dict[str, Any] = field(default_factory=dict, metadata=_meta(shown=DETAILED))
    xmp: dict[str, Any] = field(default_factory=dict, metadata=_meta(shown=DETAILED))

    @classmethod
    def from_extraction(cls, document_id: str, extraction: Extraction, filename: str,
                        added_at: str) -> DocumentRecord:
        """The record of a newly extracted document: every field the extraction has by the
        same name, in the plain form the catalog keeps."""
        values = {f.name: _plain(getattr(extraction, f.name)) for f in fields(cls)
                  if hasattr(extraction, f.name)}
        return cls(**values, id=document_id, added_at=added_at, filenames=[filename])

    @classmethod
    def from_stored(cls, values: Mapping[str, Any]) -> DocumentRecord:
        """A record from what the catalog kept (columns, details and related rows by field
        name); a field missing there (kept by an older version) takes its default."""
        return cls(**{f.name: _load(f, values[f.name]) for f in fields(cls) if f.name in values})

    def to_json(self, detailed: bool = False) -> dict[str, Any]:
        """The public record; `detailed` adds the evidence and raw metadata (`show`)."""
        return {f.name: _public(f, getattr(self, f.name)) for f in fields(self)
                if detailed or f.metadata["shown"] == PUBLIC}

    def index_document(self, page_texts: list[str]) -> IndexDocument:
        """What the search index is given of this document: the record's fields of the same
        names, and its text."""
        names = {f.name for f in fields(IndexDocument)} - {"text"}
        return IndexDocument(text="\n".join(page_texts),
                             **{name: getattr(self, name) for name in names})


def plain_fields() -> list[str]:
    """The public fields whose values fit a table cell: text, numbers, flags, dates and lists
    of names (what `list --csv` prints), in record order."""
    hints = typing.get_type_hints(DocumentRecord)
    plain = {str, int, float, bool, PartialDate, type(None)}
    return [f.name for f in fields(DocumentRecord) if f.metadata["shown"] == PUBLIC
            and (set(typing.get_args(hints[f.name]) or [hints[f.name]]) <= plain
                 or hints[f.name] == list[str])]


def stored_fields(where: str) -> list[str]:
    """The names of the fields the catalog keeps `where` (COLUMN, DETAILS or RELATED)."""
    return [f.name for f in fields(DocumentRecord) if f.metadata["stored"] == where]


def stored_value(record: DocumentRecord, name: str) -> Any:
    """A field's value in the form the catalog keeps (dates as ISO text)."""
    value = getattr(record, name)
    return value.iso() if isinstance(value, PartialDate) else value


def _plain(value: Any) -> Any:
    """A value in plain data: candidates by their JSON form, times as text."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.datetime | dt.date):
        return str(value)
    return value


def _load(f: Field[Any], value: Any) -> Any:
    load = f.metadata["load"]
    if value is None:
        return None
    return load(value) if load is not None else value


def _public(f: Field[Any], value: Any) -> Any:
    public = f.metadata["public"]
    if public is not None:
        return public(value)
    if isinstance(value, PartialDate):
        return value.iso()
    return list(value) if isinstance(value, list) else value
