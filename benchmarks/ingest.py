"""Ingestion speed and memory, against bare text extraction and (where installed) Recoll.

    python -m benchmarks.ingest CORPUS [--engine tantivy|whoosh] [--bare pdfium,pypdf]

Prints, for the same folder of PDFs in one run: bare text extraction time of each engine with 1
and 2 processes; `pdfarchive add` end to end (time, pages/s, ratio to bare extraction, peak memory
of the whole process tree, index size against text size); a second `add` of the same folder
against the time to read and hash the files once; `add` without OCR (as Recoll reads: no
scanned pages); and `recollindex` on the same folder when it is on the PATH.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import multiprocessing
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from indexer import BACKENDS, DEFAULT_BACKEND

from .common import PDFARCHIVE, folder_size, mb, run_measured


def pdfium_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    count = len(document)
    document.close()
    return count


def pypdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(path)
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def safely(function, path: Path) -> int:  # type: ignore[no-untyped-def]
    try:
        return int(function(path))
    except Exception:
        return 0


def _pdfium(path: Path) -> int:
    return safely(pdfium_pages, path)


def _pypdf(path: Path) -> int:
    return safely(pypdf_pages, path)


def bare_extraction(files: list[Path], engine: str, processes: int) -> tuple[float, int]:
    """Seconds to extract the text of all files, and the pages read."""
    work = {"pdfium": _pdfium, "pypdf": _pypdf}[engine]
    started = time.monotonic()
    with multiprocessing.get_context("forkserver").Pool(processes) as pool:
        pages = sum(pool.map(work, files, chunksize=1))
    return time.monotonic() - started, pages


def read_and_hash(files: list[Path]) -> float:
    started = time.monotonic()
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.monotonic() - started


def text_bytes(archive: Path) -> int:
    with sqlite3.connect(archive / "catalog.sqlite") as db:
        return int(db.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM page_texts"
                              ).fetchone()[0] or 0)


def recoll(corpus: Path, work: Path) -> tuple[float, int] | None:
    """Seconds `recollindex` takes for the folder, with three stemmers as the comparison
    asks, and the size of its Xapian database; None when Recoll or the pdftotext it reads
    PDFs with is not installed (Debian: `apt-get install recoll poppler-utils`)."""
    if not shutil.which("recollindex") or not shutil.which("pdftotext"):
        return None
    config = work / "recoll"
    config.mkdir()
    (config / "recoll.conf").write_text(
        f"topdirs = {corpus}\nindexstemminglanguages = english german french\n")
    started = time.monotonic()
    subprocess.run(["recollindex", "-c", str(config)], capture_output=True, check=False)
    return time.monotonic() - started, folder_size(config / "xapiandb")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--engine", choices=sorted(BACKENDS), default=DEFAULT_BACKEND,
                        help="the search engine of the archive added to")
    parser.add_argument("--bare", default="pdfium,pypdf",
                        help="the text engines whose bare extraction is timed (comma-separated)")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix.lower() == ".pdf")
    print(f"corpus: {len(files)} PDFs, {mb(sum(p.stat().st_size for p in files))}")

    bare: dict[tuple[str, int], float] = {}
    for engine in args.bare.split(","):
        for processes in (1, 2):
            seconds, pages = bare_extraction(files, engine, processes)
            bare[engine, processes] = seconds
            print(f"bare extraction  {engine:<6} {processes} process(es): {seconds:7.1f} s  "
                  f"{pages / seconds:6.0f} pages/s")

    with tempfile.TemporaryDirectory() as temp:
        archive = Path(temp, "archive")
        elapsed, peak, result = run_measured([*PDFARCHIVE, "-q", "--archive", str(archive),
                                              "add", "--engine", args.engine, str(args.corpus)])
        summary = result.stdout.strip().splitlines()[-1]
        with sqlite3.connect(archive / "catalog.sqlite") as db:
            pages = int(db.execute("SELECT SUM(pages) FROM documents").fetchone()[0] or 0)
        print(f"pdfarchive add ({args.engine}) end to end: {elapsed:7.1f} s  "
              f"{pages / elapsed:6.0f} pages/s  ({summary})")
        print(f"  ratio to bare PDFium on 2 processes: {elapsed / bare['pdfium', 2]:.2f}x "
              "(target <= 1.5x)")
        print(f"  peak memory of the process tree: {mb(peak)} (target <= 400 MB)")
        index, text = folder_size(archive / "index"), text_bytes(archive)
        print(f"  index {mb(index)} for {mb(text)} of text: {index / max(1, text):.2f}x "
              "(target <= 1.0x)")

        again, _, _ = run_measured([*PDFARCHIVE, "-q", "--archive", str(archive), "add",
                                    str(args.corpus)])
        hashing = read_and_hash(files)
        print(f"second add of the same folder: {again:.1f} s; reading and hashing the files "
              f"once: {hashing:.1f} s ({again / hashing:.2f}x, target <= 1.0x)")

        # Recoll reads no scanned page: `add` without OCR reads what it reads.
        unread, _, result = run_measured([*PDFARCHIVE, "-q", "--archive", str(Path(temp, "b")),
                                          "add", "--ocr-time", "0", "--engine", args.engine,
                                          str(args.corpus)])
        print(f"pdfarchive add --ocr-time 0 (no OCR of scanned pages): {unread:.1f} s  "
              f"{pages / unread:.0f} pages/s  ({result.stdout.strip().splitlines()[-1]}); "
              f"ratio to bare PDFium on 2 processes: {unread / bare['pdfium', 2]:.2f}x")

        recolled = recoll(args.corpus, Path(temp))
        if recolled is None:
            print("recollindex or pdftotext: not on the PATH, not compared")
        else:
            seconds, database = recolled
            ours = folder_size(archive / "index") + (archive / "catalog.sqlite").stat().st_size
            print(f"recollindex: {seconds:.1f} s {pages / seconds:.0f} pages/s; "
                  f"pdfarchive/recoll pages/s ratio: {seconds / elapsed:.2f}x, without OCR "
                  f"{seconds / unread:.2f}x (target >= 1.0x)")
            print(f"  Xapian database {mb(database)}; our catalog and index {mb(ours)} "
                  f"({ours / max(1, database):.2f}x, target <= 1.0x)")


if __name__ == "__main__":
    main()
