"""The catalog: an SQLite database that is the source of truth for every document.

It holds each document's metadata, its text page by page, the names it was added under, and a
queue of index updates that are committed here first and applied to the search index after, so
that the index can always be brought up to date (or rebuilt) from the catalog alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer import PartialDate

from .errors import AmbiguousIdError, DocumentNotFoundError, StorageError
from .records import DocumentRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    title_source TEXT NOT NULL,
    date TEXT,
    date_first TEXT,
    date_last TEXT,
    date_source TEXT,
    date_evidence TEXT,
    language TEXT,
    language_source TEXT,
    language_confidence REAL NOT NULL DEFAULT 0,
    declared_language TEXT,
    pages INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    author TEXT,
    needs_ocr INTEGER NOT NULL,
    engine TEXT NOT NULL,
    added_at TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS page_texts (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, page)
);
CREATE TABLE IF NOT EXISTS filenames (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (document_id, name)
);
CREATE TABLE IF NOT EXISTS index_queue (
    document_id TEXT PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('put', 'delete'))
);
CREATE TABLE IF NOT EXISTS seen_files (
    path BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    document_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    page_url TEXT,
    retrieved_at TEXT NOT NULL,
    hints TEXT NOT NULL,
    PRIMARY KEY (document_id, url)
);
CREATE INDEX IF NOT EXISTS sources_by_url ON sources(url, retrieved_at);
CREATE TABLE IF NOT EXISTS versions (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    supersedes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_date ON documents(date_first, date_last);
CREATE INDEX IF NOT EXISTS documents_newest_first
    ON documents(date IS NULL, date_first DESC, date DESC, added_at DESC);
"""

SORT_COLUMNS = {
    "date": "date IS NULL, date_first DESC, date DESC, added_at DESC",
    "added": "added_at DESC, id",
    "title": "title COLLATE NOCASE ASC, id",
    "size": "size_bytes DESC, id",
}
# The same orders, reversed, with unknown dates still last.
REVERSED_SORT_COLUMNS = {
    "date": "date IS NULL, date_first ASC, date ASC, added_at ASC",
    "added": "added_at ASC, id",
    "title": "title COLLATE NOCASE DESC, id",
    "size": "size_bytes ASC, id",
}


class Catalog:
    """The catalog database of one archive."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only:
            self._db = _connect_read_only(self.path)
        else:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.row_factory = sqlite3.Row
        # A read-only catalog an older version wrote has no tables for web sources.
        self._has_sources = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'versions'").fetchone() is not None

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All changes inside commit together, or none of them if the block raises."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StorageError(f"the catalog could not be updated: {error}") from error

    # -- writing (inside a transaction) ------------------------------------------------------

    def insert(self, record: DocumentRecord, page_texts: list[str]) -> None:
        """Add a new document, its text and its first file name, and queue it for indexing."""
        date = record.date
        self._db.execute(
            "INSERT INTO documents (id, title, title_source, date, date_first, date_last,"
            " date_source, date_evidence, language, language_source, language_confidence,"
            " declared_language, pages, size_bytes, author, needs_ocr, engine, added_at, details)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id, record.title, record.title_source,
                date.iso() if date else None,
                date.first_day().isoformat() if date else None,
                date.last_day().isoformat() if date else None,
                record.date_source, record.date_evidence, record.language,
                record.language_source, record.language_confidence, record.declared_language,
                record.pages, record.size_bytes, record.author, int(record.needs_ocr),
                record.engine, record.added_at,
                json.dumps({"date_candidates": record.date_candidates,
                            "title_candidates": record.title_candidates, "info": record.info,
                            "xmp": record.xmp, "languages": record.languages},
                           ensure_ascii=False),
            ),
        )
        self._db.executemany(
            "INSERT INTO page_texts (document_id, page, text) VALUES (?, ?, ?)",
            ((record.id, number, text) for number, text in enumerate(page_texts, start=1)),
        )
        for name in record.filenames:
            self.add_filename(record.id, name, record.added_at)
        self.queue_index(record.id, "put")

    def correct(self, document_id: str, title: str | None = None,
                date: PartialDate | None = None, language: str | None = None) -> None:
        """Record the user's correction of a document's title, date or language."""
        if title is not None:
            self._db.execute("UPDATE documents SET title = ?, title_source = 'user' WHERE id = ?",
                             (title, document_id))
        if date is not None:
            self._db.execute(
                "UPDATE documents SET date = ?, date_first = ?, date_last = ?, "
                "date_source = 'user', date_evidence = 'set with pdfarchive edit' WHERE id = ?",
                (date.iso(), date.first_day().isoformat(), date.last_day().isoformat(),
                 document_id))
        if language is not None:
            self._db.execute(
                "UPDATE documents SET language = ?, language_source = 'user', "
                "language_confidence = 1.0 WHERE id = ?", (language, document_id))
        self.queue_index(document_id, "put")

    def add_filename(self, document_id: str, name: str, added_at: str) -> bool:
        """Remember another name the document was added under; False if already known."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO filenames (document_id, name, added_at) VALUES (?, ?, ?)",
            (document_id, name, added_at),
        )
        if cursor.rowcount:
            self.queue_index(document_id, "put")
        return bool(cursor.rowcount)

    def add_source(self, document_id: str, url: str, page_url: str | None, retrieved_at: str,
                   hints: dict[str, Any]) -> None:
        """Remember that the document was downloaded from `url` (linked from `page_url`)."""
        self._db.execute(
            "INSERT OR REPLACE INTO sources (document_id, url, page_url, retrieved_at, hints)"
            " VALUES (?, ?, ?, ?, ?)",
            (document_id, url, page_url, retrieved_at, json.dumps(hints, ensure_ascii=False)))

    def supersede(self, document_id: str, older_id: str) -> None:
        """Record that a document is a newer version of another (the same URL, new bytes)."""
        self._db.execute("INSERT OR REPLACE INTO versions (document_id, supersedes) VALUES (?, ?)",
                         (document_id, older_id))

    def remember_file(self, path: Path, stat: os.stat_result, document_id: str) -> None:
        """Remember that the file at `path`, as it is now, holds this document."""
        self._db.execute(
            "INSERT OR REPLACE INTO seen_files (path, size, mtime_ns, inode, document_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (os.fsencode(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, document_id),
        )

    def delete(self, document_id: str) -> None:
        """Remove a document with its text and names, and queue its removal from the index."""
        self._db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        self._db.execute("DELETE FROM seen_files WHERE document_id = ?", (document_id,))
        self.queue_index(document_id, "delete")

    def queue_index(self, document_id: str, action: str) -> None:
        """Record that the index must put or delete this document."""
        self._db.execute(
            "INSERT INTO index_queue (document_id, action) VALUES (?, ?)"
            " ON CONFLICT(document_id) DO UPDATE SET action = excluded.action",
            (document_id, action),
        )

    def dequeue_index(self, items: Iterable[tuple[str, str]]) -> None:
        """Forget index work that has been applied (unless it was queued again meanwhile)."""
        self._db.executemany(
            "DELETE FROM index_queue WHERE document_id = ? AND action = ?", list(items)
        )

    # -- reading -----------------------------------------------------------------------------

    def contains(self, document_id: str) -> bool:
        """Whether a document with this exact id is in the catalog."""
        row = self._db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def seen_document(self, path: Path, stat: os.stat_result) -> str | None:
        """The document a file held when last added, if size, mtime and inode are unchanged."""
        row = self._db.execute(
            "SELECT document_id FROM seen_files WHERE path = ? AND size = ? AND mtime_ns = ?"
            " AND inode = ?", (os.fsencode(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
        ).fetchone()
        return str(row["document_id"]) if row else None

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one document whose id starts with `prefix` (like git).

        Raises:
            DocumentNotFoundError: no document matches.
            AmbiguousIdError: several do.
        """
        cleaned = prefix.strip().lower()
        if not cleaned or any(c not in "0123456789abcdef" for c in cleaned):
            raise DocumentNotFoundError(f"{prefix!r} is not a document id (hex digits)")
        rows = self._db.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (cleaned, cleaned + "g"),
        ).fetchall()
        if not rows:
            raise DocumentNotFoundError(f"no document with id {prefix}")
        if len(rows) > 1:
            shown = ", ".join(row["id"][:12] for row in rows[:5])
            raise AmbiguousIdError(f"id {prefix} is ambiguous: it matches {shown}…")
        return str(rows[0]["id"])

    def get(self, document_id: str) -> DocumentRecord:
        """The record of the document with this exact id."""
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise DocumentNotFoundError(f"no document with id {document_id}")
        return self._record(row)

    def get_many(self, ids: list[str]) -> dict[str, DocumentRecord]:
        """Records by id, for those ids that are in the catalog."""
        found: dict[str, DocumentRecord] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", chunk):
                found[row["id"]] = self._record(row)
        return found

    def latest_from_url(self, url: str) -> str | None:
        """The document last downloaded from `url`, if any."""
        if not self._has_sources:
            return None
        row = self._db.execute(
            "SELECT document_id FROM sources WHERE url = ? ORDER BY retrieved_at DESC LIMIT 1",
            (url,)).fetchone()
        return row["document_id"] if row else None

    def page_texts(self, document_id: str) -> list[str]:
        """The text of each page of a document, in page order."""
        rows = self._db.execute(
            "SELECT text FROM page_texts WHERE document_id = ? ORDER BY page", (document_id,)
        )
        return [row["text"] for row in rows]

    def select(
        self,
        sort: str = "date",
        reverse: bool = False,
        since: PartialDate | None = None,
        until: PartialDate | None = None,
        language: str | None = None,
        limit: int | None = None,
        all_versions: bool = False,
    ) -> list[DocumentRecord]:
        """Documents filtered by date span overlap and language, in the given order; of a
        document downloaded again with new bytes, only the newest version unless
        `all_versions`."""
        where: list[str] = []
        args: list[Any] = []
        if not all_versions and self._has_sources:
            where.append("id NOT IN (SELECT supersedes FROM versions)")
        if since:
            where.append("date_last >= ?")
            args.append(since.first_day().isoformat())
        if until:
            where.append("date_first <= ?")
            args.append(until.last_day().isoformat())
        if language:
            where.append("language = ?")
            args.append(language.lower())
        order = (REVERSED_SORT_COLUMNS if reverse else SORT_COLUMNS)[sort]
        sql = "SELECT * FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [self._record(row) for row in self._db.execute(sql, args)]

    def ids(self) -> set[str]:
        """The ids of all documents."""
        return {row["id"] for row in self._db.execute("SELECT id FROM documents")}

    def ids_after(self, last_id: str | None) -> Iterator[str]:
        """Document ids in order, after `last_id` (from the first for None)."""
        rows = self._db.execute("SELECT id FROM documents WHERE id > ? ORDER BY id",
                                (last_id or "",)).fetchall()
        return (row["id"] for row in rows)

    def pending_index(self) -> list[tuple[str, str]]:
        """Index work committed to the catalog but not yet applied: (id, action) pairs."""
        rows = self._db.execute("SELECT document_id, action FROM index_queue ORDER BY rowid")
        return [(row["document_id"], row["action"]) for row in rows]

    def _filenames(self, document_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT name FROM filenames WHERE document_id = ? ORDER BY added_at, name",
            (document_id,),
        )
        return [row["name"] for row in rows]

    def _web_origin(self, document_id: str) -> dict[str, Any]:
        """Where a document was downloaded from, and the versions before and after it."""
        if not self._has_sources:
            return {}
        sources = [
            {"url": row["url"], "page_url": row["page_url"], "retrieved_at": row["retrieved_at"],
             "hints": json.loads(row["hints"])}
            for row in self._db.execute(
                "SELECT * FROM sources WHERE document_id = ? ORDER BY retrieved_at",
                (document_id,))]
        older = self._db.execute("SELECT supersedes FROM versions WHERE document_id = ?",
                                 (document_id,)).fetchone()
        newer = self._db.execute("SELECT document_id FROM versions WHERE supersedes = ?",
                                 (document_id,)).fetchone()
        return {"sources": sources, "supersedes": older["supersedes"] if older else None,
                "superseded_by": newer["document_id"] if newer else None}

    def _record(self, row: sqlite3.Row) -> DocumentRecord:
        details: dict[str, Any] = json.loads(row["details"])
        return DocumentRecord(
            id=row["id"],
            title=row["title"],
            title_source=row["title_source"],
            date=PartialDate.parse(row["date"]) if row["date"] else None,
            date_source=row["date_source"],
            date_evidence=row["date_evidence"],
            language=row["language"],
            language_source=row["language_source"],
            language_confidence=row["language_confidence"],
            declared_language=row["declared_language"],
            pages=row["pages"],
            size_bytes=row["size_bytes"],
            author=row["author"],
            needs_ocr=bool(row["needs_ocr"]),
            engine=row["engine"],
            added_at=row["added_at"],
            filenames=self._filenames(row["id"]),
            **self._web_origin(row["id"]),
            languages=[(code, share) for code, share in details.get("languages", [])],
            date_candidates=details.get("date_candidates", []),
            title_candidates=details.get("title_candidates", []),
            info=details.get("info", {}),
            xmp=details.get("xmp", {}),
        )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes; on a read-only directory or medium, SQLite needs to be
    told the database is immutable, since it cannot create its shared-memory file there."""
    quoted = urllib.parse.quote(str(path.resolve()))
    if os.access(path.parent, os.W_OK):
        return sqlite3.connect(f"file:{quoted}?mode=ro", uri=True, isolation_level=None)
    return sqlite3.connect(f"file:{quoted}?immutable=1", uri=True, isolation_level=None)
