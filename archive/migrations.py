"""The catalog's schema, as the numbered steps that built it.

The catalog records in `PRAGMA user_version` how many steps it has had. Opening a catalog applies
the steps it lacks, each in its own transaction; a catalog with more steps than this version of
pdfarchive knows was written by a newer one and is refused, never guessed at. A step is never
changed once released: a change of the schema is a new step at the end.

Archives written before the schema was numbered have version 0 and some of the tables; the first
steps therefore create only what is missing.
"""

from __future__ import annotations

import sqlite3

from .errors import NewerArchiveError, StorageError

STEPS: tuple[tuple[str, ...], ...] = (
    # 1: documents, their text, their file names, and the queue of index work.
    (
        """CREATE TABLE IF NOT EXISTS documents (
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
        )""",
        """CREATE TABLE IF NOT EXISTS page_texts (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (document_id, page)
        )""",
        """CREATE TABLE IF NOT EXISTS filenames (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (document_id, name)
        )""",
        """CREATE TABLE IF NOT EXISTS index_queue (
            document_id TEXT PRIMARY KEY,
            action TEXT NOT NULL CHECK (action IN ('put', 'delete'))
        )""",
        "CREATE INDEX IF NOT EXISTS documents_by_date ON documents(date_first, date_last)",
    ),
    # 2: files seen before, so that adding them again costs a stat, not a read.
    (
        """CREATE TABLE IF NOT EXISTS seen_files (
            path BLOB PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            document_id TEXT NOT NULL
        )""",
    ),
    # 3: the newest documents first without sorting the whole catalog (`list --limit`).
    (
        """CREATE INDEX IF NOT EXISTS documents_newest_first
            ON documents(date IS NULL, date_first DESC, date DESC, added_at DESC)""",
    ),
    # 4: where documents were downloaded from, and newer versions from the same URL.
    (
        """CREATE TABLE IF NOT EXISTS sources (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            page_url TEXT,
            retrieved_at TEXT NOT NULL,
            hints TEXT NOT NULL,
            PRIMARY KEY (document_id, url)
        )""",
        "CREATE INDEX IF NOT EXISTS sources_by_url ON sources(url, retrieved_at)",
        """CREATE TABLE IF NOT EXISTS versions (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            supersedes TEXT NOT NULL
        )""",
    ),
    # 5: settings of the whole archive (which search engine its index is written by).
    (
        "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
VERSION = len(STEPS)


def version_of(db: sqlite3.Connection) -> int:
    """How many steps the catalog has had."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def check_version(db: sqlite3.Connection, name: str) -> int:
    """The catalog's version, which this pdfarchive can read (it may need migrating).

    Raises:
        NewerArchiveError: a newer pdfarchive wrote it.
    """
    version = version_of(db)
    if version > VERSION:
        raise NewerArchiveError(
            f"{name} was written by a newer pdfarchive (catalog version {version}; this one "
            f"knows up to {VERSION}): upgrade pdfarchive to use it")
    return version


def migrate(db: sqlite3.Connection, name: str) -> list[int]:
    """Apply the steps the catalog lacks, each in a transaction; returns their numbers.

    Raises:
        NewerArchiveError: a newer pdfarchive wrote the catalog.
        StorageError: a step could not be applied (the catalog stays at the step before).
    """
    applied = []
    while (version := check_version(db, name)) < VERSION:
        try:
            db.execute("BEGIN IMMEDIATE")
            if version_of(db) == version:  # not done by another process meanwhile
                for statement in STEPS[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
                applied.append(version + 1)
            db.execute("COMMIT")
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StorageError(f"cannot upgrade {name} to catalog version {version + 1}: "
                               f"{error}") from error
    return applied
