"""Build a scale corpus of N real-content PDFs from the shared corpus.

    python -m benchmarks.make_corpus N OUT [--seed 1] [--max-pages 8]

Every output PDF is made of 1 to --max-pages pages taken at random from the readable PDFs of
../shared/corpus (split into pages and recombined with pypdf), so the text, fonts and layouts are
real and every file is different. The same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from indexer.pdf import open_pdf

from .common import SHARED_CORPUS


def source_pages(corpus: Path) -> list[tuple[PdfReader, int]]:
    """(reader, page index) for every page of the corpus's ordinary text PDFs."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    pages: list[tuple[PdfReader, int]] = []
    for entry in manifest:
        if entry["kind"] in ("text", "form") and not entry["password"] and entry["pages"]:
            reader = open_pdf((corpus / entry["file"]).read_bytes()).reader  # cut files too
            if reader.is_encrypted:
                continue
            pages.extend((reader, index) for index in range(len(reader.pages)))
    return pages


def make_corpus(count: int, out: Path, seed: int = 1, max_pages: int = 8) -> int:
    """Write `count` PDFs into `out`; returns the number of pages written."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    out.mkdir(parents=True, exist_ok=True)
    pages = source_pages(SHARED_CORPUS)
    chooser = random.Random(seed)
    total = 0
    for number in range(count):
        writer = PdfWriter()
        for reader, index in chooser.sample(pages, chooser.randint(1, max_pages)):
            writer.add_page(reader.pages[index])
        writer.add_metadata({"/Title": f"Scale document {number}"})
        buffer = io.BytesIO()
        writer.write(buffer)
        (out / f"doc-{number:06d}.pdf").write_bytes(buffer.getvalue())
        total += len(writer.pages)
        if number % 100 == 99:
            print(f"{number + 1} of {count} files", file=sys.stderr)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-pages", type=int, default=8)
    args = parser.parse_args()
    pages = make_corpus(args.count, args.out, args.seed, args.max_pages)
    print(f"wrote {args.count} PDFs with {pages} pages to {args.out}")


if __name__ == "__main__":
    main()
