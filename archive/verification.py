"""`verify`: does every stored file match its hash, do catalog and index agree, is the archive
private? And `verify --repair`: mend what can be mended, never deleting a document's bytes.

Checking never writes: index work an interrupted process left queued is reported (the next
command that changes the archive applies it), not applied.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from indexer import IndexCorruptError, PdfError

from . import privacy
from .records import DocumentRecord, now_utc

if TYPE_CHECKING:
    from .archive import Archive


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found in an archive of `documents` whose index `engine` writes: problems
    make it fail; warnings, notes and repairs inform."""

    documents: int
    engine: str
    problems: list[str]
    notes: list[str]
    repairs: list[str]
    warnings: list[str]


def check(archive: Archive) -> VerifyReport:
    """What is wrong with the archive, changing nothing."""
    problems, notes = _check_files(archive)
    index_problems, index_notes = _check_index(archive)
    return VerifyReport(len(archive.catalog.ids()), archive.engine, problems + index_problems,
                        notes + index_notes, [], _check_modes(archive))


def repair(archive: Archive) -> VerifyReport:
    """Mend the archive, then check it: a file whose bytes changed moves to `quarantine/`, a
    stored file the catalog lost is added back, the index is rebuilt from the catalog and modes
    that let others in are tightened."""
    with archive.lock.held():
        repairs = _repair_files(archive)
        archive.reindex()
        repairs.append("rebuilt the search index from the catalog")
        tightened = privacy.tighten(archive.root, archive.files.root)
        if tightened:
            repairs.append(f"made {len(tightened)} files and folders private to their owner "
                           f"(folders {privacy.PRIVATE_DIR:o}, files {privacy.PRIVATE_FILE:o}, "
                           f"stored PDFs {privacy.STORED_FILE:o})")
        report = check(archive)
    return replace(report, repairs=repairs)


def _check_files(archive: Archive) -> tuple[list[str], list[str]]:
    problems, notes = [], []
    catalog_ids, files = archive.catalog.ids(), archive.files
    for document_id in sorted(catalog_ids):
        if not files.has(document_id):
            problems.append(f"{document_id}: stored file is missing (add the original file "
                            "again to restore it)")
        elif files.hash_of(document_id) != document_id:
            problems.append(f"{document_id}: stored file has changed (hash differs; "
                            "`verify --repair` moves it to quarantine/)")
    for document_id in sorted(set(files.ids()) - catalog_ids):
        notes.append(f"{document_id}: stored file is not in the catalog (left by an "
                     "interrupted add; `verify --repair` adds it back)")
    return problems, notes


def _check_index(archive: Archive) -> tuple[list[str], list[str]]:
    """Disagreements of index and catalog; documents with queued index work are noted, not
    counted, since the next writer applies that work."""
    pending = archive.catalog.pending_index()
    notes = [f"{len(pending)} index updates an interrupted command left are pending; the next "
             "command that changes the archive applies them"] if pending else []
    try:
        index_ids = archive.index.ids()
    except IndexCorruptError as error:
        return [str(error)], notes
    waiting = {document_id for document_id, _ in pending}
    catalog_ids = archive.catalog.ids()
    problems = [f"{document_id}: in the catalog but not in the search index"
                for document_id in sorted(catalog_ids - index_ids - waiting)]
    problems += [f"{document_id}: in the search index but not in the catalog"
                 for document_id in sorted(index_ids - catalog_ids - waiting)]
    return problems, notes


def _check_modes(archive: Archive) -> list[str]:
    loose = privacy.loose_paths(archive.root, archive.files.root)
    if not loose:
        return []
    shown = ", ".join(str(path) for path in loose[:3]) + (" …" if len(loose) > 3 else "")
    return [f"{len(loose)} files and folders of the archive can be read or changed by other "
            f"users ({shown}); `verify --repair` makes them private"]


def _repair_files(archive: Archive) -> list[str]:
    """Quarantine altered files and adopt stored files the catalog lost (under the lock)."""
    repairs = []
    catalog_ids, files = archive.catalog.ids(), archive.files
    for document_id in sorted(catalog_ids):
        if files.has(document_id) and files.hash_of(document_id) != document_id:
            moved = files.quarantine(document_id, archive.root / "quarantine")
            repairs.append(f"{document_id}: bytes changed on disk; moved to {moved} (add "
                           "the original file again to restore it)")
    for document_id in sorted(set(files.ids()) - catalog_ids):
        repairs.append(_adopt(archive, document_id))
    return repairs


def _adopt(archive: Archive, document_id: str) -> str:
    """Add a stored file that has no catalog entry back to the catalog."""
    from indexer import extract  # only a repair reads PDFs here

    files = archive.files
    path = files.path_for(document_id)
    if files.hash_of(document_id) != document_id:
        moved = files.quarantine(document_id, archive.root / "quarantine")
        return f"{document_id}: stored file not in the catalog and altered; moved to {moved}"
    try:
        extraction = extract(path.read_bytes(), path.name)
    except PdfError as error:
        moved = files.quarantine(document_id, archive.root / "quarantine")
        return f"{document_id}: stored file not in the catalog and unreadable " \
               f"({error.reason}); moved to {moved}"
    record = DocumentRecord.from_extraction(document_id, extraction, path.name, now_utc())
    with archive.change() as change:
        change.catalog.insert(record, extraction.page_texts)
    return f"{document_id}: stored file was not in the catalog; added back"
