"""Build a synthetic archive of N documents by bulk-loading real text, then index it.

    python -m benchmarks.make_archive N ARCHIVE [--seed 1] [--engine tantivy|whoosh]

The text comes from the shared corpus (added once to a scratch archive): every synthetic
document is a run of 1 to 3 pages of one corpus document, with a random date at a random
precision. The documents are written straight into the catalog, as `reindex` would find them
(there are no PDF files behind them), and the index is then built with `pdfarchive reindex`,
whose time, speed and peak memory are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from archive import Archive, PartialDate
from archive.records import DocumentRecord, now_utc
from indexer import BACKENDS, DEFAULT_BACKEND
from indexer.backends.whoosh.engine import WhooshBackend, WhooshBatch

from .common import PDFARCHIVE, SHARED_CORPUS, folder_size, mb, run_measured

BATCH = 2_000


def corpus_documents(work: Path) -> list[tuple[list[str], str | None]]:
    """(page texts, language) of every corpus document with text."""
    scratch = work / "corpus-archive"
    with Archive.open(scratch, create=True) as archive:
        for _ in archive.add([SHARED_CORPUS]):
            pass
        return [(archive.catalog.page_texts(r.id), r.language)
                for r in archive.documents() if not r.needs_ocr]


def synthetic_record(number: int, seed: int, pages: list[str], language: str | None,
                     chooser: random.Random) -> DocumentRecord:
    year = chooser.randint(1995, 2025)
    precision = chooser.choice(["year", "month", "day"])
    date = PartialDate(year, chooser.randint(1, 12) if precision != "year" else None,
                       chooser.randint(1, 28) if precision == "day" else None)
    first_line = next((line.strip() for line in pages[0].splitlines() if line.strip()), "")
    return DocumentRecord(
        id=hashlib.sha256(f"synthetic {seed} {number}".encode()).hexdigest(),
        title=f"{first_line[:80]} ({number})", title_source="text",
        date=date, date_source="text", date_evidence="synthetic",
        language=language, language_source="detected", language_confidence=1.0,
        declared_language=None, pages=len(pages),
        size_bytes=sum(len(p.encode()) for p in pages) * 20, author=None, needs_ocr=False,
        engine="pdfium", added_at=now_utc(), filenames=[f"synthetic-{number:06d}.pdf"],
    )


def load(archive_dir: Path, count: int, seed: int,
         sources: list[tuple[list[str], str | None]], engine: str | None = None) -> int:
    """Write `count` synthetic documents into the catalog; returns the bytes of text."""
    chooser = random.Random(seed)
    text_bytes = 0
    with Archive.open(archive_dir, create=True, engine=engine) as archive:
        catalog = archive.catalog
        for start in range(0, count, BATCH):
            with catalog.transaction():
                for number in range(start, min(count, start + BATCH)):
                    pages, language = chooser.choice(sources)
                    first = chooser.randrange(len(pages))
                    run = pages[first:first + chooser.randint(1, 3)]
                    catalog.insert(synthetic_record(number, seed, run, language, chooser), run)
                    text_bytes += sum(len(p.encode()) for p in run)
            print(f"{min(count, start + BATCH)} of {count} documents loaded")
        with catalog.transaction():
            catalog.dequeue_index(catalog.pending_index())
    return text_bytes


def default_writer_rate(archive_dir: Path, sample: int = 2_000) -> tuple[float, float]:
    """Docs/s of Whoosh's default writer and of our rebuild, on the same `sample` documents."""
    with Archive.open(archive_dir) as archive, tempfile.TemporaryDirectory() as temp:
        documents = [record.index_document(texts) for record, texts
                     in itertools.islice(archive.catalog.with_texts_after(None), sample)]
        default = WhooshBackend(Path(temp, "default"))
        default.create()
        started = time.monotonic()
        writer = default._open().writer()
        for document in documents:
            WhooshBatch(writer).put(document)
        writer.commit()
        default_rate = len(documents) / (time.monotonic() - started)
        ours = WhooshBackend(Path(temp, "ours"))
        started = time.monotonic()
        ours.rebuild(lambda last_id: documents if last_id is None else [])
        return default_rate, len(documents) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("count", type=int)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=sorted(BACKENDS), default=DEFAULT_BACKEND)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        sources = corpus_documents(Path(temp))
    text = load(args.archive, args.count, args.seed, sources, args.engine)
    elapsed, peak, result = run_measured([*PDFARCHIVE, "--archive", str(args.archive),
                                          "reindex"])
    print(result.stdout.strip() or result.stderr.strip())
    index = folder_size(args.archive / "index")
    print(f"reindex of {args.count} documents: {elapsed:.1f} s, {args.count / elapsed:.0f} "
          f"docs/s, {text / elapsed / 1e6:.2f} MB of text/s, peak memory {mb(peak)} "
          "(target <= 1 GB)")
    print(f"index {mb(index)} for {mb(text)} of text: {index / text:.2f}x (target <= 1.0x)")
    if args.engine == "whoosh":
        default_rate, our_rate = default_writer_rate(args.archive)
        print(f"on the same 2,000 documents: Whoosh's default writer {default_rate:.0f} "
              f"docs/s, our rebuild {our_rate:.0f} docs/s ({our_rate / default_rate:.2f}x, "
              "target >= 2x)")
    with sqlite3.connect(args.archive / "catalog.sqlite") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


if __name__ == "__main__":
    main()
