"""The catalog: an SQLite database that is the source of truth for every document.

It holds each document's metadata, its text page by page, the names it was added under, and a
queue of index updates that are committed here first and applied to the search index after, so
that the index can always be brought up to date (or rebuilt) from the catalog alone. Its schema
is built by numbered steps (`migrations`); its rows are read in batches, never a query per row.
"""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer import DateRange, PartialDate

from . import migrations, privacy
from .errors import AmbiguousIdError, DocumentNotFoundError, StorageError
from .options import ListQuery
from .records import COLUMN, DETAILS, DocumentRecord, stored_fields, stored_value

# How many rows are read (and their related rows looked up) at once.
BATCH = 500

# The SQL of each order of ListQuery.sort, and of the same order reversed; unknown dates last.
ORDERS = {
    "date": "date IS NULL, date_first DESC, date DESC, added_at DESC",
    "added": "added_at DESC, id",
    "title": "title COLLATE NOCASE ASC, id",
    "size": "size_bytes DESC, id",
}
REVERSED_ORDERS = {
    "date": "date IS NULL, date_first ASC, date ASC, added_at ASC",
    "added": "added_at ASC, id",
    "title": "title COLLATE NOCASE DESC, id",
    "size": "size_bytes ASC, id",
}

_COLUMNS = stored_fields(COLUMN)
_DETAILS = stored_fields(DETAILS)
# Besides its own column, a date is kept as the first and last day it may mean, for ranges.
_INSERT = (f"INSERT INTO documents ({', '.join(_COLUMNS)}, date_first, date_last, details)"
           f" VALUES ({', '.join('?' * (len(_COLUMNS) + 3))})")


class Catalog:
    """The catalog database of one archive.

    Raises (on opening):
        NewerArchiveError: a newer pdfarchive wrote it.
        StorageError: an older pdfarchive wrote it and it cannot be upgraded here.
    """

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if not read_only:
            privacy.make_file(self.path)  # before SQLite creates it, and its journal like it
        self._db = self._open(read_only)
        if read_only and migrations.check_version(self._db, self._name) < migrations.VERSION:
            self._db.close()
            self._upgrade_for_reading()
            self._db = self._open(read_only)
        if not read_only:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            migrations.migrate(self._db, self._name)
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.row_factory = sqlite3.Row

    @property
    def _name(self) -> str:
        return f"the catalog {self.path}"

    def _open(self, read_only: bool) -> sqlite3.Connection:
        if read_only:
            return _connect_read_only(self.path)
        return sqlite3.connect(self.path, isolation_level=None, timeout=60)

    def _upgrade_for_reading(self) -> None:
        """Migrate a catalog an older version wrote before reading it, where it can be
        written; a read-only one cannot be read by this version."""
        if not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK):
            raise StorageError(f"{self._name} was written by an older pdfarchive and is "
                               "read-only here, so it cannot be upgraded to be read")
        db = self._open(False)
        try:
            migrations.migrate(db, self._name)
        finally:
            db.close()

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
        details = {name: stored_value(record, name) for name in _DETAILS}
        self._db.execute(_INSERT, (
            *(stored_value(record, name) for name in _COLUMNS),
            date.first_day().isoformat() if date else None,
            date.last_day().isoformat() if date else None,
            json.dumps(details, ensure_ascii=False),
        ))
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

    def set_setting(self, name: str, value: str) -> None:
        """Set one of the archive's settings (see `setting`)."""
        self._db.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)",
                         (name, value))

    def add_filename(self, document_id: str, name: str, added_at: str) -> None:
        """Remember another name the document was added under (and reindex it if new)."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO filenames (document_id, name, added_at) VALUES (?, ?, ?)",
            (document_id, name, added_at),
        )
        if cursor.rowcount:
            self.queue_index(document_id, "put")

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

    def setting(self, name: str) -> str | None:
        """One of the archive's settings (`engine`: the search engine), None if never set."""
        row = self._db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return str(row["value"]) if row else None

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
        found = self.get_many([document_id])
        if document_id not in found:
            raise DocumentNotFoundError(f"no document with id {document_id}")
        return found[document_id]

    def get_many(self, ids: list[str]) -> dict[str, DocumentRecord]:
        """Records by id, for those ids that are in the catalog."""
        found: dict[str, DocumentRecord] = {}
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            rows = self._db.execute(
                f"SELECT * FROM documents WHERE id IN ({_marks(chunk)})", chunk).fetchall()
            found.update((record.id, record) for record in self._records(rows))
        return found

    def latest_from_url(self, url: str) -> str | None:
        """The document last downloaded from `url`, if any."""
        row = self._db.execute(
            "SELECT document_id FROM sources WHERE url = ? ORDER BY retrieved_at DESC LIMIT 1",
            (url,)).fetchone()
        return row["document_id"] if row else None

    def page_texts(self, document_id: str) -> list[str]:
        """The text of each page of a document, in page order."""
        return self.page_texts_of([document_id])[document_id]

    def select(self, query: ListQuery) -> Iterator[DocumentRecord]:
        """The documents a list asks for (see `ListQuery`), in its order."""
        where, args = self._conditions(query)
        sql = "SELECT * FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {(REVERSED_ORDERS if query.reverse else ORDERS)[query.sort]}"
        if query.limit is not None or query.offset:
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if query.limit is None else query.limit, query.offset]
        for records in self._batches(sql, args):
            yield from records

    def date_counts(self, query: ListQuery, period_length: int) -> list[tuple[str, int]]:
        """How many of the documents a list asks for are dated in each period, as pairs of the
        period's first `period_length` characters of ISO date (4: years, 7: months) and the
        count, oldest first; a document dated less precisely than the period counts under its
        own date (`2017` among the months of 2017), undated ones under "".
        """
        where, args = self._conditions(query)
        sql = f"SELECT coalesce(substr(date, 1, {int(period_length)}), '') AS period, " \
              "count(*) AS n FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._db.execute(sql + " GROUP BY period ORDER BY period", args)
        return [(row["period"], row["n"]) for row in rows]

    @staticmethod
    def _conditions(query: ListQuery) -> tuple[list[str], list[Any]]:
        """The SQL conditions (and their arguments) for the documents a list asks for."""
        where, args = _date_overlap(query.dates)
        if not query.all_versions:
            where.append("id NOT IN (SELECT supersedes FROM versions)")
        if query.language:
            where.append("language = ?")
            args.append(query.language.lower())
        return where, args

    def with_texts_after(self, last_id: str | None) -> Iterator[tuple[DocumentRecord, list[str]]]:
        """Each document after `last_id` (from the first for None) in id order, with the text
        of its pages: what the index is rebuilt from."""
        for records in self._batches("SELECT * FROM documents WHERE id > ? ORDER BY id",
                                     [last_id or ""]):
            texts = self.page_texts_of([record.id for record in records])
            yield from ((record, texts[record.id]) for record in records)

    def ids(self) -> set[str]:
        """The ids of all documents."""
        return {row["id"] for row in self._db.execute("SELECT id FROM documents")}

    def pending_index(self) -> list[tuple[str, str]]:
        """Index work committed to the catalog but not yet applied: (id, action) pairs."""
        rows = self._db.execute("SELECT document_id, action FROM index_queue ORDER BY rowid")
        return [(row["document_id"], row["action"]) for row in rows]

    def _batches(self, sql: str, args: list[Any]) -> Iterator[list[DocumentRecord]]:
        """The records a query of the documents table selects, BATCH at a time."""
        cursor = self._db.execute(sql, args)
        while rows := cursor.fetchmany(BATCH):
            yield self._records(rows)

    def _records(self, rows: list[sqlite3.Row]) -> list[DocumentRecord]:
        """Records of document rows, their names, sources and versions read for all at once."""
        related = self._related([row["id"] for row in rows])
        return [DocumentRecord.from_stored({**dict(row), **json.loads(row["details"]),
                                            **related[row["id"]]}) for row in rows]

    def _related(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The file names, download sources and versions of documents, by document id."""
        related: dict[str, dict[str, Any]] = {
            document_id: {"filenames": [], "sources": [], "supersedes": None,
                          "superseded_by": None} for document_id in ids}
        marks = _marks(ids)
        for row in self._db.execute(
                f"SELECT document_id, name FROM filenames WHERE document_id IN ({marks})"
                " ORDER BY added_at, name", ids):
            related[row["document_id"]]["filenames"].append(row["name"])
        for row in self._db.execute(
                f"SELECT * FROM sources WHERE document_id IN ({marks}) ORDER BY retrieved_at",
                ids):
            related[row["document_id"]]["sources"].append(
                {"url": row["url"], "page_url": row["page_url"],
                 "retrieved_at": row["retrieved_at"], "hints": json.loads(row["hints"])})
        for row in self._db.execute(
                f"SELECT document_id, supersedes FROM versions WHERE document_id IN ({marks})"
                f" OR supersedes IN ({marks})", ids + ids):
            if row["document_id"] in related:
                related[row["document_id"]]["supersedes"] = row["supersedes"]
            if row["supersedes"] in related:
                related[row["supersedes"]]["superseded_by"] = row["document_id"]
        return related

    def page_texts_of(self, ids: list[str]) -> dict[str, list[str]]:
        """The text of each page of several documents, by document id."""
        texts: dict[str, list[str]] = defaultdict(list)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            for row in self._db.execute(
                    f"SELECT document_id, text FROM page_texts WHERE document_id IN"
                    f" ({_marks(chunk)}) ORDER BY document_id, page", chunk):
                texts[row["document_id"]].append(row["text"])
        return texts


def _date_overlap(dates: DateRange) -> tuple[list[str], list[Any]]:
    """The SQL conditions (and their arguments) for a date within `dates` (see `DateRange`)."""
    lowest_last, highest_first = dates.overlap_bounds()
    where: list[str] = []
    args: list[Any] = []
    if lowest_last:
        where.append("date_last >= ?")
        args.append(lowest_last.isoformat())
    if highest_first:
        where.append("date_first <= ?")
        args.append(highest_first.isoformat())
    return where, args


def _marks(items: list[str]) -> str:
    return ",".join("?" * len(items))


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes; on a read-only directory or medium, SQLite needs to be
    told the database is immutable, since it cannot create its shared-memory file there."""
    quoted = urllib.parse.quote(str(path.resolve()))
    if os.access(path.parent, os.W_OK):
        return sqlite3.connect(f"file:{quoted}?mode=ro", uri=True, isolation_level=None)
    return sqlite3.connect(f"file:{quoted}?immutable=1", uri=True, isolation_level=None)
